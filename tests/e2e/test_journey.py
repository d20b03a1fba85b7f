"""The whole VBP milestone in a real browser, as the people who use it would take it.

Only what exists before anyone opens the portal is made directly: the two cycles, the
VaPCAT v1 instrument file, the administrator and the coach's account. Everything else
is done through the pages, each field found by its label: the administrator creates the
practice and invites its lead; the lead accepts the e-mailed invitation, starts the
milestone and invites a respondent; the respondent answers all 35 items and submits;
the lead settles a consensus score, fills the gap analysis, the three capabilities, the
process summary and the three plans (meeting "at least 3 activities" on the way), the
risks, and submits; the coach comments and requests changes; the lead addresses the
comment and resubmits; the coach sees what changed and accepts; the administrator
downloads the PDF, whose text is checked.

On the way each page type is checked by ``auditor`` (axe-core, labels, 390 px) and
photographed at 1280 px and 390 px into ``test-artifacts/screenshots/``.
"""

import io
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from assessments.instruments import instrument_load
from submissions.models import MilestoneSubmission
from tests import factories
from tests.e2e.people import (
    NEW_PASSWORD,
    accept_invitation,
    click_and_wait,
    follow,
    invitation_path,
    log_in,
    says,
)

pytestmark = pytest.mark.browser

INSTRUMENT = Path(__file__).resolve().parents[2] / "fixtures" / "instruments" / "vapcat-v1.yaml"
PRACTICE = "Cedar Valley Family Clinic"
LEAD = "maya.lead@cedarvalley.test"
RESPONDENT = "omar.finance@cedarvalley.test"
ADMIN = "ada@program.test"
COACH = "cora@program.test"

CAPABILITIES = [
    # (domain, specific capability, why, delivery, partner type)
    (
        "Data, Analytics, and Technology",
        "Monthly care-gap reports from our EHR",
        "We cannot see which patients miss screenings until the plan's report arrives.",
        "Provided by a partner",
        "Health Center Controlled Network (HCCN)",
    ),
    (
        "Financial",
        "Cost of care per patient by payer",
        "We do not know what each contract costs us to deliver.",
        "Built internally",
        None,
    ),
    (
        "Payer and Partner Relations",
        "A standing meeting with our largest Medi-Cal plan",
        "Contract terms are set without our data in the room.",
        "Built internally",
        None,
    ),
]

# Each respondent answer, by the scale's words; B1 gets "Don't know", so the lead has an
# item to settle on the results page.
ANSWERS = [
    "2 · Partially in place",
    "1 · Minimal components in place",
    "3 · Area of strength",
    "0 · Not in place",
]
DONT_KNOW_ITEM = "B1"


@pytest.fixture
def program(transactional_db):
    """What the program team has set up before the practice arrives."""
    factories.make_cycles()
    instrument_load(INSTRUMENT)
    factories.make_user(ADMIN, full_name="Ada Administrator", is_staff=True)
    factories.make_user(COACH, full_name="Cora Coach", is_coach=True)


def test_a_milestone_from_invitation_to_the_accepted_pdf(program, open_page, auditor, mailoutbox):
    admin = open_page()
    administrator_sets_up_the_practice(admin, auditor)

    lead = open_page()
    lead_accepts_the_invitation_and_starts(lead, auditor, mailoutbox)
    lead_invites_a_respondent(lead, auditor)

    respondent = open_page()
    respondent_answers_the_vapcat(respondent, auditor, mailoutbox)

    lead_settles_a_consensus_score(lead, auditor)
    lead_fills_the_gap_analysis(lead, auditor)
    lead_chooses_three_capabilities(lead, auditor)
    lead_writes_the_process_summary(lead, auditor)
    lead_writes_the_three_plans(lead, auditor)
    lead_names_the_risks(lead, auditor)
    lead_submits(lead, auditor, version=1)

    coach = open_page()
    coach_comments_and_requests_changes(coach, auditor)
    lead_addresses_the_comment_and_resubmits(lead, auditor)
    coach_sees_what_changed_and_accepts(coach, auditor)
    pdf = administrator_downloads_the_pdf(admin, auditor)

    text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split()
    )
    assert PRACTICE in text
    # The action plan's columns are narrow: a line may break after any hyphen or space.
    squashed = "".join(text.split())
    for typed in (
        CAPABILITIES[0][1],
        "Pilot the HCCN's care-gap report with one care team",
        "chaired by our medical director",  # version 2, as accepted
    ):
        assert "".join(typed.split()) in squashed, typed
    milestone = MilestoneSubmission.objects.get(practice__name=PRACTICE)
    assert (milestone.status, milestone.version) == ("accepted", 2)
    told = [m.subject for m in mailoutbox]
    assert f"{PRACTICE} submitted version 2 of its VBP milestone" in told
    assert f"Changes requested on {PRACTICE}'s VBP milestone" in told
    assert f"{PRACTICE}'s VBP milestone was accepted" in told
    auditor.assert_clean(pages=[admin, lead, respondent, coach])


