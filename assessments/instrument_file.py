"""The instrument file format (``fixtures/instruments/*.yaml``): reading one file, checking
it against the schema and returning it as plain dataclasses.

Nothing here touches the database; ``assessments/instruments.py`` writes what this module
returns. Every problem in a file is collected and reported at once, each message naming
where it is (``domains[2] (C) items[3] (C4)``) and which field, so whoever edits the file
can fix it in one pass.
"""

import hashlib
import json
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import scale as scales
from .scale import Point as ScalePoint

# Limits of the model fields the values end up in, so a long value is reported here
# rather than failing halfway through a load.
NAME_MAX_LENGTH = 120
VERSION_MAX_LENGTH = 20
DOMAIN_CODE_MAX_LENGTH = 10
ITEM_CODE_MAX_LENGTH = 20

INSTRUMENT_KEYS = ("name", "version", "description", "scale", "domains")
DOMAIN_KEYS = ("code", "name", "examples", "foundational_capabilities", "items")
ITEM_KEYS = ("code", "text", "help", "advanced", "source")
SCALE_KEYS = ("value", "label", "meaning")
# Keys a file may leave out.
OPTIONAL_KEYS = {"source"}

# Stands for a key absent from a mapping, as opposed to one present with a null value.
_MISSING = object()


class InstrumentFileError(Exception):
    """An instrument file that cannot be loaded; ``messages`` lists every problem found."""

    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


@dataclass(frozen=True)
class ItemSpec:
    code: str
    text: str
    help: str
    advanced: bool
    # Where the item comes from (the template's words it was written from); optional.
    source: str = ""


@dataclass(frozen=True)
class DomainSpec:
    code: str
    name: str
    examples: str
    foundational_capabilities: tuple[str, ...]
    items: tuple[ItemSpec, ...]


@dataclass(frozen=True)
class InstrumentSpec:
    name: str
    version: str
    description: str
    scale: tuple[ScalePoint, ...]
    domains: tuple[DomainSpec, ...]

    @property
    def sha256(self) -> str:
        """The content hash: the same instrument from YAML, XLSX or CSV hashes the same."""
        return content_sha256(self.as_data())

    def as_data(self) -> dict:
        """The instrument as plain data, in the order of the file."""
        return {
            "name": self.name,
            "version": self.version,
            "description": self.description,
            "scale": [point.as_json() for point in self.scale],
            "domains": [
                {
                    "code": domain.code,
                    "name": domain.name,
                    "examples": domain.examples,
                    "foundational_capabilities": list(domain.foundational_capabilities),
                    "items": [
                        {
                            "code": item.code,
                            "text": item.text,
                            "help": item.help,
                            "advanced": item.advanced,
                            "source": item.source,
                        }
                        for item in domain.items
                    ],
                }
                for domain in self.domains
            ],
        }


def content_sha256(data: dict) -> str:
    """SHA-256 of an instrument's plain data (``InstrumentSpec.as_data``), key order aside."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def read_instrument_file(path) -> InstrumentSpec:
    """Read and check the instrument file at ``path``; raise InstrumentFileError if invalid."""
    try:
        content = Path(path).read_bytes()
    except OSError as exc:
        raise InstrumentFileError([f"cannot read {path}: {exc.strerror or exc}"]) from exc
    return parse_instrument(content)


def parse_instrument(content: bytes) -> InstrumentSpec:
    """Check the bytes of an instrument file and return them as an InstrumentSpec."""
    try:
        # safe_load's loader, plus a check for repeated keys.
        data = yaml.load(content, Loader=_StrictSafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise InstrumentFileError([_describe_yaml_error(exc)]) from exc
    except yaml.YAMLError as exc:
        raise InstrumentFileError([f"not valid YAML: {exc}"]) from exc
    return _Checker().instrument(data)


class _StrictSafeLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key repeated in one mapping.

    Plain YAML keeps the last of two ``text:`` lines without a word, which would load an
    item with text nobody meant to keep.
    """

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                continue  # the SafeLoader itself refuses it below, with its line
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _describe_yaml_error(exc: yaml.MarkedYAMLError) -> str:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "invalid YAML"
    if mark is None:
        return f"YAML syntax error: {problem}"
    return f"YAML syntax error at line {mark.line + 1}, column {mark.column + 1}: {problem}"


