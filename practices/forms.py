from django import forms

from accounts.bounded_text import BoundedTextForm, bounded_formfield
from practices.models import Practice


class PracticeForm(BoundedTextForm, forms.ModelForm):
    class Meta:
        model = Practice
        formfield_callback = bounded_formfield
        fields = [
            "name",
            "ept_id",
            "organisation_type",
            "size_band",
            "in_accountable_care_entity",
            "county",
            "address",
            "cohort",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
