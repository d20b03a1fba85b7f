"""Loading instrument files into the database: the one place an Instrument, its Domains
and its Items are written.

A version is frozen once a milestone uses it, because every response, consensus score and
snapshot of that milestone points at its items. Changes then go into a new version, which
becomes the current one for milestones started afterwards.
"""

from os import PathLike
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from . import instrument_sheet
from .instrument_file import (
    DomainSpec,
    InstrumentFileError,
    InstrumentSpec,
    ItemSpec,
    read_instrument_file,
)
from .models import Domain, Instrument, Item
from .scale import Scale

CREATED = "created"
UNCHANGED = "unchanged"
REPLACED = "replaced"


class InstrumentInUse(Exception):
    """The file changes a version that milestones already use."""


YAML_SUFFIXES = (".yaml", ".yml")


def instrument_read(paths) -> InstrumentSpec:
    """The instrument in ``paths`` (one path or several): a YAML file, an XLSX workbook,
    or the CSV files of the workbook's sheets or a directory holding them.

    Raises InstrumentFileError (InstrumentSheetError for a spreadsheet) listing every
    problem.
    """
    paths = [Path(paths)] if isinstance(paths, str | PathLike) else [Path(p) for p in paths]
    yaml_files = [path for path in paths if path.suffix.lower() in YAML_SUFFIXES]
    if yaml_files and len(paths) == 1:
        return read_instrument_file(paths[0])
    if yaml_files:
        raise InstrumentFileError(
            ["give one YAML file, one XLSX workbook, or the CSV files of its four sheets"]
        )
    return instrument_sheet.read_paths(paths)


def instrument_load(paths, publish=True, cycles=(), user=None) -> tuple[Instrument, str]:
    """Load the instrument in ``paths`` (see ``instrument_read``) and, unless ``publish``
    is false, publish it for ``cycles`` (none: every cycle without a version of its own).
    An unchanged version already published stays as it was published.

    Raises InstrumentFileError for an invalid file and InstrumentInUse when the file
    changes a version a milestone already uses.
    """
    spec = instrument_read(paths)
    with transaction.atomic():
        instrument, outcome = instrument_save(spec, user)
        # Loading a published version again changes nothing: it does not become the
        # newest published (and so the current) version again, unless cycles are named.
        republished = outcome == UNCHANGED and instrument.published_at and not cycles
        if publish and not republished:
            instrument_publish(instrument, cycles)
    return instrument, outcome


@transaction.atomic
def instrument_publish(instrument: Instrument, cycles=()) -> Instrument:
    """Make ``instrument`` the version new milestones start with in ``cycles`` (none: in
    every cycle no version was published for). Milestones already started keep theirs."""
    instrument.published_at = timezone.now()
    instrument.save(update_fields=["published_at"])
    instrument.cycles.set(cycles)
    return instrument


@transaction.atomic
def instrument_save(spec: InstrumentSpec, user=None) -> tuple[Instrument, str]:
    """Write a checked instrument; return it and what happened.

    The outcome is ``"created"`` for a new version, ``"unchanged"`` when the version was
    already loaded with identical content (nothing is written), and ``"replaced"`` when
    an unused version's domains and items were replaced by the spec's. A new version is
    a draft until published.

    Raises InstrumentInUse when the spec changes a version a milestone already uses.
    """
    # Lock the row so two loads of the same version cannot interleave a check and a write.
    instrument = Instrument.objects.select_for_update().filter(version=spec.version).first()
    if instrument is None:
        instrument = Instrument.objects.create(
            name=spec.name,
            version=spec.version,
            description=spec.description,
            scale=_scale_json(spec),
            source_sha256=spec.sha256,
            loaded_by=user,
        )
        _create_domains_and_items(instrument, spec)
        return instrument, CREATED

    if instrument.source_sha256 == spec.sha256:
        return instrument, UNCHANGED

    used_by = instrument.milestones.count()
    if used_by:
        milestones = "milestone" if used_by == 1 else "milestones"
        raise InstrumentInUse(
            f"{instrument.name} version {instrument.version} is used by {used_by} {milestones} "
            "and cannot be changed; load it as a new version"
        )

    instrument.name = spec.name
    instrument.description = spec.description
    instrument.scale = _scale_json(spec)
    instrument.source_sha256 = spec.sha256
    # loaded_at is left alone: replacing a version does not make it newer than later ones.
    instrument.save(update_fields=["name", "description", "scale", "source_sha256"])
    instrument.domains.all().delete()
    _create_domains_and_items(instrument, spec)
    return instrument, REPLACED


def _scale_json(spec: InstrumentSpec) -> list[dict]:
    return [point.as_json() for point in spec.scale]


def instrument_spec(instrument) -> InstrumentSpec:
    """A loaded version as the spec it was loaded from, for its download and its hash.

    Reads only the instance's fields and related managers, so a migration's historical
    model works too.
    """
    return InstrumentSpec(
        name=instrument.name,
        version=instrument.version,
        description=instrument.description,
        scale=Scale.of(instrument).points,
        domains=tuple(
            DomainSpec(
                code=domain.code,
                name=domain.name,
                examples=domain.examples,
                foundational_capabilities=tuple(domain.foundational_capabilities),
                items=tuple(
                    ItemSpec(
                        code=item.code,
                        text=item.text,
                        help=item.help,
                        advanced=item.advanced,
                        source=item.source,
                    )
                    for item in sorted(domain.items.all(), key=lambda item: item.order)
                ),
            )
            for domain in sorted(instrument.domains.all(), key=lambda domain: domain.order)
        ),
    )


def _create_domains_and_items(instrument: Instrument, spec: InstrumentSpec) -> None:
    domains = Domain.objects.bulk_create(
        Domain(
            instrument=instrument,
            code=domain.code,
            name=domain.name,
            order=order,
            examples=domain.examples,
            foundational_capabilities=list(domain.foundational_capabilities),
        )
        for order, domain in enumerate(spec.domains, start=1)
    )
    Item.objects.bulk_create(
        Item(
            domain=domain,
            code=item.code,
            text=item.text,
            help=item.help,
            advanced=item.advanced,
            source=item.source,
            order=order,
        )
        for domain, domain_spec in zip(domains, spec.domains, strict=True)
        for order, item in enumerate(domain_spec.items, start=1)
    )
