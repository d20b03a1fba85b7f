"""The catalogue of suggested action-plan activities and indicators.

Owns reading and validating ``fixtures/catalogue/pdpp-v1.yaml`` (curated from the PDPP
categories, activities and milestones) and answering which suggestions serve a VaPCAT
domain. The file is read once per process; a malformed file raises ``CatalogueError``
naming the entry and field to fix.
"""

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings

CATALOGUE_FILE = Path("fixtures") / "catalogue" / "pdpp-v1.yaml"

# The VaPCAT's five domains: Leadership, Governance, and Legal; Operations; Data,
# Analytics, and Technology; Financial; Payer and Partner Relations.
DOMAIN_CODES = ("A", "B", "C", "D", "E")

ACTIVITY_CODE = re.compile(r"ACT-[A-Z]{2,5}-[1-9][0-9]*")
INDICATOR_CODE = re.compile(r"IND-[A-Z]{2,5}-[1-9][0-9]*")


class CatalogueError(ValueError):
    """The catalogue file cannot be used; the message names the entry and field."""


@dataclass(frozen=True)
class ActivitySuggestion:
    code: str
    text: str
    source: str
    domains: tuple[str, ...]


@dataclass(frozen=True)
class IndicatorSuggestion:
    code: str
    name: str
    how_measured: str
    unit: str
    domains: tuple[str, ...]


@dataclass(frozen=True)
class Catalogue:
    version: str
    activities: tuple[ActivitySuggestion, ...]
    indicators: tuple[IndicatorSuggestion, ...]


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


def activities_for(domain_code):
    """Activity suggestions serving the domain, in file order (none for an unknown code)."""
    return tuple(a for a in catalogue().activities if domain_code in a.domains)


def indicators_for(domain_code):
    """Indicator suggestions serving the domain, in file order (none for an unknown code)."""
    return tuple(i for i in catalogue().indicators if domain_code in i.domains)


def activity(code):
    return next((a for a in catalogue().activities if a.code == code), None)


def indicator(code):
    return next((i for i in catalogue().indicators if i.code == code), None)


# --- validation ------------------------------------------------------------------------

_SECTIONS = {
    # section: (suggestion type, code pattern, example code, text fields in file order)
    "activities": (ActivitySuggestion, ACTIVITY_CODE, "ACT-EMP-1", ("text", "source")),
    "indicators": (
        IndicatorSuggestion,
        INDICATOR_CODE,
        "IND-EMP-1",
        ("name", "how_measured", "unit"),
    ),
}


def _catalogue(data, path):
    if not isinstance(data, dict):
        raise CatalogueError(f"{path}: expected a mapping with version, activities, indicators")
    unknown = sorted(set(data) - {"version", *_SECTIONS})
    if unknown:
        raise CatalogueError(f"{path}: unknown top-level field '{unknown[0]}'")
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        raise CatalogueError(f"{path}: 'version' must be a quoted string such as \"1\"")

    seen = {}
    sections = {}
    for section, spec in _SECTIONS.items():
        entries = data.get(section)
        if not isinstance(entries, list) or not entries:
            raise CatalogueError(f"{path}: '{section}' must be a non-empty list")
        sections[section] = tuple(
            _suggestion(entry, f"{section} #{number}", spec, seen, path)
            for number, entry in enumerate(entries, start=1)
        )
    return Catalogue(version.strip(), sections["activities"], sections["indicators"])


def _suggestion(entry, label, spec, seen, path):
    kind, pattern, example, text_fields = spec
    if not isinstance(entry, dict):
        raise CatalogueError(f"{path}: {label}: expected a mapping of fields")
    code = entry.get("code")
    if isinstance(code, str) and code.strip():
        label = f"{label} ({code.strip()})"

    def fail(field, problem):
        raise CatalogueError(f"{path}: {label}: '{field}' {problem}")

    allowed = ("code", *text_fields, "domains")
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

    ordered = tuple(code for code in DOMAIN_CODES if code in domains)
    return kind(domains=ordered, **values)