# --- the administrator ----------------------------------------------------------------


def administrator_sets_up_the_practice(page, auditor):
    page.goto("/")
    auditor.look(page, "login")
    log_in(page, ADMIN)
    says(page, "Practices")
    auditor.look(page, "practice-list")

    follow(page, "New practice")
    page.get_by_label("Name").fill(PRACTICE)
    page.get_by_label("Organisation type").select_option(label="Independent practice")
    page.get_by_label("Size").select_option(label="Small (1-5 clinicians)")
    page.get_by_label("County").fill("Tulare")
    auditor.look(page, "practice-form")
    click_and_wait(page, page.get_by_role("button", name="Save"))
    says(page, f"{PRACTICE} was created. Invite its lead next.")

    page.get_by_label("E-mail address").fill(LEAD)
    page.get_by_label("Role").select_option(label="Practice lead")
    click_and_wait(page, page.get_by_role("button", name="Send the invitation"))
    says(page, f"An invitation was sent to {LEAD}.")
    # The coach has an account already: inviting her assigns her to the practice at once.
    page.get_by_label("E-mail address").fill(COACH)
    page.get_by_label("Role").select_option(label="Coach")
    click_and_wait(page, page.get_by_role("button", name="Send the invitation"))
    says(page, f"{COACH} already has an account; they now have access as coach.")
    auditor.look(page, "people-and-invitations")


def administrator_downloads_the_pdf(page, auditor):
    follow(page, "Practices", first=True)
    follow(page, PRACTICE)
    says(page, "Accepted")
    auditor.look(page, "practice-detail")
    follow(page, "Open the milestone")
    auditor.look(page, "milestone-accepted")
    follow(page, "History of every change")
    auditor.look(page, "history")
    page.go_back()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the submitted PDF (version 2)").click()
    return Path(download.value.path()).read_bytes()


# --- the practice lead ----------------------------------------------------------------


def lead_accepts_the_invitation_and_starts(page, auditor, mailoutbox):
    page.goto(invitation_path(mailoutbox, LEAD))
    auditor.look(page, "accept-invitation")
    accept_invitation(page, "Maya Lead")
    # One practice and no milestone yet: the lead lands on the practice's page.
    expect(page.get_by_role("heading", level=1)).to_have_text(PRACTICE)
    click_and_wait(page, page.get_by_role("button", name="Start the milestone for May 2026"))
    says(page, "The VBP milestone for May 2026 was started.")
    auditor.look(page, "milestone")


def lead_invites_a_respondent(page, auditor):
    follow(page, "VaPCAT self-assessment")
    follow(page, "Invite respondents", first=True)
    page.get_by_label("E-mail address of the respondent").fill(RESPONDENT)
    click_and_wait(page, page.get_by_role("button", name="Send the invitation"))
    says(page, f"An invitation was sent to {RESPONDENT}.")
    auditor.look(page, "vapcat-respondents")


def lead_settles_a_consensus_score(page, auditor):
    go_to_milestone(page)
    follow(page, "VaPCAT self-assessment")
    says(page, "1 person has submitted their answers")
    auditor.look(page, "vapcat-results")
    follow(page, "Invite respondents or reopen answers")
    follow(page, "View answers of Omar Finance")
    says(page, "Omar Finance")
    auditor.look(page, "vapcat-response")
    follow(page, "Results and consensus")
    settle = page.locator(f"#settle-{DONT_KNOW_ITEM}")
    settle.get_by_label(f"Consensus score for {DONT_KNOW_ITEM}").select_option(
        label="1 · Minimal components in place"
    )
    settle.get_by_label("Note: why the practice settled on this score").fill(
        "Our billing lead says the workflow exists on paper only."
    )
    click_and_wait(
        page, settle.get_by_role("button", name=f"Save the consensus for {DONT_KNOW_ITEM}")
    )
    says(page, f"The consensus score of {DONT_KNOW_ITEM} is now 1.")


def lead_fills_the_gap_analysis(page, auditor):
    go_to_milestone(page)
    follow(page, "Gap analysis")
    for code in "ABCDE":
        row = page.locator(f"#row-{code}")
        row.get_by_label("Current state").fill(f"What domain {code} has in place today.")
        row.get_by_label("Specific capability gaps").fill(f"The gaps of domain {code}.")
        row.get_by_label("Priority for action").select_option("high" if code in "CDE" else "medium")
        row.get_by_label("Rationale").fill(f"Why domain {code} matters to us now.")
    auditor.look(page, "gap-analysis")
    click_and_wait(page, page.get_by_role("button", name="Save", exact=True))
    says(page, "Your gap analysis was saved.")
    says(page, "Everything on this page is complete.")