class _Checker:
    """Walks the parsed YAML once, collecting messages instead of stopping at the first."""

    def __init__(self):
        self.messages: list[str] = []

    def error(self, where: str, message: str) -> None:
        self.messages.append(f"{where}: {message}" if where else message)

    def instrument(self, data) -> InstrumentSpec:
        if data is None:
            raise InstrumentFileError(["the file is empty"])
        if not isinstance(data, dict):
            raise InstrumentFileError(
                ["the file must be a mapping with keys " + ", ".join(INSTRUMENT_KEYS)]
            )
        self.keys("", data, INSTRUMENT_KEYS)
        name = self.text("", data, "name", NAME_MAX_LENGTH)
        version = self.version(data)
        description = self.text("", data, "description", required=False)
        scale = self.scale(data.get("scale", _MISSING))
        domains = self.domains(data.get("domains", _MISSING))
        if self.messages:
            raise InstrumentFileError(self.messages)
        return InstrumentSpec(
            name=name,
            version=version,
            description=description,
            scale=scale,
            domains=domains,
        )

    def keys(self, where: str, mapping: dict, expected: tuple[str, ...]) -> None:
        for key in expected:
            if key not in mapping and key not in OPTIONAL_KEYS:
                self.error(where, f"{key!r} is missing")
        for key in mapping:
            if key not in expected:
                self.error(where, f"{key!r} is not a known key (expected {', '.join(expected)})")

    def text(self, where, mapping, key, max_length=None, required=True) -> str:
        """A string field; ``required`` means it must also not be blank."""
        if key not in mapping:
            return ""  # reported by keys()
        # "help:" with nothing after it is null in YAML; treat it as empty text.
        value = "" if mapping[key] is None else mapping[key]
        if not isinstance(value, str):
            self.error(where, f"{key!r} must be text, not {_yaml_type(value)}")
            return ""
        value = value.strip()
        if required and not value:
            self.error(where, f"{key!r} must not be empty")
        if max_length and len(value) > max_length:
            self.error(where, f"{key!r} must be at most {max_length} characters")
        return value

    def version(self, data) -> str:
        value = data.get("version")
        if value is not None and not isinstance(value, str):
            # Unquoted, YAML reads 1 as a number and 1.10 as 1.1; insist on quotes.
            self.error("", f"'version' must be text in quotes, e.g. \"{value}\"")
            return ""
        return self.text("", data, "version", VERSION_MAX_LENGTH)

    def scale(self, scale) -> tuple[ScalePoint, ...]:
        if scale is _MISSING:
            return ()  # reported by keys()
        if not isinstance(scale, list):
            self.error("scale", f"must be a list of {{value, label}}, not {_yaml_type(scale)}")
            return ()
        points = []
        for index, point in enumerate(scale):
            where = f"scale[{index}]"
            if not isinstance(point, dict):
                self.error(where, "must be a mapping with keys " + ", ".join(SCALE_KEYS))
                continue
            self.keys(where, point, SCALE_KEYS)
            value = point.get("value")
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                self.error(where, f"'value' must be a whole number or null, not {value!r}")
                continue
            meaning = point.get("meaning")
            if "meaning" in point and meaning not in scales.MEANINGS:
                self.error(
                    where, f"'meaning' must be one of {', '.join(scales.MEANINGS)}, not {meaning!r}"
                )
                continue
            label = self.text(where, point, "label")
            if "meaning" in point:
                points.append(ScalePoint(value=value, label=label, meaning=meaning))
        indexes = [index for index, point in enumerate(scale) if isinstance(point, dict)]
        for index, message in scales.problems(points) if len(points) == len(scale) else ():
            self.error("scale" if index is None else f"scale[{indexes[index]}]", message)
        return tuple(points)

    def domains(self, domains) -> tuple[DomainSpec, ...]:
        if domains is _MISSING:
            return ()  # reported by keys()
        if not isinstance(domains, list) or not domains:
            self.error("domains", "must be a non-empty list of domains")
            return ()
        domain_codes: dict[str, str] = {}
        # Item codes are unique across the instrument, not only within a domain, so a
        # code such as "C4" names one item wherever it is quoted.
        item_codes: dict[str, str] = {}
        specs = []
        for index, domain in enumerate(domains):
            code = domain.get("code") if isinstance(domain, dict) else None
            where = f"domains[{index}]" + (f" ({code})" if isinstance(code, str) else "")
            if not isinstance(domain, dict):
                self.error(where, "must be a mapping with keys " + ", ".join(DOMAIN_KEYS))
                continue
            self.keys(where, domain, DOMAIN_KEYS)
            code = self.text(where, domain, "code", DOMAIN_CODE_MAX_LENGTH)
            if code in domain_codes:
                self.error(where, f"code {code!r} is already used by {domain_codes[code]}")
            elif code:
                domain_codes[code] = f"domains[{index}]"
            specs.append(
                DomainSpec(
                    code=code,
                    name=self.text(where, domain, "name", NAME_MAX_LENGTH),
                    examples=self.text(where, domain, "examples", required=False),
                    foundational_capabilities=self.capabilities(where, domain),
                    items=self.items(where, domain.get("items", _MISSING), item_codes),
                )
            )
        return tuple(specs)

    def capabilities(self, where, domain) -> tuple[str, ...]:
        capabilities = domain.get("foundational_capabilities", _MISSING)
        if capabilities is _MISSING:
            return ()  # reported by keys()
        if not isinstance(capabilities, list):
            self.error(where, "'foundational_capabilities' must be a list of text")
            return ()
        result = []
        for index, capability in enumerate(capabilities):
            if not isinstance(capability, str) or not capability.strip():
                self.error(where, f"'foundational_capabilities'[{index}] must be non-empty text")
            elif "\n" in capability.strip():
                # A spreadsheet holds the capabilities one per line of a cell.
                self.error(where, f"'foundational_capabilities'[{index}] must be one line")
            else:
                result.append(capability.strip())
        return tuple(result)

    def items(self, domain_where, items, item_codes) -> tuple[ItemSpec, ...]:
        if items is _MISSING:
            return ()  # reported by keys()
        if not isinstance(items, list) or not items:
            self.error(domain_where, "'items' must be a list with at least one item")
            return ()
        specs = []
        for index, item in enumerate(items):
            code = item.get("code") if isinstance(item, dict) else None
            where = f"{domain_where} items[{index}]" + (
                f" ({code})" if isinstance(code, str) else ""
            )
            if not isinstance(item, dict):
                self.error(where, "must be a mapping with keys " + ", ".join(ITEM_KEYS))
                continue
            self.keys(where, item, ITEM_KEYS)
            code = self.text(where, item, "code", ITEM_CODE_MAX_LENGTH)
            if code in item_codes:
                self.error(where, f"code {code!r} is already used by {item_codes[code]}")
            elif code:
                item_codes[code] = where
            advanced = item.get("advanced")
            if "advanced" in item and not isinstance(advanced, bool):
                self.error(where, f"'advanced' must be true or false, not {advanced!r}")
            specs.append(
                ItemSpec(
                    code=code,
                    text=self.text(where, item, "text"),
                    help=self.text(where, item, "help", required=False),
                    advanced=advanced is True,
                    source=self.text(where, item, "source", required=False),
                )
            )
        return tuple(specs)


def _yaml_type(value) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
