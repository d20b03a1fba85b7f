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
