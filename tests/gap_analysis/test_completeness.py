"""Part B's rules and their messages, as the task list and the completeness check see them."""

import re

from django.urls import reverse

from gap_analysis import completeness
from gap_analysis.models import Capability, DomainRating
from submissions.completeness import unmet_rules


def messages_of(milestone):
    return [problem.message for problem in completeness.part(milestone).problems]


def test_an_empty_row_lists_each_missing_field(cast):
    messages = messages_of(cast.milestone)
    assert "Operations: describe the current state." in messages
    assert "Operations: choose a VBP domain maturity (0-5)." in messages
    assert "Operations: list the specific capability gaps." in messages
    assert "Operations: choose a priority for action." in messages
    assert "Operations: give the rationale for the priority." in messages
    assert len([m for m in messages if m.startswith("Operations:")]) == 5


def test_five_complete_rows_leave_only_the_capability_rules(cast, complete_rows):
    complete_rows()
    assert messages_of(cast.milestone) == ["You have 0 capabilities; exactly 3 are required."]


def test_a_maturity_of_zero_counts_as_chosen(cast, complete_rows):
    complete_rows(maturity=0)
    assert not [m for m in messages_of(cast.milestone) if "maturity" in m]


def test_two_capabilities_are_incomplete(cast, complete_rows, make_capability):
    complete_rows()
    make_capability(1, "Quality dashboards")
    make_capability(2, "Contract negotiation")
    assert messages_of(cast.milestone) == ["You have 2 capabilities; exactly 3 are required."]


def test_one_capability_is_named_in_the_singular(cast, make_capability):
    make_capability(1, "Quality dashboards")
    assert "You have 1 capability; exactly 3 are required." in messages_of(cast.milestone)


def test_three_different_complete_capabilities_complete_part_b(
    cast, complete_rows, make_capability
):
    complete_rows()
    make_capability(1, "Quality dashboards")
    make_capability(2, "Contract negotiation", domain_code="B")
    make_capability(3, "Reserves policy", domain_code="D")
    part = completeness.part(cast.milestone)
    assert part.problems == []
    assert part.status == "complete"


def test_capabilities_differing_only_in_case_and_spacing_are_the_same(cast, make_capability):
    make_capability(1, "Quality dashboards")
    make_capability(2, "  quality   DASHBOARDS ")
    make_capability(3, "Reserves policy")
    assert (
        "Capability 2 is the same as capability 1; the three capabilities must all be different."
        in messages_of(cast.milestone)
    )


def test_a_capability_differing_only_by_a_trailing_full_stop_is_the_same(cast, make_capability):
    make_capability(1, "Quality dashboards")
    make_capability(2, "Quality dashboards.")
    make_capability(3, "Quality\u200b dashboards")
    messages = messages_of(cast.milestone)
    assert (
        "Capability 2 is the same as capability 1; the three capabilities must all be different."
        in (messages)
    )
    assert (
        "Capability 3 is the same as capability 1; the three capabilities must all be different."
        in (messages)
    )


def test_a_rationale_of_one_zero_width_space_is_empty(cast, complete_rows):
    complete_rows()
    DomainRating.objects.filter(milestone=cast.milestone, domain__code="B").update(
        rationale="\u200b"
    )
    assert "Operations: give the rationale for the priority." in messages_of(cast.milestone)


def test_an_empty_capability_lists_what_it_needs(cast):
    Capability.objects.create(milestone=cast.milestone, position=2)
    messages = messages_of(cast.milestone)
    assert "Capability 2: choose its domain." in messages
    assert "Capability 2: name the specific capability." in messages
    assert "Capability 2: say why it is a priority." in messages
    assert (
        "Capability 2: choose whether it is built internally or provided by a partner." in messages
    )


def test_a_partner_capability_needs_the_partner_type(cast, make_capability):
    make_capability(1, "Care management", delivery="partner")
    assert "Capability 1: choose the type of partner." in messages_of(cast.milestone)


def test_an_other_partner_needs_its_name(cast, make_capability):
    make_capability(1, "Care management", delivery="partner", partner_type="other")
    assert "Capability 1: name the partner." in messages_of(cast.milestone)


def test_a_named_partner_type_needs_no_name(cast, make_capability):
    make_capability(1, "Care management", delivery="partner", partner_type="ipa")
    assert not [m for m in messages_of(cast.milestone) if m.startswith("Capability 1")]


def test_a_partner_name_typed_for_an_internal_capability_is_ignored(cast, make_capability):
    make_capability(1, "Care management", delivery="internal", partner_name="Someone")
    assert not [m for m in messages_of(cast.milestone) if m.startswith("Capability 1")]


