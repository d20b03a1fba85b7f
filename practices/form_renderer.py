"""The form renderer: Django's Jinja2 form templates, with the common widgets drawn in one
template each.

Django's widget templates include one template for a widget's attributes and one per
option: a month select renders 27 templates, a text input three, and a capability plan
shows about a hundred widgets. ``templates/widgets/`` draws inputs, text areas and
selects in a single template each, the attributes written by the ``widget_attrs``
filter, and gives byte for byte Django's HTML (``tests/practices/test_form_renderer.py``
compares them). Every other form template (radio lists, error lists, labels) is Django's.
"""

from pathlib import Path

import django.forms
from django.conf import settings
from django.forms.renderers import Jinja2
from django.utils.functional import cached_property
from jinja2 import Environment
from markupsafe import Markup, escape

DJANGO_TEMPLATES = Path(django.forms.__file__).parent / "jinja2"
INPUT = "django/forms/widgets/input.html"


def _replacements():
    """Django's widget template name -> ours. Every input type whose template is only
    an include of ``input.html`` (text, number, hidden, checkbox, ...) goes to ours."""
    widgets = DJANGO_TEMPLATES / "django/forms/widgets"
    include = f'{{% include "{INPUT}" %}}'
    names = {
        f"django/forms/widgets/{path.name}": "widgets/input.html"
        for path in widgets.glob("*.html")
        if path.read_text().strip() == include
    }
    names[INPUT] = "widgets/input.html"
    names["django/forms/widgets/select.html"] = "widgets/select.html"
    names["django/forms/widgets/textarea.html"] = "widgets/textarea.html"
    return names


REPLACEMENTS = _replacements()


def widget_attrs(attrs):
    """A widget's attributes as Django's ``attrs.html`` writes them: ``True`` as a bare
    name, ``False`` left out, anything else as ``name="value"``; all escaped."""
    written = []
    for name, value in attrs.items():
        if value is True:
            written.append(f" {escape(name)}")
        elif value is not False:
            written.append(f' {escape(name)}="{escape(value)}"')
    return Markup("".join(written))


def environment(**options):
    env = Environment(**options)
    env.filters["widget_attrs"] = widget_attrs
    return env


class FormRenderer(Jinja2):
    def get_template(self, template_name):
        return super().get_template(REPLACEMENTS.get(template_name, template_name))

    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": False,
                "DIRS": [settings.BASE_DIR / "templates", DJANGO_TEMPLATES],
                "NAME": "djangoforms",
                "OPTIONS": {"environment": "practices.form_renderer.environment"},
            }
        )
