"""The catalogue of suggested action-plan activities, indicators and risks.

Owns reading and validating ``fixtures/catalogue/pdpp-v1.yaml`` (curated from the PDPP
categories, activities and milestones, and from a published VBC operational-readiness
explainer's benchmarks and common mistakes) and answering which suggestions are offered
to a practice for a capability: those serving the capability's VaPCAT domain and the
practice's organisation type, the ones that address the capability's own gaps first. The
file is read once per process; a malformed file raises ``CatalogueError`` naming the
entry and field to fix.
"""

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings

from practices.models import Practice

CATALOGUE_FILE = Path("fixtures") / "catalogue" / "pdpp-v1.yaml"

# The VaPCAT's five domains: Leadership, Governance, and Legal; Operations; Data,
# Analytics, and Technology; Financial; Payer and Partner Relations.
DOMAIN_CODES = ("A", "B", "C", "D", "E")
ORGANISATION_TYPES = tuple(Practice.OrganisationType.values)

ACTIVITY_CODE = re.compile(r"ACT-[A-Z]{2,5}-[1-9][0-9]*")
INDICATOR_CODE = re.compile(r"IND-[A-Z]{2,5}-[1-9][0-9]*")
RISK_CODE = re.compile(r"RSK-[A-Z]{2,5}-[1-9][0-9]*")
BENCHMARK_CODE = re.compile(r"BEN-[A-Z]{2,5}")
# A VaPCAT item: its domain's letter and its number there (A1 ... E5).
ITEM_CODE = re.compile(r"[A-E][1-9][0-9]*")


class CatalogueError(ValueError):
    """The catalogue file cannot be used; the message names the entry and field."""


@dataclass(frozen=True)
class Benchmark:
    """One row of a benchmark table: what good, average and poor look like."""

    code: str
    name: str
    good: str
    average: str
    poor: str
    source: str


class _Offered:
    """What activity and indicator suggestions share: to whom they are offered."""

    def offered_to(self, organisation_type):
        return not self.organisation_types or organisation_type in self.organisation_types


@dataclass(frozen=True)
class ActivitySuggestion(_Offered):
    code: str
    text: str
    source: str
    domains: tuple[str, ...]
    items: tuple[str, ...] = ()
    organisation_types: tuple[str, ...] = ()  # empty: offered to every type
    contract: bool = False
    benchmarks: tuple[Benchmark, ...] = ()


@dataclass(frozen=True)
class IndicatorSuggestion(_Offered):
    code: str
    name: str
    how_measured: str
    unit: str
    source: str
    domains: tuple[str, ...]
    items: tuple[str, ...] = ()
    organisation_types: tuple[str, ...] = ()
    contract: bool = False
    benchmarks: tuple[Benchmark, ...] = ()


@dataclass(frozen=True)
class RiskSuggestion:
    code: str
    risk: str
    why_likely: str
    mitigation: str
    source: str


@dataclass(frozen=True)
class Catalogue:
    version: str
    activities: tuple[ActivitySuggestion, ...]
    indicators: tuple[IndicatorSuggestion, ...]
    benchmarks: tuple[Benchmark, ...] = ()
    risks: tuple[RiskSuggestion, ...] = ()


@dataclass(frozen=True)
class Ranked:
    """A suggestion as offered for one capability, with the capability's gaps it addresses
    (VaPCAT item codes, most pressing first)."""

    suggestion: object
    gaps: tuple[str, ...]


