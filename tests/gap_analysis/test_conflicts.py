"""No lost updates: two leads save the same form; the second is refused, keeps what it
typed and sees what is stored now."""

import re
from html import unescape

from django.test import Client
from django.urls import reverse

from gap_analysis.models import Capability, DomainRating
from tests.gap_analysis.conftest import capability_data, rating_data

CONFLICT = "saved this form after you opened it"


def two_leads(cast):
    first, second = Client(), Client()
    first.force_login(cast.lead)
    second.force_login(cast.admin)
    return first, second


def test_two_saves_of_the_gap_analysis_keep_the_first(cast):
    first, second = two_leads(cast)
    url = reverse("gap_analysis:edit", args=[cast.milestone.pk])
    first.get(url)
    second.get(url)
    loaded = rating_data(cast)  # both loaded at the same revision
    first_data = {**loaded, "rating-A-current_state": "First lead's words."}
    second_data = {**loaded, "rating-A-current_state": "Second lead's words."}
    assert first.post(url, first_data).status_code == 302
    response = second.post(url, second_data)
    html = response.content.decode()
    assert response.status_code == 409
    assert CONFLICT in html and "Your changes were not saved" in html
    assert "Second lead's words." in unescape(html)  # still in the form
    assert "<dt>Leadership, Governance, and Legal · current state</dt>" in html
    assert "First lead's words." in unescape(html)  # what is stored now
    stored = DomainRating.objects.get(milestone=cast.milestone, domain__code="A")
    assert stored.current_state == "First lead's words."
    # Saving again from the refused form (now at the new revision) is deliberate and wins.
    revision = re.search(r'name="revision" value="(\d+)"', html).group(1)
    assert second.post(url, {**second_data, "revision": revision}).status_code == 302
    stored.refresh_from_db()
    assert stored.current_state == "Second lead's words."


def test_two_saves_of_the_capabilities_keep_the_first(cast, make_capability):
    make_capability(1, "Quality dashboards")
    first, second = two_leads(cast)
    url = reverse("gap_analysis:capabilities", args=[cast.milestone.pk])
    capabilities = list(Capability.objects.filter(milestone=cast.milestone))
    first_data = capability_data(cast.milestone, capabilities, {1: {"name": "Cost dashboards"}})
    second_data = capability_data(cast.milestone, capabilities, {1: {"name": "Care dashboards"}})
    assert first.post(url, first_data).status_code == 302
    response = second.post(url, second_data)
    html = response.content.decode()
    assert response.status_code == 409
    assert CONFLICT in html
    assert 'value="Care dashboards"' in html
    assert '<dt>Capability 1 · specific capability</dt><dd class="text-pre">Cost dashboards' in html
    assert Capability.objects.get(milestone=cast.milestone).name == "Cost dashboards"


def test_removing_after_someone_else_saved_is_refused(cast, make_capability):
    make_capability(1, "Quality dashboards")
    first, second = two_leads(cast)
    remove_url = reverse("gap_analysis:capability_remove", args=[cast.milestone.pk, 1])
    page = second.get(remove_url).content.decode()
    revision = re.search(r'name="revision" value="(\d+)"', page).group(1)
    url = reverse("gap_analysis:capabilities", args=[cast.milestone.pk])
    capabilities = list(Capability.objects.filter(milestone=cast.milestone))
    first.post(url, capability_data(cast.milestone, capabilities, {1: {"name": "Renamed"}}))
    response = second.post(remove_url, {"revision": revision})
    assert response.status_code == 409
    assert CONFLICT in unescape(response.content.decode())
    assert Capability.objects.get(milestone=cast.milestone).name == "Renamed"


def test_a_refused_stale_save_is_not_logged_as_a_problem(cast, caplog):
    """A 409 is the product working as designed; other client errors are still logged."""
    first, second = two_leads(cast)
    url = reverse("gap_analysis:edit", args=[cast.milestone.pk])
    loaded = rating_data(cast)
    first.post(url, {**loaded, "rating-A-current_state": "First."})
    with caplog.at_level("WARNING", logger="django.request"):
        assert second.post(url, {**loaded, "rating-A-current_state": "Second."}).status_code == 409
        assert second.get("/milestones/999999/").status_code == 404
    logged = [r.getMessage() for r in caplog.records if r.name == "django.request"]
    assert not any(m.startswith("Conflict") for m in logged)
    assert any(m.startswith("Not Found") for m in logged)
