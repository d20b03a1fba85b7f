"""``links.link`` is ``reverse``, remembered: the same URL for the same name and
arguments, under the script prefix and URL configuration of the moment."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from practices.links import link


@pytest.mark.parametrize(
    ("name", "args", "kwargs"),
    [
        ("practices:list", (), {}),
        ("practices:detail", (7,), {}),
        ("assessments:consensus", (3, "A1"), {}),
        ("submissions:milestone", (), {"pk": 12}),
    ],
)
def test_a_link_is_what_reverse_gives(name, args, kwargs):
    expected = reverse(name, args=args or None, kwargs=kwargs or None)
    assert link(name, *args, **kwargs) == expected
    assert link(name, *args, **kwargs) == expected  # from memory now


def test_links_follow_the_script_prefix():
    assert link("practices:detail", 7) == "/practices/7/"
    set_script_prefix("/portal/")
    try:
        assert link("practices:detail", 7) == "/portal/practices/7/"
    finally:
        set_script_prefix("/")
    assert link("practices:detail", 7) == "/practices/7/"


def test_a_link_that_does_not_exist_still_fails():
    for _ in range(2):
        with pytest.raises(NoReverseMatch):
            link("practices:detail", "not a number")
