"""The cohort export (XLSX, CSV) and the export bundles' pages.

The practices are the cohort board's: ``cohort.board.filter_practices`` reads the same
query string (cycle, cohort, status, coach, organisation type, behind) within the
user's scope.
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_safe

from cohort.board import board_cycle, filter_practices
from exports import access, bundle, cohort_data
from exports.forms import CycleForm
from exports.models import ExportBundle
from submissions.access import require_administrator

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters(params):
    """The board's filters of a query string or form, without the cycle and the token."""
    return {
        key: value
        for key, value in params.items()
        if key not in ("cycle", "csrfmiddlewaretoken") and value
    }


def _cycle_form(params):
    """The cycle form of ``params``; without a cycle, the board's current one."""
    if "cycle" not in params and (current := board_cycle()) is not None:
        params = params.copy()
        params["cycle"] = current.pk
    return CycleForm(params)


def _export(request, extension):
    access.require_exporter(request.user)
    form = _cycle_form(request.GET)
    if not form.is_valid():
        return render(request, "exports/choose.html", {"form": form}, status=400)
    cycle = form.cleaned_data["cycle"]
    practices = filter_practices(request.user, cycle, request.GET)
    sheets = cohort_data.frames(cycle, practices)
    name = f"VBP_cohort_{slugify(cycle.name)}.{extension}"
    if extension == "xlsx":
        body, content_type = cohort_data.to_xlsx(sheets), XLSX
    else:
        body, content_type = cohort_data.to_csv(sheets), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_safe
def index(request):
    """Choose a cycle and download the cohort export (the board links here with its
    filters)."""
    access.require_exporter(request.user)
    form = CycleForm(initial={"cycle": board_cycle()})
    if "cycle" in request.GET:
        form = CycleForm(request.GET)
    return render(request, "exports/choose.html", {"form": form, "filters": _filters(request.GET)})


@login_required
@require_safe
def cohort_xlsx(request):
    return _export(request, "xlsx")


@login_required
@require_safe
def cohort_csv(request):
    return _export(request, "csv")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def bundle_new(request):
    """An administrator starts a bundle of a cycle, with the board's filters."""
    require_administrator(request.user)
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = CycleForm(data)
    filters = _filters(request.POST if request.method == "POST" else request.GET)
    if request.method == "POST" and form.is_valid():
        cycle = form.cleaned_data["cycle"]
        practices = filter_practices(request.user, cycle, request.POST)
        started = bundle.bundle_start(request.user, cycle, practices, filters)
        return redirect(started)
    return render(
        request,
        "exports/bundle_new.html",
        {
            "form": form,
            "filters": filters,
            "bundles": ExportBundle.objects.select_related("cycle", "requested_by")[:20],
        },
    )


@login_required
@require_safe
def bundle_page(request, pk):
    """The bundle's progress (n of N), its failures, and its zip once done."""
    shown = access.get_bundle_for_administrator(request.user, pk)
    return render(request, "exports/bundle.html", {"bundle": shown})


@login_required
@require_safe
def bundle_progress(request, pk):
    """The progress as JSON, for the page's polling script."""
    shown = access.get_bundle_for_administrator(request.user, pk)
    return JsonResponse(
        {
            "status": shown.status,
            "status_label": shown.get_status_display(),
            "done": shown.done,
            "total": shown.total,
            "finished": shown.is_finished,
        }
    )


@login_required
@require_safe
def bundle_download(request, pk):
    """The bundle's zip, to administrators only; an expired bundle's is gone (410)."""
    shown = access.get_bundle_for_administrator(request.user, pk)
    if shown.is_expired():
        return render(request, "exports/bundle_expired.html", {"bundle": shown}, status=410)
    if shown.status != ExportBundle.Status.DONE or not shown.file:
        raise Http404
    return FileResponse(
        shown.file.open("rb"),
        as_attachment=True,
        filename=shown.file.name.rsplit("/", 1)[-1],
        content_type="application/zip",
    )
