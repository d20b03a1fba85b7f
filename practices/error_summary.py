"""The error summary at the top of a form page: every error of its forms and formsets,
each with the id of the field it links to."""

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
    """Errors as ``{"message", "anchor"}`` dicts from forms, formsets, lists of them, or
    such dicts given as they are (``None`` is skipped)."""
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
