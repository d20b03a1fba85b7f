"""What the portal sends a signed-in person is kept by no cache (a shared proxy or the
browser's): ``Cache-Control: private, no-store`` on pages and PDFs. The results chart
says how it may be kept and keeps that; static files are not touched."""

import re

from django.urls import reverse

from tests.assessments.answering import answer


def directives(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def test_a_page_for_a_signed_in_person_is_not_stored(cast, login):
    response = login(cast.lead).get(cast.milestone.get_absolute_url())
    assert response.status_code == 200
    assert directives(response) == {"private", "no-store"}


def test_a_pdf_is_not_stored(cast, login):
    response = login(cast.lead).get(reverse("submissions:draft_pdf", args=[cast.milestone.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert directives(response) == {"private", "no-store"}


def test_the_results_chart_keeps_its_own_cache_header(cast, login):
    answer(cast.milestone, cast.respondent, [1])  # no chart before the first answers
    client = login(cast.lead)
    page = client.get(reverse("assessments:results", args=[cast.milestone.pk])).content.decode()
    chart = re.search(r'src="([^"]+\.svg)"', page).group(1)
    response = client.get(chart)
    assert response.status_code == 200
    assert "no-store" not in directives(response)
    assert "private" in directives(response)
    assert any(d.startswith("max-age=") and d != "max-age=0" for d in directives(response))


def test_a_static_file_is_not_marked(cast, login, settings):
    # Served from the source folders, as in development (no collectstatic in the tests).
    settings.WHITENOISE_USE_FINDERS = settings.WHITENOISE_AUTOREFRESH = True
    response = login(cast.lead).get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in directives(response)


def test_healthz_for_nobody_signed_in_is_not_marked(client, db):
    assert "no-store" not in directives(client.get("/healthz"))
