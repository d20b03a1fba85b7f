"""The template's own words where practices act (seed 000), read from each page.

Each sentence is written here as the template prints it, not taken from the module the
pages use, so a page that rewords or cuts one fails.
"""

import html
import re

import pytest
from django.urls import reverse

from tests.action_plans.conftest import make_capability
from tests.assessments.answering import answer

DESCRIPTION = (
    "Conduct an assessment of value-based payment (VBP) readiness, identify gaps, and develop "
    "an action plan to improve readiness for VBP."
)
NOT_REQUIRED = "Entering into a new VBP contract is not required to meet this milestone."
ASTERISK_RULE = [
    "Different VBP models require different organizational capabilities.",
    "VaPCAT items marked with an asterisk (*) are most relevant to large practices or "
    "Accountable Care Entities (ACE) participating in advanced VBP models.",
    "Thus, not all capabilities included within the VaPCAT are relevant for all EPT practices.",
    "This means that while practices will respond to all questions in the VaPCAT, smaller "
    "practices and clinics are more likely to have gaps in items with an asterisk and may not "
    "choose to prioritize these items for capability-building work reflected in the action "
    "plan.",
]
ACE_FOOTNOTE = (
    "An ACE is a provider-led entity that enables primary care practices to take "
    "accountability for total cost of care and quality under value-based payment "
    "arrangements, while providing shared infrastructure (e.g., analytics, care management, "
    "contracting support) to help practices succeed."
)
SECTION_B_PARTNERS = (
    "Some capabilities may be built internally, and others may be accessed through external "
    "organizations such as a Medi-Cal managed care plan (MCP), a backbone organization (e.g., "
    "accountable care organization), an Independent Practice Association (IPA), or a Health "
    "Center Controlled Network (HCCN)."
)
APPENDIX_1 = [
    "Appendix 1. Foundation Capabilities For VBP Readiness",
    "Appendix 1 is intended to aid EPT practices in understanding foundational capabilities "
    "that support VBP readiness as well as identifying improvements to their current state.",
    "Examples are sourced from “Building Bridges to Value: Infrastructure Essentials for "
    "Community Health Centers” and the EPT February 2026 Value Based Payment Learning "
    "Community.",
]
SECTION_C = "C. Develop an Action Plan to Improve Readiness for VBP"
COMPONENTS = [
    "Briefly describe the capability you want to build or refine and how this will improve "
    "your success with participating in a VBP model.",
    "List a minimum of 3 steps your practice will engage in to build, refine or contract for "
    "this capability. For each activity, indicate the month/year you expect to complete the "
    "activity.",
    "Describe at least two key decisions you expect your practice will need to make to make "
    "progress on your improvement opportunity (e.g., building internally vs. working with a "
    "partner; allocating reserve funds; defining performance benchmarks).",
    "Describe at least one structural change you expect you’ll need to make (e.g., "
    "governance, staffing, contracting, workflow redesign).",
    "Which staff will be responsible for managing this process?",
    "What other key staff will be involved?",
    "How will you engage leadership?",
    "What do you need from leadership to be successful?",
    "For each improvement opportunity, provide at least 1 specific and measurable indicator "
    "of progress you will use.",
]
RISK_QUESTIONS = [
    "1. Identify the two most likely implementation risks and describe why you think you are "
    "likely to encounter them.",
    "2. For each risk, provide at least one mitigation strategy.",
]


def page_text(response):
    assert response.status_code == 200
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def read(client, name, *args):
    return page_text(client.get(reverse(name, args=args)))


@pytest.mark.parametrize("sentence", [DESCRIPTION, NOT_REQUIRED])
def test_the_milestone_page_opens_with_the_description(cast, login, sentence):
    text = page_text(login(cast.lead).get(cast.milestone.get_absolute_url()))
    assert sentence in text
    assert text.index("Milestone description") < text.index("Tasks")


@pytest.mark.parametrize("sentence", [*ASTERISK_RULE, ACE_FOOTNOTE])
@pytest.mark.parametrize(
    ("who", "page"),
    [
        ("respondent", "assessments:overview"),
        ("lead", "assessments:results"),
        ("lead", "gap_analysis:edit"),
        ("lead", "gap_analysis:capabilities"),
    ],
)
def test_the_asterisk_rule_is_whole_wherever_starred_items_appear(cast, login, who, page, sentence):
    answer(cast.milestone, cast.respondent, [1], submit=page != "assessments:overview")
    assert sentence in read(login(getattr(cast, who)), page, cast.milestone.pk)


def test_the_respondents_read_only_answers_carry_the_asterisk_rule(cast, login):
    answer(cast.milestone, cast.respondent, [1])
    text = read(login(cast.respondent), "assessments:overview", cast.milestone.pk)
    assert ASTERISK_RULE[-1] in text and ACE_FOOTNOTE in text


def test_section_b_introduction_names_the_partners(cast, login):
    assert SECTION_B_PARTNERS in read(login(cast.lead), "gap_analysis:edit", cast.milestone.pk)


@pytest.mark.parametrize("sentence", APPENDIX_1)
@pytest.mark.parametrize("page", ["gap_analysis:edit", "gap_analysis:capabilities"])
def test_appendix_1_comes_with_its_introduction_and_sources(cast, login, page, sentence):
    assert sentence in read(login(cast.lead), page, cast.milestone.pk)


def test_the_partner_choice_names_the_backbone_organization(cast, login):
    make_capability(cast.milestone, position=1)
    text = read(login(cast.lead), "gap_analysis:capabilities", cast.milestone.pk)
    assert "Backbone organization (e.g., accountable care organization)" in text


@pytest.mark.parametrize("sentence", [SECTION_C, *COMPONENTS])
def test_each_action_plan_component_has_the_templates_definition(cast, login, sentence):
    make_capability(cast.milestone, position=1)
    assert sentence in read(login(cast.lead), "action_plans:capability", cast.milestone.pk, 1)


def test_read_only_plan_asks_the_staffing_and_leadership_questions(cast, login):
    make_capability(cast.milestone, position=1)
    text = read(login(cast.coach), "action_plans:capability", cast.milestone.pk, 1)
    for question in COMPONENTS[4:8]:
        assert question in text


@pytest.mark.parametrize("sentence", [SECTION_C, *RISK_QUESTIONS])
def test_the_risks_page_asks_the_templates_two_questions(cast, login, sentence):
    assert sentence in read(login(cast.lead), "action_plans:risks", cast.milestone.pk)


def test_the_action_plan_opens_with_the_section_c_heading(cast, login):
    text = read(login(cast.lead), "action_plans:process", cast.milestone.pk)
    assert SECTION_C in text
    assert "The action plan describes what will be involved in improving the three" in text


def test_the_practice_form_explains_ace_in_the_templates_words(cast, login):
    text = read(login(cast.admin), "practices:edit", cast.practice.pk)
    assert ACE_FOOTNOTE in text
