"""Every URL pattern that accepts a POST is fuzzed: a new form without an entry in
``tests/fuzz/forms.py`` fails here. And every other page, and every URL given ids
beyond any database's integers, answers a junk POST without a 500."""

import inspect

import pytest
from django.db import transaction
from django.urls import reverse

from tests.fuzz.forms import FORMS
from tests.fuzz.harness import attempt, fingerprint, signed_in_client
from tests.test_access_matrix import MATRIX, url_patterns


def accepts_post(view):
    """A class-based view with ``post``; a function view whose source (decorators
    included) handles POST: ``request.method == "POST"``, ``request.POST``, ``require_POST``."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post")
    return "POST" in inspect.getsource(inspect.unwrap(view))


def test_every_url_that_accepts_a_post_is_fuzzed():
    posting = {name for name, view, _ in url_patterns() if accepts_post(view)}
    assert posting - FORMS.keys() == set(), "add these forms to tests/fuzz/forms.py"
    assert FORMS.keys() - posting == set(), "these entries of FORMS name no POST-accepting URL"


def test_the_coverage_check_sees_function_and_class_views():
    views = {name: view for name, view, _ in url_patterns()}
    assert accepts_post(views["action_plans:risks"])  # request.method == "POST"
    assert accepts_post(views["submissions:accept"])  # @require_POST
    assert accepts_post(views["accounts:password_change"])  # a FormView
    assert not accepts_post(views["submissions:history"])
    assert not accepts_post(views["accounts:password_reset_done"])  # a TemplateView


JUNK_POST = {
    "note": "\x00" + "😀" * 1000,
    "revision": "9" * 40,
    "next": "//evil.example/",
    "TOTAL_FORMS": "-1",
    "csrfmiddlewaretoken": "x",
}
PAGES = sorted(name for name in MATRIX if name not in FORMS)


class _Page:
    """A page that is not a form, posted to as if it were one."""

    def __init__(self, name):
        self.name = name
        self.writers = frozenset()
        self.content = False
        self.keeps_typing = False
        self.skipped_prefixes = None

    def prepare(self, client, world, path):
        return path


@pytest.mark.parametrize("name", PAGES)
def test_a_post_to_a_page_without_a_form_changes_nothing(world, name):
    _, kwargs, _ = MATRIX[name]
    path = reverse(name, kwargs=kwargs(world.cast) if kwargs else None)
    for role in ("anonymous", "respondent", "lead", "coach", "admin"):
        for urlencoded in (False, True):
            attempt(world, _Page(name), None, role, "draft", path, JUNK_POST, urlencoded)


def _int_params(pattern):
    return [key for key, converter in pattern.converters.items() if converter.regex == "[0-9]+"]


@pytest.mark.parametrize("huge", [2**63, 10**30])
def test_ids_beyond_any_database_integer_are_404(world, huge):
    """Every id in every URL, far beyond a 64-bit integer: not found, never a 500."""
    checked = 0
    for name, _, pattern in url_patterns():
        params = _int_params(pattern)
        if not params or name not in MATRIX:
            continue
        _, kwargs, _ = MATRIX[name]
        base = kwargs(world.cast)
        for param in params:
            path = reverse(name, kwargs={**base, param: huge})
            with transaction.atomic():
                client = signed_in_client(world, "admin")
                before = fingerprint()
                statuses = []
                for method in (client.get, client.post):
                    statuses.append(method(path).status_code)
                    # 405: a GET of a POST-only URL, or a POST to a download, is turned
                    # away before any lookup.
                    assert statuses[-1] in (404, 405), f"{method.__name__} {path}"
                # The method the URL takes reaches the lookup, and finds nothing.
                assert 404 in statuses, path
                assert fingerprint() == before
                transaction.set_rollback(True)
            checked += 1
    assert checked > 20
