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

