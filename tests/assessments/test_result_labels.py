"""Each consensus note on the results page names its item: a screen reader's list of
fields reads "... for A1", "... for A2", never the same label 20 times."""

import re

from django.urls import reverse

from tests import factories


def test_each_consensus_note_names_its_item(cast, login):
    factories.answer_all(cast.milestone, cast.respondent)
    url = reverse("assessments:results", args=[cast.milestone.pk])
    html = login(cast.lead).get(url).content.decode()
    labels = re.findall(r">\s*Note: why the practice settled on this score for (\w+)", html)
    codes = list(cast.milestone.instrument.domains.values_list("items__code", flat=True))
    assert sorted(labels) == sorted(codes)
