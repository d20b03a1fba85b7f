from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render

from accounts.forms import AcceptInvitationForm
from accounts.invitations import InvitationError, invitation_accept
from accounts.models import Invitation


def accept_invitation(request, token):
    invitation = (
        Invitation.objects.for_token(token).select_related("practice", "invited_by").first()
    )
    if invitation is None:
        return render(
            request, "accounts/invitation_invalid.html", {"reason": "unknown"}, status=404
        )
    if invitation.is_used:
        return render(request, "accounts/invitation_invalid.html", {"reason": "used"}, status=410)
    if invitation.is_expired:
        return render(
            request,
            "accounts/invitation_invalid.html",
            {"reason": "expired", "invitation": invitation},
            status=410,
        )
    form = AcceptInvitationForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(
                invitation, form.cleaned_data["full_name"], form.cleaned_data["password1"]
            )
        except InvitationError as error:
            messages.error(request, str(error))
            return redirect("login")
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome! Your account is ready.")
        return redirect("home")
    return render(
        request, "accounts/accept_invitation.html", {"form": form, "invitation": invitation}
    )
