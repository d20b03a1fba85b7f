"""The results chart: an SVG drawn on the server from plain data, served at a URL that
names a hash of its data, and kept in the cache under that hash."""

import re
from unittest import mock

from django.urls import reverse

from assessments import chart
from assessments.models import ConsensusScore
from tests.assessments.answering import answer

ROWS = [
    ("Leadership, Governance, and Legal", 2.25, 3),
    ("Operations", 1.5, 2),
    ("Data, Analytics, and Technology", 0.75, 1),
    ("Financial", 3.0, 5),
    ("Payer and Partner Relations", 0.0, 0),
]


def test_chart_is_an_svg_with_every_domain_and_both_scales():
    svg = chart.domain_chart_svg(ROWS)
    assert svg.startswith("<?xml") and "<svg" in svg
    for name in ["Leadership, Governance,", "Operations", "Payer and Partner", "Financial"]:
        assert name in svg
    assert "Mean consensus score (0-3)" in svg and "Suggested maturity (0-5)" in svg
    assert ">2.2<" in svg or ">2.3<" in svg  # the bar's value label


def test_same_data_draws_the_same_bytes():
    assert chart.domain_chart_svg(ROWS) == chart.domain_chart_svg(list(ROWS))
    assert chart.domain_chart_svg(ROWS) != chart.domain_chart_svg(ROWS[:4])


def test_digest_is_the_same_for_the_same_data_only():
    assert chart.chart_digest(ROWS) == chart.chart_digest([tuple(row) for row in ROWS])
    assert chart.chart_digest(ROWS) != chart.chart_digest(ROWS[:4])
    assert len(chart.chart_digest(ROWS)) == 64


def test_alt_text_reads_out_the_numbers():
    alt = chart.domain_chart_alt(ROWS)
    assert "Operations: mean consensus 1.5 of 3, suggested maturity 2 of 5" in alt


def chart_src(client, milestone):
    """The chart's URL as the results page shows it."""
    page = client.get(reverse("assessments:results", args=[milestone.pk])).content.decode()
    return re.search(r'<img class="img-fluid vapcat-chart" src="([^"]+)"', page).group(1)


def test_no_answers_no_chart_and_no_zeros(cast, login):
    page = login(cast.lead).get(reverse("assessments:results", args=[cast.milestone.pk]))
    page = page.content.decode()
    assert "vapcat-chart" not in page
    assert "No respondent has submitted answers yet, so there are no results" in page
    assert "Suggested maturity: 0" not in page and "0.0" not in page
    assert "level-counts" not in page  # no table of zeros per domain either
    assert page.count("No answers yet in this domain, so there is no suggested maturity.") == 5


def test_a_domain_with_nothing_scored_is_labelled_so_in_the_chart():
    rows = [("Operations", None, None), ("Financial", 1.5, 2)]
    assert ">no answers yet<" in chart.domain_chart_svg(rows)
    assert "Operations: no answers yet; Financial: mean consensus 1.5" in chart.domain_chart_alt(
        rows
    )


def test_chart_url_names_a_hash_of_its_data(cast, login):
    client = login(cast.lead)
    answer(cast.milestone, cast.respondent, [1])
    src = chart_src(client, cast.milestone)
    assert re.fullmatch(rf"/milestones/{cast.milestone.pk}/vapcat/chart/[0-9a-f]{{64}}\.svg", src)
    assert chart_src(login(cast.coach), cast.milestone) == src  # same data, same URL

    answer(cast.milestone, cast.lead, [3])
    changed = chart_src(client, cast.milestone)
    assert changed != src

    ConsensusScore.objects.create(
        milestone=cast.milestone,
        item=cast.instrument.domains.get(code="A").items.get(code="A1"),
        score=0,
        note="We agreed.",
    )
    assert chart_src(client, cast.milestone) not in (src, changed)


def test_chart_is_drawn_once_per_data_and_may_be_kept_by_the_browser(cast, login):
    client = login(cast.coach)
    answer(cast.milestone, cast.respondent, [1])
    with mock.patch("assessments.chart.domain_chart_svg", wraps=chart.domain_chart_svg) as draw:
        src = chart_src(client, cast.milestone)
        assert draw.call_count == 0  # the page only names the picture
        first, second = client.get(src), client.get(src)
        assert draw.call_count == 1
        assert first["Content-Type"] == "image/svg+xml"
        assert first["Cache-Control"] == "private, max-age=86400"
        assert first.content == second.content and b"<svg" in first.content

        answer(cast.milestone, cast.lead, [3])
        third = client.get(chart_src(client, cast.milestone))
        assert draw.call_count == 2
        assert third.content != first.content
    # What it was drawn from: the domains' names, mean consensus and suggested maturity.
    # Answers 1 and 3 make every consensus 2: mean 2.0, every item partial, so maturity 2.
    assert draw.call_args.args[0][0] == ("Leadership, Governance, and Legal", 2.0, 2)


def test_chart_of_data_that_changed_since_is_404(cast, login):
    client = login(cast.lead)
    answer(cast.milestone, cast.respondent, [1])
    src = chart_src(client, cast.milestone)
    answer(cast.milestone, cast.lead, [3])
    assert client.get(src).status_code == 404
    assert client.get(chart_src(client, cast.milestone)).status_code == 200


def test_lead_of_another_practice_gets_404_for_the_chart(cast, login):
    answer(cast.milestone, cast.respondent, [1])
    src = chart_src(login(cast.lead), cast.milestone)
    for user in (cast.other_lead, cast.other_coach, cast.respondent):
        assert login(user).get(src).status_code == 404
    assert login(cast.admin).get(src).status_code == 200
