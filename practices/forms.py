from django import forms

from practices.models import Practice


class PracticeForm(forms.ModelForm):
    class Meta:
        model = Practice
        fields = [
            "name",
            "organisation_type",
            "size_band",
            "in_accountable_care_entity",
            "county",
            "address",
            "cohort",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}


def bootstrap_widgets(form):
    """Bootstrap classes on every widget of ``form``.

    For forms whose templates render each field with ``partials/_field.html`` rather
    than crispy-forms (much cheaper on pages with dozens of fields).
    """
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs.setdefault("class", css)