def lead_chooses_three_capabilities(page, auditor):
    follow(page, "Go to the three capabilities")
    click_and_wait(page, page.get_by_role("button", name="Add a capability"))
    for position, (domain, name, why, delivery, partner) in enumerate(CAPABILITIES, start=1):
        card = page.locator(f"#capability-{position}")
        card.get_by_label("Domain").select_option(label=domain)
        card.get_by_label("Specific capability").fill(name)
        card.get_by_label("Why this is a priority for your practice").fill(why)
        card.get_by_label(delivery).check()
        if partner:
            card.get_by_label("Type of partner").select_option(label=partner)
        if position < 3:
            click_and_wait(page, page.get_by_role("button", name="Save and add a capability"))
            says(page, f"Capability {position + 1} was added; fill it in below.")
    auditor.look(page, "capabilities")
    click_and_wait(page, page.get_by_role("button", name="Save", exact=True))
    says(page, "Your capabilities were saved.")
    says(page, "Everything on this page is complete.")


def lead_writes_the_process_summary(page, auditor):
    go_to_milestone(page)
    follow(page, "Action plan")
    page.get_by_label("(a) Overview of activities and approach").fill(
        "Three leadership meetings turned the VaPCAT results into this plan."
    )
    page.get_by_label("(b) Leadership and staff involved").fill(
        "The medical director, the office manager and our billing lead."
    )
    page.get_by_label("(c) Alignment with other priorities").fill(
        "It builds on our population health management milestone."
    )
    auditor.look(page, "action-plan-process")
    click_and_wait(page, page.get_by_role("button", name="Save draft"))
    says(page, "The process summary was saved.")


PLANS = {
    1: [
        ("Sign the data-sharing agreement with the HCCN", "March", "2026"),
        ("Pilot the HCCN's care-gap report with one care team", "June", "2026"),
        ("Roll the report out to every care team", "October", "2026"),
    ],
    2: [
        ("List what each payer contract pays", "April", "2026"),
        ("Cost our visits by type", "July", "2026"),
        ("Compare cost and payment per patient", "November", "2026"),
    ],
    3: [
        ("Ask the plan for a quarterly meeting", "February", "2026"),
        ("Prepare our quality data for the first meeting", "May", "2026"),
        ("Review the contract terms together", "September", "2026"),
    ],
}


def lead_writes_the_three_plans(page, auditor):
    for position, activities in PLANS.items():
        follow(page.get_by_role("navigation", name="Pages of part C"), f"Capability {position}")
        page.get_by_label("Goals").fill(f"Capability {position} makes our VBP contracts pay.")
        # Capability 1 is saved with two activities first: the page says what is missing.
        first = activities[:2] if position == 1 else activities
        for n, activity in enumerate(first):
            fill_activity(page.locator(f"#activities-{n}"), activity)
        for n in range(2):
            page.locator(f"#key_decisions-{n}").get_by_label("Description").fill(
                f"Decision {n + 1} for capability {position}"
            )
        change = page.locator("#structural_changes-0")
        change.get_by_label("Kind of change").select_option(label="Workflow redesign")
        change.get_by_label("Description").fill("A weekly huddle reviews the care-gap list.")
        page.get_by_label("Which staff will be responsible for managing this process?").fill(
            "Lee Park, office manager"
        )
        page.get_by_label("What other key staff will be involved?").fill("Two medical assistants.")
        page.get_by_label("How will you engage leadership?").fill("A monthly report to the owners.")
        page.get_by_label("What do you need from leadership to be successful?").fill(
            "Two hours a week of staff time."
        )
        indicator = page.locator("#indicators-0")
        indicator.get_by_label("Indicator", exact=True).fill(f"Indicator of capability {position}")
        indicator.get_by_label("How it is measured or verified").fill(
            "From the monthly EHR report."
        )
        indicator.get_by_label("Baseline (numeric, optional)").fill("40")
        indicator.get_by_label("Target (numeric)", exact=True).fill("75")
        indicator.get_by_label("Unit (numeric)").fill("%")
        indicator.get_by_label("Target month").select_option(label="December")
        indicator.get_by_label("Target year").fill("2027")
        if position == 1:
            auditor.look(page, "action-plan-capability")
        click_and_wait(page, page.get_by_role("button", name="Save draft").first)
        says(page, f"Capability {position}'s action plan was saved.")
        if position == 1:
            says(page, "Capability 1 has 2 activities; at least 3 are required.")
            page.get_by_role("button", name="Add another activity").click()
            fill_activity(page.locator("#activities-3"), activities[2])
            click_and_wait(page, page.get_by_role("button", name="Save draft").first)
            says(page, "Capability 1's action plan was saved.")
        says(page, "What is saved on this page meets every rule of the template.")


