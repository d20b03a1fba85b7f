"""The results chart: an SVG drawn on the server from plain data, served at its own URL
and cached by a hash of its data."""

from unittest import mock

from django.urls import reverse

from assessments import chart
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


def test_alt_text_reads_out_the_numbers():
    alt = chart.domain_chart_alt(ROWS)
    assert "Operations: mean consensus 1.5 of 3, suggested maturity 2 of 5" in alt


def chart_url(milestone):
    return reverse("assessments:chart", args=[milestone.pk])


def test_chart_url_serves_svg_drawn_once_per_data(cast, login):
    client = login(cast.coach)
    with mock.patch("assessments.views.domain_chart_svg", wraps=chart.domain_chart_svg) as draw:
        first = client.get(chart_url(cast.milestone))
        second = client.get(chart_url(cast.milestone))
        assert draw.call_count == 1
        assert first["Content-Type"] == "image/svg+xml"
        assert first.content == second.content and b"<svg" in first.content

        answer(cast.milestone, cast.respondent, [3])
        third = client.get(chart_url(cast.milestone))
        assert draw.call_count == 2
        assert third.content != first.content
    # What it was drawn from: the domains' names, mean consensus and suggested maturity.
    assert draw.call_args.args[0][0] == ("Leadership, Governance, and Legal", 3.0, 5)


def test_chart_of_the_current_data_may_be_kept_by_the_browser(cast, login):
    client = login(cast.lead)
    page = client.get(reverse("assessments:results", args=[cast.milestone.pk])).content.decode()
    src = page.split('class="img-fluid vapcat-chart" src="')[1].split('"')[0]
    assert client.get(src)["Cache-Control"] == "private, max-age=86400"
    assert client.get(chart_url(cast.milestone))["Cache-Control"] == "private, no-cache"
