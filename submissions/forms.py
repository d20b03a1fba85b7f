from django import forms

from accounts.bounded_text import BoundedTextField
from submissions.models import ReviewComment, Transition


class TransitionForm(forms.Form):
    note = BoundedTextField(
        label="Note",
        noun="note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=Transition._meta.get_field("note").max_length,
    )

    def __init__(self, *args, note_required=False, note_label="Note", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = note_required
        self.fields["note"].label = note_label


class SubmitForm(forms.Form):
    """Submitting is an attestation, signed by re-entering one's password."""

    attest = forms.BooleanField(
        label="I confirm that the content of this milestone is accurate and complete to the "
        "best of my knowledge, and I submit it on behalf of the practice.",
        error_messages={"required": "Tick the box to confirm the content is accurate."},
    )
    password = forms.CharField(
        label="Your password (as your electronic signature)",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                "That is not your password; the milestone was not submitted."
            )
        return password


class CommentForm(forms.Form):
    section = forms.ChoiceField(label="Section")
    body = BoundedTextField(
        label="Comment",
        noun="comment",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=ReviewComment._meta.get_field("body").max_length,
    )

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = sections
