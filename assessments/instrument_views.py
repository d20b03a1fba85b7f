"""The instrument versions' pages, for administrators only (anyone else: 404): the list of
versions, uploading a spreadsheet, a version's preview with its publish form, and its
download as XLSX."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from submissions.access import require_administrator
from submissions.models import Cycle

from . import scale as scales
from .instrument_forms import InstrumentUploadForm, PublishForm
from .instrument_sheet import write_xlsx
from .instruments import CREATED, UNCHANGED, InstrumentInUse, instrument_publish, instrument_save
from .instruments import instrument_spec as spec_of
from .models import Domain, Instrument, Item

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _instrument(pk, with_content=False):
    instruments = Instrument.objects.select_related("loaded_by")
    if with_content:
        instruments = instruments.prefetch_related(
            Prefetch("domains", Domain.objects.order_by("order")),
            Prefetch("domains__items", Item.objects.order_by("order")),
            "cycles",
        )
    return get_object_or_404(instruments.annotate(milestone_count=Count("milestones")), pk=pk)


@login_required
@require_safe
def instrument_list(request):
    """Every version: published or draft, its cycles, the milestones using it."""
    require_administrator(request.user)
    instruments = (
        Instrument.objects.select_related("loaded_by")
        .prefetch_related("cycles")
        .annotate(milestone_count=Count("milestones"))
    )
    cycles = Instrument.objects.for_cycles(Cycle.objects.all())
    return render(
        request,
        "assessments/instruments/list.html",
        {
            # Each version with the cycles whose new milestones start with it now.
            "rows": [(i, [c for c, used in cycles.items() if used == i]) for i in instruments],
            "cycles": list(cycles.items()),
            "current": Instrument.objects.current(),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def instrument_upload(request):
    """Upload a version as a spreadsheet: a draft to preview, or every problem listed."""
    require_administrator(request.user)
    if request.method == "POST":
        form = InstrumentUploadForm(request.POST, request.FILES)
    else:
        form = InstrumentUploadForm()
    if request.method == "POST" and form.is_valid():
        spec = form.cleaned_data["spec"]
        try:
            instrument, outcome = instrument_save(spec, request.user)
        except InstrumentInUse as exc:
            form.add_error("files", f"{exc}.")
        else:
            messages.success(request, _saved_message(instrument, outcome))
            return redirect("instruments:detail", instrument.pk)
    return render(
        request,
        "assessments/instruments/upload.html",
        {"form": form, "problems": form.problems},
    )


def _saved_message(instrument, outcome):
    named = f"{instrument.name} version {instrument.version}"
    if outcome == UNCHANGED:
        return f"{named} is already loaded with this content: nothing changed."
    if outcome == CREATED:
        return f"{named} was uploaded as a draft. Check it below, then publish it."
    state = "published" if instrument.published_at else "a draft"
    return f"{named} was replaced by the upload (no milestone used it); it is still {state}."


@login_required
@require_safe
def instrument_detail(request, pk):
    """The whole version as respondents will see it, and its publish form."""
    require_administrator(request.user)
    instrument = _instrument(pk, with_content=True)
    form = PublishForm(initial={"cycles": list(instrument.cycles.all())})
    return _detail(request, instrument, form)


@login_required
@require_POST
def instrument_publish_view(request, pk):
    """Publish the version for the cycles ticked (none: every cycle without its own)."""
    require_administrator(request.user)
    instrument = _instrument(pk, with_content=True)
    form = PublishForm(request.POST)
    if not form.is_valid():
        return _detail(request, instrument, form)
    cycles = list(form.cleaned_data["cycles"])
    instrument_publish(instrument, cycles)
    where = ", ".join(cycle.name for cycle in cycles) or "every cycle without a version of its own"
    messages.success(
        request,
        f"{instrument.name} version {instrument.version} is published: new milestones of "
        f"{where} start with it. Milestones already started keep their version.",
    )
    return redirect("instruments:list")


def _detail(request, instrument, form):
    points = [
        (point, scales.MEANING_LABELS.get(point.meaning, point.meaning))
        for point in scales.Scale.of(instrument).points
    ]
    return render(
        request,
        "assessments/instruments/detail.html",
        {
            "instrument": instrument,
            "points": points,
            "domains": instrument.domains.all(),
            "cycles": instrument.cycles.all(),
            "starts_in": _starts_in(instrument) if instrument.published_at else [],
            "form": form,
        },
    )


def _starts_in(instrument):
    """The cycles whose new milestones start with ``instrument`` now."""
    cycles = Instrument.objects.for_cycles(Cycle.objects.all())
    return [cycle for cycle, used in cycles.items() if used == instrument]


@login_required
@require_safe
def instrument_download(request, pk):
    """The version as the XLSX workbook an upload reads (the same content hash)."""
    require_administrator(request.user)
    instrument = _instrument(pk, with_content=True)
    response = HttpResponse(write_xlsx(spec_of(instrument)), content_type=XLSX)
    name = f"{slugify(instrument.name)}-v{slugify(instrument.version)}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
