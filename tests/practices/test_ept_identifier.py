"""The practice's EPT identifier: kept by administrators, printed on the deliverable."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from practices.models import Practice


def _details(practice, **changes):
    data = {
        "name": practice.name,
        "organisation_type": practice.organisation_type,
        "size_band": practice.size_band,
        "county": practice.county,
        "address": practice.address,
    }
    return {**data, **changes}


def test_administrator_sets_the_ept_identifier(cast, login):
    response = login(cast.admin).post(
        reverse("practices:edit", args=[cast.practice.pk]),
        _details(cast.practice, ept_id="EPT-0042"),
        follow=True,
    )
    cast.practice.refresh_from_db()
    assert cast.practice.ept_id == "EPT-0042"
    assert "EPT identifier EPT-0042" in response.content.decode()


def test_the_lead_sees_the_identifier_but_cannot_edit_it(cast, login):
    Practice.objects.filter(pk=cast.practice.pk).update(ept_id="EPT-0042")
    client = login(cast.lead)
    page = client.get(reverse("practices:detail", args=[cast.practice.pk])).content.decode()
    assert "EPT identifier EPT-0042" in page
    response = client.post(
        reverse("practices:edit", args=[cast.practice.pk]),
        _details(cast.practice, ept_id="EPT-9999"),
    )
    assert response.status_code == 404
    cast.practice.refresh_from_db()
    assert cast.practice.ept_id == "EPT-0042"


def test_an_identifier_with_spaces_or_symbols_is_refused_and_kept_in_the_form(cast, login):
    response = login(cast.admin).post(
        reverse("practices:edit", args=[cast.practice.pk]),
        _details(cast.practice, ept_id="EPT 42/b", county="Typed county"),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Use letters, digits and hyphens only" in body
    assert 'value="EPT 42/b"' in body
    assert 'value="Typed county"' in body
    cast.practice.refresh_from_db()
    assert cast.practice.ept_id == ""


def test_two_practices_cannot_share_an_identifier(cast, login):
    Practice.objects.filter(pk=cast.other_practice.pk).update(ept_id="EPT-0042")
    response = login(cast.admin).post(
        reverse("practices:edit", args=[cast.practice.pk]),
        _details(cast.practice, ept_id="EPT-0042"),
    )
    assert "Another practice already has this EPT identifier." in response.content.decode()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Practice.objects.filter(pk=cast.practice.pk).update(ept_id="EPT-0042")


def test_many_practices_may_have_no_identifier_yet(cast):
    Practice.objects.update(ept_id="")
    assert Practice.objects.filter(ept_id="").count() >= 2


def test_the_practice_list_shows_and_finds_the_identifier(cast, login):
    Practice.objects.filter(pk=cast.practice.pk).update(ept_id="EPT-0042")
    response = login(cast.admin).get(reverse("practices:list"), {"q": "ept-0042"})
    body = response.content.decode()
    assert "EPT-0042" in body
    assert cast.practice.name in body
    assert cast.other_practice.name not in body
