from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from accounts.forms import AcceptInvitationForm, InvitationLoginForm
from accounts.invitations import (
    AccountExists,
    InvitationError,
    invitation_accept,
    invitation_accept_as,
)
from accounts.models import Invitation, User

UNUSABLE = {"accepted": "used", "cancelled": "cancelled", "expired": "expired"}


def _invalid(request, reason, status, invitation=None):
    return render(
        request,
        "accounts/invitation_invalid.html",
        {"reason": reason, "invitation": invitation},
        status=status,
    )


def accept_invitation(request, token):
    """An invitation's page. An address without an account chooses its password here; an
    address with one logs in as that account (its own password), then accepts; someone
    logged in as another account is asked to log out first. The link alone grants
    nothing and logs nobody in."""
    invitation = (
        Invitation.objects.for_token(token).select_related("practice", "invited_by").first()
    )
    if invitation is None:
        return _invalid(request, "unknown", 404)
    if invitation.status in UNUSABLE:
        return _invalid(request, UNUSABLE[invitation.status], 410, invitation)
    account = User.objects.filter(email__iexact=invitation.email).first()
    user = request.user
    if user.is_authenticated and user != account:
        return render(
            request,
            "accounts/invitation_other_account.html",
            {"invitation": invitation, "next": request.path},
        )
    if account is None:
        return _create_account(request, invitation)
    if not user.is_authenticated:
        # A password in a POST here is never used: the account logs in on the log-in page.
        form = InvitationLoginForm(request, email=invitation.email)
        return render(
            request,
            "accounts/invitation_log_in.html",
            {"invitation": invitation, "form": form, "next": request.path},
        )
    return _accept_as(request, invitation)


def _create_account(request, invitation):
    form = AcceptInvitationForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(
                invitation, form.cleaned_data["full_name"], form.cleaned_data["password1"]
            )
        except AccountExists:
            return redirect(request.path)
        except InvitationError as error:
            messages.error(request, str(error))
            return redirect("login")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Welcome! Your account is ready.")
            return redirect("home")
    return render(
        request, "accounts/accept_invitation.html", {"form": form, "invitation": invitation}
    )


def _accept_as(request, invitation):
    refusal = None
    if request.method == "POST":
        try:
            invitation_accept_as(invitation, request.user)
        except InvitationError as error:
            messages.error(request, str(error))
            return redirect("home")
        except ValidationError as error:
            refusal = error.messages[0]
        else:
            role = invitation.get_role_display().lower()
            if invitation.practice is None:
                messages.success(request, f"You are now a {role} of the program.")
                return redirect("home")
            messages.success(request, f"You are now a {role} of {invitation.practice.name}.")
            if invitation.role == Invitation.Role.COACH:
                return redirect("home")
            return redirect("practices:detail", invitation.practice_id)
    return render(
        request,
        "accounts/invitation_accept.html",
        {"invitation": invitation, "refusal": refusal},
    )
