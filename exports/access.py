"""Who may export: coaches (the practices they coach) and administrators (all); the
practices themselves come from the cohort board's filter, in the user's scope. Anyone
else gets 404, as everywhere in the portal."""

from django.http import Http404

from exports.models import ExportBundle
from submissions import access


def require_exporter(user):
    if not (user.is_authenticated and user.is_active and (user.is_coach or user.is_staff)):
        raise Http404


def get_bundle_for_administrator(user, pk):
    access.require_administrator(user)
    try:
        return ExportBundle.objects.select_related("cycle", "requested_by").get(pk=pk)
    except (ExportBundle.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
