from django import forms
from django.conf import settings
from django.utils.html import format_html
from django.utils.text import Truncator

from accounts.bounded_text import BoundedTextField
from accounts.same_text import is_blank
from submissions import attachments
from submissions.models import (
    Attachment,
    CommentReply,
    Cycle,
    Extension,
    ReviewComment,
    Transition,
)
from submissions.review import section_title


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


class ReplyForm(forms.Form):
    """A reply under one review comment. A page shows one under each comment: ``comment``
    gives its field an id of its own and a label that names the comment to a screen
    reader."""

    body = BoundedTextField(
        label="Your reply",
        noun="reply",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Write your reply before sending it."},
        max_length=CommentReply._meta.get_field("body").max_length,
    )

    def __init__(self, *args, comment=None, **kwargs):
        if comment is not None:
            kwargs.setdefault("auto_id", f"id_reply_{comment.pk}_%s")
        super().__init__(*args, **kwargs)
        if comment is not None:
            self.fields["body"].label = format_html(
                'Your reply<span class="visually-hidden"> to {}</span>', comment_named(comment)
            )


def comment_named(comment):
    """A comment as a screen reader hears it beside its reply field and buttons."""
    return "the comment on {} by {}: “{}”".format(
        section_title(comment.section),
        comment.author or "a reviewer",
        Truncator(comment.body).words(8, truncate="…"),
    )


class ExtensionForm(forms.ModelForm):
    """An administrator's later due date for one practice in one cycle."""

    class Meta:
        model = Extension
        fields = ["due_on", "reason"]
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}),
            "reason": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "reason": "Shown to the practice and its coaches beside the new due date.",
        }

    def __init__(self, *args, current, today, **kwargs):
        self.current, self.today = current, today
        super().__init__(*args, **kwargs)

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on <= self.current.due_on:
            raise forms.ValidationError(
                f"Choose a date after the current due date ({self.current.due_on:%B} "
                f"{self.current.due_on.day}, {self.current.due_on.year})."
            )
        if due_on < self.today:
            raise forms.ValidationError("Choose today's date or a later one.")
        return due_on

    def clean_reason(self):
        reason = self.cleaned_data["reason"]
        if is_blank(reason):
            raise forms.ValidationError("Say why the practice is given more time.")
        return reason.strip()


class MoveForm(forms.Form):
    """An administrator moves a milestone not yet submitted to another cycle."""

    cycle = forms.ModelChoiceField(queryset=Cycle.objects.none(), label="Move to the cycle")
    reason = BoundedTextField(
        label="Reason",
        noun="reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=Transition._meta.get_field("note").max_length - 200,
    )

    def __init__(self, *args, milestone, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = Cycle.objects.exclude(pk=milestone.cycle_id)

    def clean_reason(self):
        reason = self.cleaned_data["reason"]
        if is_blank(reason):
            raise forms.ValidationError("Say why the milestone moves to another cycle.")
        return reason.strip()


class AttachmentForm(forms.Form):
    """A supporting document: the file (its type checked from its content), a short
    description and, optionally, the part it supports. ``too_large`` names the files the
    upload handler stopped reading (over the size limit): they arrive as no file."""

    file = forms.FileField(
        label="File",
        error_messages={
            "required": "Choose the file to attach.",
            "empty": "The chosen file is empty (0 bytes): there is nothing to attach.",
        },
        widget=forms.ClearableFileInput(attrs={"accept": attachments.ACCEPT_ATTRIBUTE}),
    )
    description = BoundedTextField(
        label="Description",
        noun="description",
        help_text="What the document is, in a few words: e.g. “Board minutes, March 2026”.",
        max_length=Attachment._meta.get_field("description").max_length,
        error_messages={"required": "Describe the document in a few words."},
    )
    part = forms.ChoiceField(
        label="Part it supports (optional)",
        required=False,
        choices=[("", f"— {Attachment.WHOLE_MILESTONE} —"), *Attachment.Part.choices],
    )

    def __init__(self, *args, too_large=(), **kwargs):
        self.too_large = list(too_large)
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"{attachments.ACCEPTED}; at most "
            f"{attachments.file_size(settings.ATTACHMENT_MAX_FILE_SIZE)} a file."
        )
        # A file not read to its end arrives as none: it is refused for its size instead.
        self.fields["file"].required = not self.too_large

    def clean_file(self):
        if self.too_large:
            name = attachments.sanitise_name(self.too_large[0])
            limit = attachments.file_size(settings.ATTACHMENT_MAX_FILE_SIZE)
            raise forms.ValidationError(
                f"{name} is larger than {limit}; a file may be at most {limit}."
            )
        upload = self.cleaned_data["file"]
        try:
            self.inspected = attachments.inspect(upload)
        except attachments.AttachmentRefused as refused:
            raise forms.ValidationError(str(refused)) from None
        return upload

    def clean_description(self):
        description = self.cleaned_data["description"]
        if is_blank(description):
            raise forms.ValidationError("Describe the document in a few words.")
        return description.strip()
