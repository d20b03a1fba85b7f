"""Our form renderer (``practices/form_renderer.py``) draws the common widgets in one
template each; it must give exactly the HTML of Django's own Jinja2 renderer."""

import re

import pytest
from django import forms
from django.db import transaction
from django.forms.renderers import Jinja2

from practices.form_renderer import REPLACEMENTS, FormRenderer
from tests.fuzz.forms import FORMS
from tests.fuzz.harness import signed_in_client

MONTHS = [("", "Month")] + [(str(n), f"Month {n}") for n in range(1, 13)]


class Everything(forms.Form):
    text = forms.CharField(max_length=30, help_text="Help", initial='Say "hi" <b>&</b>')
    optional = forms.CharField(required=False, widget=forms.TextInput(attrs={"x": None}))
    number = forms.DecimalField(min_value=-1, max_value=10**6, decimal_places=2, initial=1.5)
    hidden = forms.IntegerField(widget=forms.HiddenInput, initial=7)
    email = forms.EmailField(initial="a@b.test")
    password = forms.CharField(widget=forms.PasswordInput(render_value=True), initial="x")
    date = forms.DateField(initial="2026-11-25")
    url = forms.URLField(required=False, assume_scheme="https")
    ticked = forms.BooleanField(initial=True)
    unticked = forms.BooleanField(required=False)
    area = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), initial="<two>\nlines")
    empty_area = forms.CharField(widget=forms.Textarea, required=False)
    month = forms.ChoiceField(choices=MONTHS, initial="11")
    grouped = forms.ChoiceField(
        choices=[("Spring", [("3", "March"), ("4", "April")]), ("Fall", [("10", "Oct & Nov")])],
        initial="4",
    )
    many = forms.MultipleChoiceField(choices=MONTHS[1:], initial=["1", "3"])
    maybe = forms.NullBooleanField()
    radio = forms.ChoiceField(choices=MONTHS[1:4], widget=forms.RadioSelect, initial="2")


def rendered(form_class, renderer, **kwargs):
    form = form_class(renderer=renderer, **kwargs)
    return {name: str(form[name]) for name in form.fields}


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"data": {"text": "x" * 40, "number": "-5", "month": "13", "ticked": "on"}},
        {"data": {"text": "<script>", "area": "a\r\nb & c", "many": ["2", "x"]}},
    ],
    ids=["initial", "invalid", "escaped"],
)
def test_every_widget_is_drawn_as_django_draws_it(kwargs):
    ours = rendered(Everything, FormRenderer(), **kwargs)
    django = rendered(Everything, Jinja2(), **kwargs)
    assert ours == django
    # ... and the replaced templates did draw them.
    assert 'id="id_month"' in ours["month"] and "Month 11" in ours["month"]


def test_input_types_without_a_template_of_their_own_are_all_replaced():
    for name in ("text", "number", "hidden", "checkbox", "email", "password", "date"):
        assert REPLACEMENTS[f"django/forms/widgets/{name}.html"] == "widgets/input.html"
    assert "django/forms/widgets/radio.html" not in REPLACEMENTS


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.mark.django_db
def test_every_form_page_is_the_same_with_djangos_renderer(world, settings):
    shown = [form for form in FORMS.values() if form.custom is None]
    assert len(shown) > 20
    for form in shown:
        world.set_state(form.state)
        bodies = []
        for renderer in ("practices.form_renderer.FormRenderer", "django.forms.renderers.Jinja2"):
            settings.FORM_RENDERER = renderer
            # Rolled back like the fuzz tests' loads: a log-in would spoil the reset link.
            with transaction.atomic():
                client = signed_in_client(world, form.loaded_as)
                response = client.get(form.prepare(client, world, form.page(world)))
                transaction.set_rollback(True)
            assert response.status_code == 200, form.name
            bodies.append(CSRF.sub("", response.content.decode()))
        assert "<input" in bodies[0], form.name
        assert bodies[0] == bodies[1], form.name
