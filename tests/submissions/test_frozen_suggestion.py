"""Submitted snapshots keep the suggested maturity they were frozen with (rule 2 reads
drafts; a snapshot frozen under an earlier rule still shows its own figure)."""

from django.urls import reverse

from submissions import lifecycle
from submissions.models import Snapshot
from tests.factories import complete_milestone


def test_a_frozen_snapshot_shows_the_suggestion_it_was_frozen_with(cast, login):
    complete_milestone(cast.milestone, cast.respondent)
    milestone = lifecycle.milestone_submit(cast.milestone, cast.lead)
    snapshot = Snapshot.objects.get(milestone=milestone)
    frozen = snapshot.content["gap_analysis"]["rows"][0]["suggested_maturity"]
    # As if frozen under the earlier rule, which read this domain differently.
    earlier = 4 if frozen != 4 else 3
    content = snapshot.content
    content["gap_analysis"]["rows"][0]["suggested_maturity"] = earlier
    content["vapcat"]["domains"][0]["suggested_maturity"] = earlier
    Snapshot.objects.filter(pk=snapshot.pk).update(content=content)

    page = login(cast.coach).get(reverse("submissions:review", args=[milestone.pk]))
    text = " ".join(page.content.decode().split())
    assert f"(suggested by the VaPCAT: {earlier})" in text