@functools.lru_cache(maxsize=8)
def catalogue_load(path):
    """The validated catalogue in ``path``; read once per path for the process's life."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogueError(f"{path}: cannot be read ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{path}: not valid YAML ({exc})") from exc
    return _catalogue(data, path)


def catalogue():
    """The shipped catalogue."""
    return catalogue_load(Path(settings.BASE_DIR) / CATALOGUE_FILE)


def activities_for(domain_code, organisation_type=None):
    """Activity suggestions serving the domain, in file order (none for an unknown code);
    with ``organisation_type``, only those offered to that type of practice."""
    return _offered(catalogue().activities, domain_code, organisation_type)


def indicators_for(domain_code, organisation_type=None):
    """Indicator suggestions serving the domain, in file order (none for an unknown code);
    with ``organisation_type``, only those offered to that type of practice."""
    return _offered(catalogue().indicators, domain_code, organisation_type)


def _offered(suggestions, domain_code, organisation_type):
    return tuple(
        s
        for s in suggestions
        if domain_code in s.domains
        and (organisation_type is None or s.offered_to(organisation_type))
    )


def ranked(suggestions, gaps):
    """``suggestions`` as ``Ranked``: first those that address one of ``gaps`` (VaPCAT item
    codes, most pressing first), ordered by the most pressing gap each addresses, then
    the rest; file order otherwise."""
    urgency = {code: order for order, code in enumerate(gaps)}
    offered = []
    for suggestion in suggestions:
        addressed = sorted((c for c in suggestion.items if c in urgency), key=urgency.get)
        offered.append(Ranked(suggestion, tuple(addressed)))
    # sorted() is stable: equal keys keep the file's order.
    return sorted(offered, key=lambda r: urgency[r.gaps[0]] if r.gaps else len(urgency))


def activity(code):
    return next((a for a in catalogue().activities if a.code == code), None)


def indicator(code):
    return next((i for i in catalogue().indicators if i.code == code), None)


def risk(code):
    return next((r for r in catalogue().risks if r.code == code), None)


# --- validation ------------------------------------------------------------------------

_SECTIONS = {
    # section: (suggestion type, code pattern, example code, text fields in file order)
    "activities": (ActivitySuggestion, ACTIVITY_CODE, "ACT-EMP-1", ("text", "source")),
    "indicators": (
        IndicatorSuggestion,
        INDICATOR_CODE,
        "IND-EMP-1",
        ("name", "how_measured", "unit", "source"),
    ),
}
# Optional fields of activities and indicators.
_MATCHING = ("items", "organisation_types", "contract", "benchmarks")
_TABLES = {
    # optional section: (entry type, code pattern, example code, text fields)
    "benchmarks": (
        Benchmark,
        BENCHMARK_CODE,
        "BEN-CCS",
        ("name", "good", "average", "poor", "source"),
    ),
    "risks": (
        RiskSuggestion,
        RISK_CODE,
        "RSK-VBC-1",
        ("risk", "why_likely", "mitigation", "source"),
    ),
}


def _catalogue(data, path):
    if not isinstance(data, dict):
        raise CatalogueError(f"{path}: expected a mapping with version, activities, indicators")
    unknown = sorted(set(data) - {"version", *_SECTIONS, *_TABLES})
    if unknown:
        raise CatalogueError(f"{path}: unknown top-level field '{unknown[0]}'")
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        raise CatalogueError(f"{path}: 'version' must be a quoted string such as \"1\"")

    seen = {}
    tables = {}
    for section, spec in _TABLES.items():
        entries = data.get(section, [])
        if not isinstance(entries, list):
            raise CatalogueError(f"{path}: '{section}' must be a list")
        tables[section] = tuple(
            spec[0](**_entry(entry, f"{section} #{number}", spec, (), seen, path)[0])
            for number, entry in enumerate(entries, start=1)
        )
    benchmarks = {b.code: b for b in tables["benchmarks"]}

    sections = {}
    for section, spec in _SECTIONS.items():
        entries = data.get(section)
        if not isinstance(entries, list) or not entries:
            raise CatalogueError(f"{path}: '{section}' must be a non-empty list")
        sections[section] = tuple(
            _suggestion(entry, f"{section} #{number}", spec, seen, benchmarks, path)
            for number, entry in enumerate(entries, start=1)
        )
    return Catalogue(
        version.strip(),
        sections["activities"],
        sections["indicators"],
        benchmarks=tables["benchmarks"],
        risks=tables["risks"],
    )


def _entry(entry, label, spec, optional, seen, path):
    """An entry's code and text fields, validated, as (values, fail): ``fail(field,
    problem)`` refuses the file naming this entry; ``optional`` fields are left to the
    caller."""
    _, pattern, example, text_fields = spec
    if not isinstance(entry, dict):
        raise CatalogueError(f"{path}: {label}: expected a mapping of fields")
    code = entry.get("code")
    if isinstance(code, str) and code.strip():
        label = f"{label} ({code.strip()})"

    def fail(field, problem):
        raise CatalogueError(f"{path}: {label}: '{field}' {problem}")

    allowed = ("code", *text_fields, *optional)
    for field in entry:
        if field not in allowed:
            fail(field, f"is not a known field (expected {', '.join(allowed)})")

    values = {}
    for field in ("code", *text_fields):
        value = entry.get(field)
        if field not in entry:
            fail(field, "is missing")
        if not isinstance(value, str) or not value.strip():
            fail(field, "must be non-empty text")
        values[field] = value.strip()

    if not pattern.fullmatch(values["code"]):
        fail("code", f"must look like {example}")
    if values["code"] in seen:
        fail("code", f"repeats the code of {seen[values['code']]}")
    seen[values["code"]] = label
    return values, fail


def _codes(entry, field, fail, valid, describe):
    """An optional list field: unique values, each ``valid``."""
    values = entry.get(field, [])
    if not isinstance(values, list) or (field in entry and not values):
        fail(field, f"must be a non-empty list of {describe}")
    for value in values:
        if not isinstance(value, str) or not valid(value):
            fail(field, f"has unknown value {value!r}; use {describe}")
    if len(set(values)) != len(values):
        fail(field, "lists a value more than once")
    return values


def _suggestion(entry, label, spec, seen, benchmarks, path):
    kind = spec[0]
    values, fail = _entry(entry, label, spec, ("domains", *_MATCHING), seen, path)

    domains = entry.get("domains")
    if "domains" not in entry:
        fail("domains", "is missing")
    if not isinstance(domains, list) or not domains:
        fail("domains", f"must be a non-empty list of domain codes ({', '.join(DOMAIN_CODES)})")
    for domain in domains:
        if domain not in DOMAIN_CODES:
            fail("domains", f"has unknown domain code {domain!r}; use {', '.join(DOMAIN_CODES)}")
    if len(set(domains)) != len(domains):
        fail("domains", "lists a domain more than once")

    items = _codes(entry, "items", fail, ITEM_CODE.fullmatch, "VaPCAT item codes such as B4")
    for item in items:
        if item[0] not in domains:
            fail("items", f"names {item}, whose domain {item[0]} is not in 'domains'")
    types = _codes(
        entry,
        "organisation_types",
        fail,
        ORGANISATION_TYPES.__contains__,
        f"organisation types ({', '.join(ORGANISATION_TYPES)})",
    )
    named = _codes(
        entry, "benchmarks", fail, benchmarks.__contains__, "codes of the 'benchmarks' table"
    )
    contract = entry.get("contract", False)
    if not isinstance(contract, bool):
        fail("contract", "must be true or false")

    ordered = tuple(code for code in DOMAIN_CODES if code in domains)
    return kind(
        domains=ordered,
        items=tuple(items),
        organisation_types=tuple(types),
        contract=contract,
        benchmarks=tuple(benchmarks[code] for code in named),
        **values,
    )
