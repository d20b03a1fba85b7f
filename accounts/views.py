from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render

from accounts.forms import AcceptInvitationForm
from accounts.invitations import InvitationError, invitation_accept
from accounts.models import Invitation
from practices.services import RoleConflict


def _invalid(request, reason, status, invitation=None):
    return render(
        request,
        "accounts/invitation_invalid.html",
        {"reason": reason, "invitation": invitation},
        status=status,
    )


def accept_invitation(request, token):
    invitation = (
        Invitation.objects.for_token(token).select_related("practice", "invited_by").first()
    )
    if invitation is None:
        return _invalid(request, "unknown", 404)
    if invitation.is_used:
        return _invalid(request, "used", 410)
    if invitation.is_expired:
        return _invalid(request, "expired", 410, invitation)
    form = AcceptInvitationForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(
                invitation, form.cleaned_data["full_name"], form.cleaned_data["password1"]
            )
        except InvitationError as error:
            messages.error(request, str(error))
            return redirect("login")
        except RoleConflict as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Welcome! Your account is ready.")
            return redirect("home")
    return render(
        request, "accounts/accept_invitation.html", {"form": form, "invitation": invitation}
    )
