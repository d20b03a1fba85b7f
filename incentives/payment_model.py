"""The payment model file (``fixtures/payment_models/*.yaml``): reading it, checking it and
returning it as plain frozen dataclasses for ``incentives.model``.

Every problem in the file is collected and reported at once, each message naming the
entry (``measures[3] (COL-E) attainment.gold_percent.adult``), as the instrument loader does.
"""

import functools
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.conf import settings

DEFAULT_FILE = "fixtures/payment_models/ca-apc-2025.yaml"
PRACTICE_TYPES = ("mixed", "adult", "pediatric")
MEASURE_TYPES = ("quality", "utilization", "cost")
POPULATIONS = ("adult", "pediatric", "both")
SEXES = ("female", "male", "unknown")


class PaymentModelError(Exception):
    """A payment model file that cannot be used; ``messages`` lists every problem."""

    def __init__(self, messages):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


@dataclass(frozen=True)
class Part:
    """What one result is judged against: the whole measure, or one DSF-E component."""

    code: str  # "" for a measure of one part
    name: str
    share: Decimal  # of the measure's percentages
    minimum: Decimal  # the improvement range's first number as printed (its worse end)
    threshold: Decimal  # the attainment threshold (the range's other end)
    gold: Decimal  # the attainment gold standard
    source: str


@dataclass(frozen=True)
class Measure:
    code: str
    name: str
    type: str
    population: str
    qti: bool
    lower_is_better: bool
    parts: tuple[Part, ...]
    # Per practice type; None where the guide prints NA.
    improvement_percent: dict
    threshold_percent: dict
    gold_percent: dict

    @property
    def has_components(self):
        return len(self.parts) > 1

    def applies_to(self, practice_type):
        return self.gold_percent.get(practice_type) is not None


@dataclass(frozen=True)
class TrackingMeasure:
    code: str
    name: str
    type: str
    population: str
    qti: bool


@dataclass(frozen=True)
class AgeBand:
    band: str
    from_age: int
    to_age: int | None  # None: and over
    factors: dict  # sex -> Decimal


@dataclass(frozen=True)
class PaymentModel:
    name: str
    version: str
    source: str
    note: str
    suggested_incentive_percent: Decimal
    tracks: tuple
    age_bands: tuple[AgeBand, ...]
    hpi_uplift_percent: dict  # decile 1-10 -> Decimal
    quality_min_denominator: dict  # population -> int
    min_member_months: int
    full_pool_percent: Decimal
    half_pool_percent: Decimal
    gap_closure: Decimal
    measures: tuple[Measure, ...]
    tracking_measures: tuple[TrackingMeasure, ...]

    def measure(self, code):
        return next((m for m in self.measures if m.code == code), None)

    def band(self, name):
        return next((b for b in self.age_bands if b.band == name), None)


class _Reader:
    """Reads values out of nested mappings, noting each problem with where it was."""

    def __init__(self):
        self.problems = []

    def get(self, mapping, key, where, kind, *, optional=False, default=None):
        if not isinstance(mapping, dict):
            self.problems.append(f"{where}: expected a mapping")
            return default
        if key not in mapping:
            if not optional:
                self.problems.append(f"{where}.{key}: missing")
            return default
        return self.value(mapping[key], f"{where}.{key}", kind, optional=optional)

    def value(self, value, where, kind, *, optional=False):
        if value is None:
            if not optional:
                self.problems.append(f"{where}: missing")
            return None
        if kind == "number":
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                self.problems.append(f"{where}: expected a number, got {value!r}")
                return None
            try:
                number = Decimal(str(value))
            except InvalidOperation:
                self.problems.append(f"{where}: expected a number, got {value!r}")
                return None
            if not number.is_finite() or number < 0:
                self.problems.append(f"{where}: expected a number >= 0, got {value!r}")
                return None
            return number
        if kind == "text":
            if not isinstance(value, str) or not value.strip():
                self.problems.append(f"{where}: expected text, got {value!r}")
                return None
            return value.strip()
        if kind == "bool":
            if not isinstance(value, bool):
                self.problems.append(f"{where}: expected true or false, got {value!r}")
                return None
            return value
        if kind == "list":
            if not isinstance(value, list):
                self.problems.append(f"{where}: expected a list")
                return []
            return value
        if kind == "mapping":
            if not isinstance(value, dict):
                self.problems.append(f"{where}: expected a mapping")
                return {}
            return value
        raise ValueError(kind)

    def choice(self, mapping, key, where, choices):
        value = self.get(mapping, key, where, "text")
        if value is not None and value not in choices:
            self.problems.append(f"{where}.{key}: {value!r} is not one of {', '.join(choices)}")
        return value

    def per_type(self, mapping, key, where):
        """A ``{mixed, pediatric, adult}`` mapping of percentages (null for NA)."""
        values = self.get(mapping, key, where, "mapping", default={}) or {}
        if not isinstance(values, dict):
            return {}
        unknown = set(values) - set(PRACTICE_TYPES)
        if unknown:
            self.problems.append(f"{where}.{key}: unknown practice type {sorted(unknown)}")
        return {
            t: self.get(values, t, f"{where}.{key}", "number", optional=True)
            if t in values
            else self._missing(f"{where}.{key}.{t}")
            for t in PRACTICE_TYPES
        }

    def _missing(self, where):
        self.problems.append(f"{where}: missing (write null for NA)")
        return None


