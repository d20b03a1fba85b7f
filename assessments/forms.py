"""Validating and drawing what the VaPCAT pages post: answers, consensus overrides,
invitations. Fields are drawn with crispy-forms (``as_crispy_field``)."""

from django import forms

from accounts.bounded_text import BoundedTextField
from accounts.invitations import invitation_check
from accounts.models import Invitation
from assessments.models import Answer, ConsensusScore
from assessments.selectors import DONT_KNOW_KEY
from assessments.services import AnswerInput

COMMENT_MAX_LENGTH = Answer._meta.get_field("comment").max_length
NOTE_MAX_LENGTH = ConsensusScore._meta.get_field("note").max_length
# Our scale's, until the form is given its instrument's (``choices``, ``scores``).
VALUE_CHOICES = [("0", "0"), ("1", "1"), ("2", "2"), ("3", "3"), (DONT_KNOW_KEY, "Don't know")]
NOT_ANSWERED = "Not answered yet: choose an answer, or “Don't know”."


class AnswerForm(forms.Form):
    """One item's answer; prefixed with the item code (``A1-value``, ``A1-comment``).

    ``item`` and ``choices`` (the instrument's scale as (key, label)) are given when the
    form is drawn; the autosave only validates, with the keys alone.
    """

    # No label: the item's own fieldset and legend name the radio group.
    value = forms.ChoiceField(
        label="",
        required=False,
        choices=VALUE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of the answers: 0 to 3, or Don't know."},
    )
    comment = BoundedTextField(
        label="Comment (optional)",
        noun="comment",
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 1, "class": "form-control-sm"}),
    )

    def __init__(self, *args, item=None, choices=None, **kwargs):
        if item is not None:
            kwargs.setdefault("prefix", item.code)
        super().__init__(*args, **kwargs)
        if item is not None:
            self.fields["comment"].label = f"Comment on {item.code} (optional)"
        if choices is not None:
            field = self.fields["value"]
            field.choices = choices
            low, high = _span(key for key, _ in choices)
            dont_know = ", or Don't know" if any(k == DONT_KNOW_KEY for k, _ in choices) else ""
            field.error_messages = {
                **field.error_messages,
                "invalid_choice": f"Choose one of the answers: {low} to {high}{dont_know}.",
            }

    def answer(self):
        value = self.cleaned_data["value"]
        return AnswerInput(
            value=int(value) if value and value != DONT_KNOW_KEY else None,
            dont_know=value == DONT_KNOW_KEY,
            comment=self.cleaned_data["comment"],
        )


def _span(keys):
    """The lowest and highest values among choice keys ("dk" and "" left out)."""
    values = sorted(int(key) for key in keys if key not in ("", DONT_KNOW_KEY))
    return values[0], values[-1]


def answers_data(items, answers):
    """``answers`` ({item_id: (value key, comment)}) as the questionnaire posts them."""
    data = {}
    for item in items:
        key, comment = answers.get(item.pk, ("", ""))
        data[f"{item.code}-comment"] = comment
        if key:
            data[f"{item.code}-value"] = key
    return data


