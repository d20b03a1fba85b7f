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
    from submissions.review import comments_for

    comments = comments_for(milestone, *sections)
    return {
        "comments": comments,
        "milestone": milestone,
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("partials/_conflict.html")
def edit_conflict(conflict, stored=None):
    """Shown when a save was refused because someone else saved first.

    ``stored`` is a list of (label, value) pairs: what is stored now.
    """
    return {"conflict": conflict, "stored": stored or []}
