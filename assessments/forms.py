"""Validating what the VaPCAT pages post: answers, consensus overrides, invitations.

The questionnaire is validated with Django forms but rendered by a plain template loop
over ``selectors.questionnaire`` rows: rendering 30-odd radio groups through Django's
widgets costs several times the page's whole budget.
"""

from dataclasses import dataclass, field

from django import forms

from assessments.selectors import DONT_KNOW_KEY
from assessments.services import AnswerInput
from practices.models import Membership

COMMENT_MAX_LENGTH = 2000
NOTE_MAX_LENGTH = 2000
VALUE_CHOICES = [("0", "0"), ("1", "1"), ("2", "2"), ("3", "3"), (DONT_KNOW_KEY, "Don't know")]


class AnswerForm(forms.Form):
    """One item's answer; prefixed with the item code (``A1-value``, ``A1-comment``)."""

    value = forms.ChoiceField(
        label="Answer",
        required=False,
        choices=VALUE_CHOICES,
        error_messages={"invalid_choice": "Choose one of the answers: 0 to 3, or Don't know."},
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        error_messages={
            "max_length": "Keep the comment to %(limit_value)d characters or fewer "
            "(it has %(show_value)d)."
        },
    )

    def answer(self):
        value = self.cleaned_data["value"]
        return AnswerInput(
            value=int(value) if value and value != DONT_KNOW_KEY else None,
            dont_know=value == DONT_KNOW_KEY,
            comment=self.cleaned_data["comment"],
        )


class QuestionnaireForm:
    """A whole questionnaire POST: one ``AnswerForm`` per item the POST carries.

    Items absent from the POST are left alone rather than read as "cleared", so a
    truncated request never wipes answers.
    """

    def __init__(self, data, items):
        self.data = data
        self.forms = {
            item: AnswerForm(data, prefix=item.code)
            for item in items
            if f"{item.code}-value" in data or f"{item.code}-comment" in data
        }

    def is_valid(self):
        return all([form.is_valid() for form in self.forms.values()])

    def answers(self):
        return {item: form.answer() for item, form in self.forms.items()}

    def typed(self, stored):
        """{item_id: (value key, comment)}: what was typed, over what is stored."""
        typed = dict(stored)
        for item in self.forms:
            typed[item.pk] = (
                self.data.get(f"{item.code}-value", ""),
                self.data.get(f"{item.code}-comment", ""),
            )
        return typed

    def errors_by_code(self):
        errors = {}
        for item, form in self.forms.items():
            messages = [error for field_errors in form.errors.values() for error in field_errors]
            if messages:
                errors[item.code] = messages
        return errors

    def error_summary(self):
        """Errors for ``{% error_summary %}``, each linking to the field it is about."""
        summary = []
        for item, form in self.forms.items():
            for name, field_errors in form.errors.items():
                anchor = f"item-{item.code}" if name == "value" else f"id_{item.code}-{name}"
                for error in field_errors:
                    summary.append({"message": f"{item.code}: {error}", "anchor": anchor})
        return summary


class ConsensusForm(forms.Form):
    """The lead's consensus score for one item: a score 0-3 with a note, or the default."""

    score = forms.TypedChoiceField(
        label="Consensus score",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Use the default")] + [(str(v), str(v)) for v in range(4)],
        error_messages={"invalid_choice": "Choose a score from 0 to 3, or the default."},
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea,
        error_messages={
            "max_length": "Keep the note to %(limit_value)d characters or fewer "
            "(it has %(show_value)d)."
        },
    )

    def __init__(self, *args, item, **kwargs):
        self.item = item
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("score") is not None and not data.get("note"):
            self.add_error(
                "note",
                f"Say why the practice settled on this score for {self.item.code} "
                "(for example, what the team agreed).",
            )
        return data

    def error_summary(self):
        """Errors for ``{% error_summary %}``, linking to this item's consensus fields."""
        return [
            {
                "message": f"{self.item.code} · {self.fields[name].label}: {error}",
                "anchor": consensus_field_id(self.item, name),
            }
            for name, field_errors in self.errors.items()
            for error in field_errors
        ]


def consensus_field_id(item, name):
    return f"consensus-{item.code}-{name}"


@dataclass
class ConsensusEdit:
    """What one item's consensus form shows: the stored override, or what was typed."""

    selected: str = ""
    note: str = ""
    errors: dict = field(default_factory=dict)
    open: bool = False


def attach_consensus_edits(summary, bound=None):
    """Give every item of ``summary`` its form state; ``bound`` is a refused ConsensusForm."""
    for result in summary.items:
        if bound is not None and bound.item.pk == result.item.pk:
            result.edit = ConsensusEdit(
                selected=bound.data.get("score", ""),
                note=bound.data.get("note", ""),
                errors=bound.errors,
                open=True,
            )
        elif result.override is not None:
            result.edit = ConsensusEdit(str(result.override.score), result.override.note)
        else:
            result.edit = ConsensusEdit()


class RespondentInviteForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address of the respondent",
        error_messages={"invalid": "Enter an e-mail address like name@practice.org."},
    )

    def __init__(self, *args, practice, **kwargs):
        self.practice = practice
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        membership = (
            Membership.objects.filter(practice=self.practice, user__email__iexact=email)
            .select_related("user")
            .first()
        )
        if membership is not None:
            raise forms.ValidationError(
                f"{email} is already a {membership.get_role_display().lower()} of "
                f"{self.practice.name}."
            )
        return email