class QuestionnaireForm:
    """A whole questionnaire: one ``AnswerForm`` per item (``forms``, keyed by item id).

    Only the items a POST carries are validated and saved (``posted``): items absent from
    it are left alone rather than read as "cleared", so a truncated request never wipes
    answers; they are drawn with what is stored (``answers``).
    """

    def __init__(self, data, items, choices=None, answers=None):
        self.data = data
        self.posted = {}
        self.forms = {}
        for item in items:
            names = (f"{item.code}-value", f"{item.code}-comment")
            if data is not None and any(name in data for name in names):
                form = AnswerForm(data, item=item, choices=choices)
                self.posted[item] = form
            else:
                key, comment = (answers or {}).get(item.pk, ("", ""))
                initial = {"value": key, "comment": comment}
                form = AnswerForm(item=item, choices=choices, initial=initial)
            self.forms[item.pk] = form

    def is_valid(self):
        return all([form.is_valid() for form in self.posted.values()])

    def answers(self):
        return {item: form.answer() for item, form in self.posted.items()}

    def typed(self, stored):
        """{item_id: (value key, comment)}: what was typed, over what is stored."""
        typed = dict(stored)
        for item in self.posted:
            typed[item.pk] = (
                self.data.get(f"{item.code}-value", ""),
                self.data.get(f"{item.code}-comment", ""),
            )
        return typed

    def flag_unanswered(self, items):
        """Mark ``items`` as not answered yet, beside each of them (after a refused submit)."""
        for item in items:
            form = self.posted.get(item)
            if form is not None and form.is_valid():
                form.add_error("value", NOT_ANSWERED)

    def error_summary(self):
        """Errors for ``{% error_summary %}``, each linking to the item or field it is about."""
        summary = []
        for item, form in self.posted.items():
            for name, field_errors in form.errors.items():
                anchor = f"item-{item.code}" if name == "value" else form[name].auto_id
                for error in field_errors:
                    summary.append({"message": f"{item.code}: {error}", "anchor": anchor})
        return summary


class ConsensusForm(forms.Form):
    """The lead's consensus score for one item: a value of the scale with a note, or the
    default.

    Every item of the results page has its own form, so field ids carry the item code.
    """

    score = forms.TypedChoiceField(
        label="Consensus score",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Use the default")] + [(str(v), str(v)) for v in range(4)],
        widget=forms.Select(attrs={"class": "form-select-sm"}),
        error_messages={"invalid_choice": "Choose a score from 0 to 3, or the default."},
    )
    note = BoundedTextField(
        label="Note",
        noun="note",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control-sm"}),
    )

    # What the error summary calls each field (its labels name the item too).
    SUMMARY_NAMES = {"score": "Consensus score", "note": "Note"}

    def __init__(self, *args, item, default=None, scores=None, **kwargs):
        """``default``: the item's default score; ``scores``: (key, label) of the scale's
        values (without "don't know")."""
        self.item = item
        kwargs.setdefault("auto_id", f"consensus-{item.code}-%s")
        super().__init__(*args, **kwargs)
        self.fields["score"].label = f"Consensus score for {item.code}"
        self.fields["note"].label = f"Note: why the practice settled on this score for {item.code}"
        if scores is not None:
            self.show_choices(default, scores)

    def show_choices(self, default, scores):
        """Label the choices with the scale, and the default with its score."""
        use_default = "Use the default" + (f" ({default})" if default is not None else "")
        field = self.fields["score"]
        field.choices = [("", use_default)] + [(key, f"{key} · {label}") for key, label in scores]
        low, high = _span(key for key, _ in scores)
        field.error_messages = {
            **field.error_messages,
            "invalid_choice": f"Choose a score from {low} to {high}, or the default.",
        }

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
                "message": f"{self.item.code} · {self.SUMMARY_NAMES.get(name, name)}: {error}",
                "anchor": self[name].auto_id,
            }
            for name, field_errors in self.errors.items()
            for error in field_errors
        ]


def consensus_forms(summary, scores, bound=None):
    """Give every item of ``summary`` its consensus form (``result.form``): ``bound`` (a
    refused ConsensusForm) for its item, else one showing the stored override."""
    for result in summary.items:
        if bound is not None and bound.item.pk == result.item.pk:
            bound.show_choices(result.stats.default, scores)
            result.form = bound
            result.form_open = True
            continue
        initial = {}
        if result.override is not None:
            initial = {"score": str(result.override.score), "note": result.override.note}
        result.form = ConsensusForm(
            item=result.item, default=result.stats.default, scores=scores, initial=initial
        )


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
        invitation_check(email, Invitation.Role.RESPONDENT, self.practice)
        return email
