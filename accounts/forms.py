from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm

from accounts.bounded_text import BoundedTextField
from accounts.invitations import invitation_check
from accounts.models import PERSON_NAME, Invitation, User

# The portal writes "e-mail" everywhere; Django's own messages say "email".
INVALID_ADDRESS = {"invalid": "Enter an e-mail address like name@practice.org."}


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label="E-mail address",
        widget=forms.EmailInput(attrs={"autofocus": True}),
        error_messages=INVALID_ADDRESS,
    )


class ResetForm(PasswordResetForm):
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages=INVALID_ADDRESS,
    )


class InvitationLoginForm(LoginForm):
    """The log-in form on an invitation's page: for the invited address only. It posts to
    the log-in page, which comes back to the invitation."""

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, initial={"username": email}, **kwargs)
        self.fields["username"].widget.attrs = {"readonly": True, "autocomplete": "username"}
        self.fields["password"].widget.attrs["autofocus"] = True


class AcceptInvitationForm(forms.Form):
    full_name = BoundedTextField(label="Your name", noun="name", max_length=PERSON_NAME)
    password1 = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Repeat the password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invitation, **kwargs):
        self.invitation = invitation
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "The two passwords are different.")
        elif p1:
            try:
                password_validation.validate_password(
                    p1, User(email=self.invitation.email, full_name=data.get("full_name", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class InvitationForm(forms.Form):
    """Invite someone to ``practice`` as one of ``roles``."""

    email = forms.EmailField(label="E-mail address", error_messages=INVALID_ADDRESS)
    role = forms.ChoiceField(choices=Invitation.Role.choices)

    def __init__(self, *args, roles, practice, **kwargs):
        self.practice = practice
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [c for c in Invitation.Role.choices if c[0] in roles]

    def clean(self):
        data = super().clean()
        email, role = data.get("email"), data.get("role")
        if email and role:
            try:
                invitation_check(email, role, self.practice)
            except forms.ValidationError as refusal:
                self.add_error("email", refusal)
        return data