def test_part_b_feeds_the_milestone_completeness_check(cast, make_capability):
    make_capability(1, "Quality dashboards")
    messages = [problem.message for problem in unmet_rules(cast.milestone)]
    assert "You have 1 capability; exactly 3 are required." in messages
    assert "Financial: describe the current state." in messages


def test_every_problem_links_to_a_real_element_of_its_page(cast, login, make_capability):
    Capability.objects.create(milestone=cast.milestone, position=1)
    make_capability(2, "Care management", delivery="partner")
    make_capability(3, "Other help", delivery="partner", partner_type="other")
    client = login(cast.lead)
    pages = {}
    for problem in completeness.part(cast.milestone).problems:
        path, anchor = problem.url.split("#")
        if path not in pages:
            pages[path] = client.get(path).content.decode()
        assert re.search(rf'id="{re.escape(anchor)}"', pages[path]), problem
    assert set(pages) == {
        reverse("gap_analysis:edit", args=[cast.milestone.pk]),
        reverse("gap_analysis:capabilities", args=[cast.milestone.pk]),
    }


# Warnings: shown, never blocking -----------------------------------------------------------


def test_a_maturity_one_away_from_the_suggestion_is_not_warned():
    assert completeness.maturity_warning(3, 2) is None
    assert completeness.maturity_warning(1, 2) is None
    assert completeness.maturity_warning(2, 2) is None


def test_a_maturity_two_or_more_away_from_the_suggestion_is_warned():
    expected = (
        "This is 2 or more away from the maturity your VaPCAT results suggest (2). "
        "Please explain why in the rationale."
    )
    assert completeness.maturity_warning(4, 2) == expected
    assert completeness.maturity_warning(0, 2) == expected
    assert completeness.maturity_warning(5, 0) is not None


def test_no_maturity_warning_without_a_choice_or_a_suggestion():
    assert completeness.maturity_warning(None, 2) is None
    assert completeness.maturity_warning(4, None) is None


def test_warnings_do_not_block_submission(cast, complete_rows, make_capability, set_scores):
    set_scores({"A1": 0, "A2": 0, "A3": 0, "A4": 0})  # suggests 0
    complete_rows(maturity=5)
    DomainRating.objects.filter(milestone=cast.milestone, domain__code="C").update(priority="low")
    make_capability(1, "Quality dashboards", domain_code="C")
    make_capability(2, "Contract negotiation", domain_code="B")
    make_capability(3, "Reserves policy", domain_code="D")
    # Both warnings apply, yet part B has no unmet rule, so it never holds up submission.
    ratings = {r.domain_id: r for r in cast.milestone.domain_ratings.select_related("domain")}
    capability = cast.milestone.capabilities.get(position=1)
    assert completeness.low_priority_warning(capability, ratings) is not None
    assert completeness.maturity_warning(5, 0) is not None
    assert completeness.part(cast.milestone).problems == []


def test_a_capability_from_a_low_priority_domain_is_warned(cast, make_capability):
    ratings = {r.domain_id: r for r in cast.milestone.domain_ratings.select_related("domain")}
    financial = next(r for r in ratings.values() if r.domain.code == "D")
    financial.priority = "low"
    capability = make_capability(1, "Reserves policy", domain_code="D")
    assert completeness.low_priority_warning(capability, ratings) == (
        "Capability 1 comes from Financial, which your gap analysis rates low priority for "
        "action. Check that this is the capability you mean to build, or revisit the priority."
    )
    financial.priority = "medium"
    assert completeness.low_priority_warning(capability, ratings) is None


def test_milestone_level_warnings_link_to_their_fields(cast, set_scores, make_capability):
    set_scores({"A1": 0, "A2": 0, "A3": 0, "A4": 1})  # suggests 1
    DomainRating.objects.filter(milestone=cast.milestone, domain__code="A").update(maturity=3)
    DomainRating.objects.filter(milestone=cast.milestone, domain__code="B").update(
        maturity=5,
        priority="low",  # no VaPCAT results for B: no maturity warning
    )
    make_capability(2, "Staff education", domain_code="B")
    found = completeness.warnings(cast.milestone)
    edit = reverse("gap_analysis:edit", args=[cast.milestone.pk])
    capabilities = reverse("gap_analysis:capabilities", args=[cast.milestone.pk])
    assert [(w.message.split(" ")[0], w.url) for w in found] == [
        ("Leadership,", f"{edit}#id_rating-A-maturity"),
        ("Capability", f"{capabilities}#id_capability-2-domain"),
    ]
    assert "suggest (1)" in found[0].message


def test_a_saved_maturity_alone_starts_part_b(cast):
    assert completeness.part(cast.milestone).status == "not started"
    DomainRating.objects.filter(milestone=cast.milestone, domain__code="A").update(maturity=0)
    assert completeness.part(cast.milestone).status == "in progress"