def _part(reader, code, name, share, improvement, attainment, where):
    range_ = reader.get(improvement, "range", f"{where}.improvement", "list", default=[])
    if not (isinstance(range_, list) and len(range_) == 2):
        reader.problems.append(f"{where}.improvement.range: expected [first, second]")
        range_ = [None, None]
    first = reader.value(range_[0], f"{where}.improvement.range[0]", "number")
    second = reader.value(range_[1], f"{where}.improvement.range[1]", "number")
    gold_4 = reader.get(improvement, "gold_standard", f"{where}.improvement", "number")
    threshold = reader.get(attainment, "threshold", f"{where}.attainment", "number")
    gold_5 = reader.get(attainment, "gold_standard", f"{where}.attainment", "number")
    if None not in (second, threshold) and second != threshold:
        reader.problems.append(
            f"{where}: the improvement range ends at {second} but the attainment threshold "
            f"is {threshold} (Tables 4 and 5 must agree)"
        )
    if None not in (gold_4, gold_5) and gold_4 != gold_5:
        reader.problems.append(
            f"{where}: gold standard {gold_4} in Table 4 but {gold_5} in Table 5"
        )
    if None not in (first, threshold, gold_5):
        lower = first > threshold
        if lower and not threshold >= gold_5 or not lower and not threshold <= gold_5:
            reader.problems.append(
                f"{where}: the range {first}-{threshold} and gold standard {gold_5} "
                "do not run in one direction"
            )
    sources = [
        s
        for s in (
            reader.get(improvement, "source", f"{where}.improvement", "text", optional=True),
            reader.get(attainment, "source", f"{where}.attainment", "text", optional=True),
        )
        if s
    ]
    return Part(
        code=code,
        name=name,
        share=share,
        minimum=first,
        threshold=threshold,
        gold=gold_5,
        source=", ".join(sources),
    )


def _measure(reader, raw, where):
    code = reader.get(raw, "code", where, "text") or "?"
    where = f"{where} ({code})"
    name = reader.get(raw, "name", where, "text")
    type_ = reader.choice(raw, "type", where, MEASURE_TYPES)
    population = reader.choice(raw, "population", where, POPULATIONS)
    qti = reader.get(raw, "qti", where, "bool")
    lower = reader.get(raw, "lower_is_better", where, "bool", optional=True) or False
    improvement = reader.get(raw, "improvement", where, "mapping", default={})
    attainment = reader.get(raw, "attainment", where, "mapping", default={})
    components = reader.get(raw, "components", where, "list", optional=True)
    parts = []
    if components:
        for i, component in enumerate(components):
            cwhere = f"{where} components[{i}]"
            ccode = reader.get(component, "code", cwhere, "text") or "?"
            parts.append(
                _part(
                    reader,
                    ccode,
                    reader.get(component, "name", cwhere, "text"),
                    reader.get(component, "share", cwhere, "number"),
                    reader.get(component, "improvement", cwhere, "mapping", default={}),
                    reader.get(component, "attainment", cwhere, "mapping", default={}),
                    f"{cwhere} ({ccode})",
                )
            )
        shares = [p.share for p in parts if p.share is not None]
        if len(shares) == len(parts) and sum(shares) != 1:
            reader.problems.append(f"{where}.components: shares add up to {sum(shares)}, not 1")
    else:
        parts.append(_part(reader, "", name, Decimal(1), improvement, attainment, where))
    measure = Measure(
        code=code,
        name=name,
        type=type_,
        population=population,
        qti=qti,
        lower_is_better=lower,
        parts=tuple(parts),
        improvement_percent=reader.per_type(improvement, "percent", f"{where}.improvement"),
        threshold_percent=reader.per_type(attainment, "threshold_percent", f"{where}.attainment"),
        gold_percent=reader.per_type(attainment, "gold_percent", f"{where}.attainment"),
    )
    for part in measure.parts:
        if None in (part.minimum, part.threshold, part.gold):
            continue
        if (part.minimum > part.threshold) != lower and part.minimum != part.threshold:
            reader.problems.append(
                f"{where}: lower_is_better is {str(lower).lower()} but the improvement range "
                f"runs {part.minimum}-{part.threshold}"
            )
    for practice_type in PRACTICE_TYPES:
        values = [
            measure.improvement_percent[practice_type],
            measure.threshold_percent[practice_type],
            measure.gold_percent[practice_type],
        ]
        if any(v is None for v in values) and any(v is not None for v in values):
            reader.problems.append(
                f"{where}: {practice_type} is NA in some columns only (all three or none)"
            )
        elif None not in values and not values[0] <= values[1] <= values[2]:
            reader.problems.append(
                f"{where}: {practice_type} percentages must rise improvement <= threshold <= gold"
            )
    return measure


