"""The Jinja2 environment of every template in ``templates/``: pages, the PDF, e-mails.

Jinja2 renders several times faster than Django templates, which mattered on pages with
dozens of items and fields. The globals and filters below are the Django helpers the
templates use, under their Django names, and what the pages show beside the data (error
summaries, comments per section, months). Only ``.html`` templates are escaped: the
e-mails are plain text.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import forms
from django.contrib.messages import get_messages
from django.template import defaultfilters
from django.template.backends.utils import csrf_input
from django.templatetags.static import static
from django.utils.functional import SimpleLazyObject
from django.utils.timezone import template_localtime
from jinja2 import ChainableUndefined, Environment, Undefined, pass_context, select_autoescape
from markupsafe import Markup

from practices.links import link
from submissions import review


def _form_errors(form, prefix_label=""):
    errors = []
    for error in form.non_field_errors():
        errors.append({"message": f"{prefix_label}{error}", "anchor": None})
    for field in form:
        for error in field.errors:
            errors.append(
                {"message": f"{prefix_label}{field.label}: {error}", "anchor": field.auto_id}
            )
    return errors


def collect_errors(*forms_or_formsets):
    errors = []
    for item in forms_or_formsets:
        if item is None:
            continue
        if isinstance(item, dict) and "message" in item:
            errors.append(item)
        elif isinstance(item, forms.BaseFormSet):
            for error in item.non_form_errors():
                errors.append({"message": str(error), "anchor": None})
            label = getattr(item, "row_label", "Row")
            for number, form in enumerate(item.forms, start=1):
                errors += _form_errors(form, f"{label} {number} · ")
        elif isinstance(item, forms.BaseForm):
            errors += _form_errors(item)
        elif isinstance(item, list | tuple):
            errors += collect_errors(*item)
    return errors


def can_edit_cached(request, milestone):
    """``access.can_edit``, decided once per request: a page shows several sections."""
    from practices.access import can_edit

    cache = request.__dict__.setdefault("_can_edit_milestone", {})
    if milestone.pk not in cache:
        cache[milestone.pk] = can_edit(request.user, milestone)
    return cache[milestone.pk]


@pass_context
def reader_role(context, milestone):
    """The reader's role in the milestone's practice (None for pages without a reader)."""
    from practices.access import role_on

    request = context.get("request")
    return None if request is None else role_on(request.user, milestone)


def month_year(row):
    """A row's target month as "March 2027" (rows are snapshot dicts or model objects)."""
    from action_plans.rules import format_month

    get = row.get if isinstance(row, dict) else lambda key: getattr(row, f"target_{key}", None)
    month, year = get("month"), get("year")
    if month and year and 1 <= int(month) <= 12:
        return format_month(int(year), int(month))
    return ""


def comments_in(comments, section):
    """The comments of one section, from a list of ReviewComment."""
    return [c for c in comments if c.section == section]


url = link


def date(value, arg=None):
    """Django's ``date`` filter: "M j, Y" and friends, in the active time zone (Django
    templates convert a date-time to it before the filter sees it; Jinja2 does not)."""
    if value in (None, ""):
        return ""
    return defaultfilters.date(template_localtime(value), arg)


def default_if_none(value, arg):
    return arg if value is None else value


def default(value, arg):
    """Django's ``default``: ``arg`` for any false value (Jinja2's own only for undefined)."""
    return value or arg


def linebreaksbr(value):
    return defaultfilters.linebreaksbr(value, autoescape=True)


def page_csrf_input(request):
    """The CSRF field of this request's page, computed once (also for HTML kept without
    it, which a view fills in)."""
    if not hasattr(request, "_page_csrf_input"):
        request._page_csrf_input = csrf_input(request)
    return request._page_csrf_input


def csrf(request):
    """A context processor: the CSRF field, computed once per page.

    Django's Jinja2 backend gives a lazy string that masks a new token every time it
    is printed; a page with dozens of small forms printed it dozens of times.
    """
    return {"csrf_input": SimpleLazyObject(lambda: page_csrf_input(request))}


def drawn(name, context):
    """The template ``name`` rendered without a request, as markup: HTML that is kept
    across requests (``submissions.stamps.keep``) and so holds nothing of the reader's."""
    from django.template.loader import render_to_string

    return Markup(render_to_string(name, context))


def _partial(context, name, **values):
    """Render the partial ``name`` with the page's context and ``values``."""
    template = context.environment.get_template(name)
    return Markup(template.render({**context.get_all(), **values}))


@pass_context
def error_summary(context, *forms_or_formsets):
    """The summary of every error of these forms, each linking to its field."""
    errors = collect_errors(*forms_or_formsets)
    return _partial(context, "partials/_error_summary.html", errors=errors)


@pass_context
def edit_conflict(context, conflict, stored=None):
    """Shown when a save was refused because someone else saved first; ``stored`` is a
    list of (label, value) pairs: what is stored now."""
    return _partial(context, "partials/_conflict.html", conflict=conflict, stored=stored or [])


@pass_context
def section_comments(context, milestone, *sections):
    """The coach's comments on these sections, shown where they apply."""
    request = context.get("request")
    comments = review.comments_on(request, milestone, *sections)
    can_address = bool(comments) and request is not None and can_edit_cached(request, milestone)
    return _partial(
        context,
        "partials/_section_comments.html",
        comments=comments,
        milestone=milestone,
        can_address=can_address,
        next=request.get_full_path() if request is not None else "",
    )


def environment(**options):
    options["autoescape"] = select_autoescape(enabled_extensions=("html",))
    # Like Django templates: a missing attribute prints nothing, even in a chain.
    options["undefined"] = ChainableUndefined
    env = Environment(**options)
    # ... and, as there, a missing variable "is none".
    env.tests["none"] = lambda value: value is None or isinstance(value, Undefined)
    env.globals.update(
        url=url,
        error_summary=error_summary,
        edit_conflict=edit_conflict,
        section_comments=section_comments,
        reader_role=reader_role,
        static=static,
        get_messages=get_messages,
    )
    env.filters.update(
        date=date,
        default=default,
        default_if_none=default_if_none,
        floatformat=defaultfilters.floatformat,
        pluralize=defaultfilters.pluralize,
        linebreaksbr=linebreaksbr,
        capfirst=defaultfilters.capfirst,
        truncatechars=defaultfilters.truncatechars,
        urlencode=defaultfilters.urlencode,
        crispy=lambda form: Markup(as_crispy_form(form)),
        month_year=month_year,
        comments_in=comments_in,
        section_title=review.section_title,
    )
    return env
