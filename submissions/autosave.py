"""Autosave of a form page: the page's own POST, sent by ``static/js/autosave.js`` with
the header ``X-Autosave: 1``, saved exactly as the page's Save button saves it (the same
service, the same revision check, the same read-only refusal) and answered in JSON for
the script instead of a page:

- saved: 200 ``{"saved": true, "revision": N, "saved_at": "14:02"}``, plus ``rows`` on
  pages with rows (for each formset, the id of the row each form now is, or null), so
  that rows created by an autosave are not created again by the next save;
- someone else saved first, or the milestone is read-only: 409 ``{"saved": false,
  "error": ...}``; what was typed does not validate: 400, with the first messages.
"""

from django.http import JsonResponse
from django.utils import timezone

from submissions.concurrency import StaleEdit

HEADER = "X-Autosave"
# Enough to say what to fix without repeating the page's error summary.
SHOWN_ERRORS = 3


def requested(request):
    return request.method == "POST" and request.headers.get(HEADER) == "1"


def saved(loaded_revision, **extra):
    """A save that claimed the section at ``loaded_revision``: it is now one further."""
    return JsonResponse(
        {
            "saved": True,
            "revision": loaded_revision + 1,
            "saved_at": f"{timezone.localtime():%H:%M}",
            **extra,
        }
    )


def refused(error):
    """A stale revision (``StaleEdit``) or a read-only milestone (``TransitionError``)."""
    message = error.message if isinstance(error, StaleEdit) else str(error)
    return JsonResponse({"saved": False, "error": message}, status=409)


def invalid(errors):
    """``errors``: the page's error-summary entries ({"message", "anchor"})."""
    messages = [error["message"] for error in errors[:SHOWN_ERRORS]]
    if len(errors) > SHOWN_ERRORS:
        messages.append(f"and {len(errors) - SHOWN_ERRORS} more; press Save to see them all.")
    return JsonResponse(
        {"saved": False, "error": " ".join(messages), "errors": messages}, status=400
    )


def row_ids(formsets):
    """For each saved formset, the stored id behind each of its forms (null for a blank
    new row or a removed one), in the order of the forms."""
    return {formset.prefix: [form.instance.pk for form in formset.forms] for formset in formsets}
