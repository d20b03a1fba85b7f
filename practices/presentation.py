"""What the pages show beside the data: error summaries, comments per section, months.

Used by the page templates through ``vbp_portal.jinja2``.
"""

from django import forms


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
