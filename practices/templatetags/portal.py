"""Presentation helpers shared by every page (error summaries, labels)."""

from django import forms, template

register = template.Library()


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


@register.inclusion_tag("partials/_error_summary.html")
def error_summary(*forms_or_formsets):
    return {"errors": collect_errors(*forms_or_formsets)}


@register.inclusion_tag("partials/_section_comments.html", takes_context=True)
def section_comments(context, milestone, *sections):
    """The coach's comments on these sections, shown where they apply."""
    from practices.access import can_edit
    from submissions.review import comments_for

    request = context.get("request")
    comments = comments_for(milestone, *sections)
    can_address = False
    if comments and request is not None:
        # One page shows several sections; decide the user's right once per request.
        cache = request.__dict__.setdefault("_can_edit_milestone", {})
        if milestone.pk not in cache:
            cache[milestone.pk] = can_edit(request.user, milestone)
        can_address = cache[milestone.pk]
    return {
        "comments": comments,
        "milestone": milestone,
        "can_address": can_address,
        "next": request.get_full_path() if request is not None else "",
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("partials/_conflict.html")
def edit_conflict(conflict, stored=None):
    """Shown when a save was refused because someone else saved first.

    ``stored`` is a list of (label, value) pairs: what is stored now.
    """
    return {"conflict": conflict, "stored": stored or []}


@register.filter
def month_year(row):
    """A row's target month as "March 2027" (rows are snapshot dicts or model objects)."""
    from action_plans.rules import format_month

    get = row.get if isinstance(row, dict) else lambda key: getattr(row, f"target_{key}", None)
    month, year = get("month"), get("year")
    if month and year and 1 <= int(month) <= 12:
        return format_month(int(year), int(month))
    return ""


@register.filter
def comments_in(comments, section):
    """The comments of one section, from a list of ReviewComment."""
    return [c for c in comments if c.section == section]


@register.filter
def section_title(key):
    from submissions.review import section_title as title

    return title(key)