def fill_activity(row, activity):
    description, month, year = activity
    row.get_by_label("Description").fill(description)
    row.get_by_label("Target month").select_option(label=month)
    row.get_by_label("Target year").fill(year)


def lead_names_the_risks(page, auditor):
    follow(page.get_by_role("navigation", name="Pages of part C"), "Risks")
    for position in (1, 2):
        risk = page.locator(f"#risk-{position}")
        risk.get_by_label("The risk").fill(f"Risk {position}: the report arrives late.")
        risk.get_by_label("Why it is likely").fill("It happened twice last year.")
        risk.locator(f"#risk-{position}-mitigations-0").get_by_label("Description").fill(
            "Agree a delivery date in the data-sharing agreement."
        )
    auditor.look(page, "action-plan-risks")
    click_and_wait(page, page.get_by_role("button", name="Save draft").first)
    says(page, "The risks and mitigations were saved.")


def lead_submits(page, auditor, version):
    go_to_milestone(page)
    if version == 1:
        says(page, "Every part is complete. Check your answers, then submit.")
    follow(page, "Check and submit")
    if version == 1:
        auditor.look(page, "check-and-submit")
    page.get_by_label("I confirm that the content of this milestone is accurate").check()
    page.get_by_label("Your password (as your electronic signature)").fill(NEW_PASSWORD)
    click_and_wait(page, page.get_by_role("button", name=f"Sign and submit version {version}"))
    says(page, f"Version {version} was submitted. Your coach has been told.")
    if version == 1:
        auditor.look(page, "milestone-submitted")


def lead_addresses_the_comment_and_resubmits(page, auditor):
    go_to_milestone(page)
    says(page, "Changes requested")
    says(page, "Say who chairs the three meetings.")
    auditor.look(page, "milestone-changes-requested")
    follow(page, "Action plan", first=True)
    comments = page.get_by_role("complementary", name="Coach's comments")
    expect(comments).to_contain_text("Say who chairs the three meetings.")
    click_and_wait(page, comments.get_by_role("button", name="Mark as addressed"))
    says(page, "The comment is marked as addressed.")
    page.get_by_label("(a) Overview of activities and approach").fill(
        "Three leadership meetings, chaired by our medical director, turned the VaPCAT "
        "results into this plan."
    )
    click_and_wait(page, page.get_by_role("button", name="Save draft"))
    says(page, "The process summary was saved.")
    lead_submits(page, auditor, version=2)


# --- the respondent ---------------------------------------------------------------------


def respondent_answers_the_vapcat(page, auditor, mailoutbox):
    page.goto(invitation_path(mailoutbox, RESPONDENT))
    accept_invitation(page, "Omar Finance")
    auditor.look(page, "milestone-respondent")
    follow(page, "Start your questionnaire")
    auditor.look(page, "vapcat-questionnaire")
    items = page.locator("fieldset[data-item]")
    assert items.count() == 35
    for n in range(35):
        item = items.nth(n)
        code = item.get_attribute("data-item")
        answer = "Don't know" if code == DONT_KNOW_ITEM else ANSWERS[n % len(ANSWERS)]
        item.get_by_label(answer, exact=True).check()
    expect(page.locator('[data-progress="all"]')).to_have_text("35")
    click_and_wait(page, page.get_by_role("button", name="Submit my answers"))
    says(page, "Your answers were submitted. Thank you.")


# --- the coach --------------------------------------------------------------------------


def coach_comments_and_requests_changes(page, auditor):
    log_in(page, COACH)
    says(page, "Practices you coach")
    auditor.look(page, "coaching")
    follow(page, "Review queue")
    auditor.look(page, "review-queue")
    follow(page, f"Review {PRACTICE}")
    follow(page.locator("#section-process"), "Comment on this section")
    page.get_by_label("Comment*", exact=True).fill("Say who chairs the three meetings.")
    auditor.look(page, "review")
    click_and_wait(page, page.get_by_role("button", name="Add the comment"))
    says(page, "Your comment was added.")
    click_and_wait(page, page.get_by_role("button", name="Request changes"))
    says(page, "Changes were requested; the practice has been told.")


def coach_sees_what_changed_and_accepts(page, auditor):
    follow(page, "Review queue")
    follow(page, f"Review {PRACTICE}")
    changes = page.get_by_role("region", name="What changed since version 1")
    expect(changes).to_contain_text("chaired by our medical director")
    auditor.look(page, "review-changes")
    click_and_wait(page, page.get_by_role("button", name="Accept version 2"))
    says(page, "The milestone was accepted.")


def go_to_milestone(page):
    """The portal's name in the top bar takes a lead to their open milestone."""
    follow(page, "EPT VBP Milestone Portal")
    expect(page.get_by_role("heading", level=1)).to_have_text("Value-Based Payment milestone")
