from django import forms

from submissions.models import Cycle


class CycleForm(forms.Form):
    """The cycle of an export or a bundle; the board's other filters travel beside it."""

    cycle = forms.ModelChoiceField(
        queryset=Cycle.objects.all(),
        empty_label=None,
        error_messages={
            "required": "Choose the cycle to export.",
            "invalid_choice": "That cycle does not exist: choose one of the list.",
        },
    )