def parse(data):
    """A ``PaymentModel`` from the file's parsed YAML, or ``PaymentModelError``."""
    r = _Reader()
    if not isinstance(data, dict):
        raise PaymentModelError(["the file must hold a mapping"])
    tracks = tuple(
        (
            r.get(t, "code", f"direct_service_tracks[{i}]", "text"),
            r.get(t, "name", f"direct_service_tracks[{i}]", "text"),
            r.get(t, "source", f"direct_service_tracks[{i}]", "text"),
        )
        for i, t in enumerate(r.get(data, "direct_service_tracks", "file", "list", default=[]))
    )
    if [t[0] for t in tracks] != ["A", "B", "C"]:
        r.problems.append("direct_service_tracks: expected the tracks A, B and C")

    factors = r.get(data, "age_gender_factors", "file", "mapping", default={})
    bands = []
    for i, raw in enumerate(r.get(factors, "bands", "age_gender_factors", "list", default=[])):
        where = f"age_gender_factors.bands[{i}]"
        to_age = r.get(raw, "to_age", where, "number", optional=True)
        bands.append(
            AgeBand(
                band=r.get(raw, "band", where, "text"),
                from_age=r.get(raw, "from_age", where, "number"),
                to_age=to_age,
                factors={sex: r.get(raw, sex, where, "number") for sex in SEXES},
            )
        )
    for i, (before, after) in enumerate(zip(bands, bands[1:], strict=False)):
        if before.to_age is None or before.to_age != after.from_age:
            r.problems.append(
                f"age_gender_factors.bands[{i + 1}]: does not start where the previous band ends"
            )
    if bands and bands[-1].to_age is not None:
        r.problems.append("age_gender_factors.bands: the last band must be open (to_age: null)")

    hpi = r.get(data, "hpi_adjustment", "file", "mapping", default={})
    deciles = r.get(hpi, "uplift_percent_by_decile", "hpi_adjustment", "mapping", default={})
    uplift = {}
    for decile in range(1, 11):
        uplift[decile] = r.get(deciles, decile, "hpi_adjustment.uplift_percent_by_decile", "number")

    validity = r.get(data, "validity", "file", "mapping", default={})
    denominators = r.get(validity, "quality_min_denominator", "validity", "mapping", default={})
    min_denominator = {
        p: r.get(denominators, p, "validity.quality_min_denominator", "number") for p in POPULATIONS
    }
    half = r.get(data, "half_rule", "file", "mapping", default={})
    improvement_rule = r.get(data, "improvement_rule", "file", "mapping", default={})

    measures = tuple(
        _measure(r, raw, f"measures[{i}]")
        for i, raw in enumerate(r.get(data, "measures", "file", "list", default=[]))
    )
    codes = [m.code for m in measures]
    for code in {c for c in codes if codes.count(c) > 1}:
        r.problems.append(f"measures: the code {code} is used twice")
    tracking = tuple(
        TrackingMeasure(
            code=r.get(raw, "code", f"tracking_measures[{i}]", "text"),
            name=r.get(raw, "name", f"tracking_measures[{i}]", "text"),
            type=r.choice(raw, "type", f"tracking_measures[{i}]", MEASURE_TYPES),
            population=r.choice(raw, "population", f"tracking_measures[{i}]", POPULATIONS),
            qti=r.get(raw, "qti", f"tracking_measures[{i}]", "bool"),
        )
        for i, raw in enumerate(r.get(data, "tracking_measures", "file", "list", default=[]))
    )
    if r.problems:
        raise PaymentModelError(r.problems)
    return PaymentModel(
        name=r.get(data, "name", "file", "text"),
        version=str(data.get("version", "")),
        source=r.get(data, "source", "file", "text"),
        note=r.get(data, "note", "file", "text"),
        suggested_incentive_percent=r.get(
            data, "suggested_incentive_percent_of_base", "file", "number"
        ),
        tracks=tracks,
        age_bands=tuple(bands),
        hpi_uplift_percent=uplift,
        quality_min_denominator={p: int(v) for p, v in min_denominator.items()},
        min_member_months=int(
            r.get(validity, "utilization_and_cost_min_member_months", "validity", "number")
        ),
        full_pool_percent=r.get(half, "at_least_half_valid_pool_percent", "half_rule", "number"),
        half_pool_percent=r.get(half, "fewer_than_half_valid_pool_percent", "half_rule", "number"),
        gap_closure=r.get(improvement_rule, "gap_closure_needed", "improvement_rule", "number"),
        measures=measures,
        tracking_measures=tracking,
    )


def read(path):
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise PaymentModelError([f"{path.name}: {error}"]) from None
    return parse(data)


@functools.cache
def default_model():
    """The CA APC 2025 model the pages and the command use (read once per process)."""
    return read(Path(settings.BASE_DIR) / DEFAULT_FILE)
