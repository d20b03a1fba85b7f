"""The revision counter behind "no lost updates"."""

import pytest

from submissions.concurrency import (
    StaleEdit,
    bump_revision,
    claim_revision,
    current_revision,
    parse_revision,
)


def test_two_saves_loaded_at_the_same_revision_only_one_wins(cast):
    m = cast.milestone
    assert current_revision(m, "risks") == 0
    assert claim_revision(m, "risks", 0, cast.lead) == 1
    with pytest.raises(StaleEdit) as stale:
        claim_revision(m, "risks", 0, cast.admin)
    assert stale.value.revision.updated_by == cast.lead
    assert "Lena Lead saved this form after you opened it" in stale.value.message
    assert current_revision(m, "risks") == 1


def test_sections_are_independent(cast):
    claim_revision(cast.milestone, "risks", 0, cast.lead)
    assert claim_revision(cast.milestone, "process", 0, cast.admin) == 1


def test_bump_moves_on_so_older_forms_become_stale(cast):
    assert bump_revision(cast.milestone, "response:1", cast.lead) == 1
    with pytest.raises(StaleEdit):
        claim_revision(cast.milestone, "response:1", 0, cast.lead)


@pytest.mark.parametrize(("posted", "expected"), [("3", 3), ("-2", 0), ("x", 0), (None, 0)])
def test_parse_revision(posted, expected):
    data = {} if posted is None else {"revision": posted}
    assert parse_revision(data) == expected
