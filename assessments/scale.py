"""An instrument's answer scale and what each of its values means for the template's rubric.

The template's maturity rubric speaks of items "not in place", with "minimal components",
"partially in place" and "an area of strength". An instrument may rate on any scale (ours
is 0-3, the sibling PhmCAT rates 1-10); each value declares which of those it means, and
the scoring rules in ``scoring.py`` read the meanings, never the numbers. "Don't know" is
the value ``None`` and means ``unknown``.
"""

from dataclasses import dataclass
from fractions import Fraction
from math import ceil

NOT_IN_PLACE = "not_in_place"
MINIMAL = "minimal"
PARTIAL = "partial"
STRENGTH = "strength"
UNKNOWN = "unknown"

# In the rubric's order; the rank of a meaning is its index (unknown counts as not in place).
RUBRIC_MEANINGS = (NOT_IN_PLACE, MINIMAL, PARTIAL, STRENGTH)
MEANINGS = (*RUBRIC_MEANINGS, UNKNOWN)
MEANING_LABELS = {
    NOT_IN_PLACE: "Not in place",
    MINIMAL: "Minimal components in place",
    PARTIAL: "Partially in place",
    STRENGTH: "Area of strength",
    UNKNOWN: "Don't know",
}
# A scale must say which values mean these; "partially in place" may be absent from a short
# scale (no / some / yes), the others are what the maturity rule counts.
REQUIRED_MEANINGS = (NOT_IN_PLACE, MINIMAL, STRENGTH)

# Version 1's scale, stored before scales declared their meanings (older snapshots).
LEGACY_MEANINGS = {0: NOT_IN_PLACE, 1: MINIMAL, 2: PARTIAL, 3: STRENGTH, None: UNKNOWN}

LOWEST_VALUE = 0
HIGHEST_VALUE = 100
# Respondents diverge when their answers are this many steps apart on a four-value scale;
# longer scales need a third of their range (PRODUCT.md 3.2).
DIVERGENCE_STEPS = 2


@dataclass(frozen=True)
class Point:
    value: int | None
    label: str
    meaning: str

    def as_json(self) -> dict:
        return {"value": self.value, "label": self.label, "meaning": self.meaning}


class Scale:
    """The answer scale of one instrument, built from its stored JSON list of points."""

    def __init__(self, points):
        self.points = tuple(_point(point) for point in points)
        self.known = tuple(
            sorted((p for p in self.points if p.value is not None), key=lambda p: p.value)
        )
        self.values = tuple(p.value for p in self.known)
        self._by_value = {p.value: p for p in self.points}
        self._step = {value: index for index, value in enumerate(self.values)}

    @classmethod
    def of(cls, instrument_or_points):
        points = getattr(instrument_or_points, "scale", instrument_or_points)
        return cls(points or [])

    @classmethod
    def legacy(cls):
        """Version 1's scale, for content stored before scales were stored with it."""
        return cls(
            {"value": value, "label": MEANING_LABELS[meaning], "meaning": meaning}
            for value, meaning in LEGACY_MEANINGS.items()
        )

    def __eq__(self, other):
        return isinstance(other, Scale) and self.points == other.points

    def __hash__(self):
        return hash(self.points)

    def as_json(self) -> list[dict]:
        return [point.as_json() for point in self.points]

    @property
    def lowest(self) -> int:
        return self.values[0]

    @property
    def highest(self) -> int:
        return self.values[-1]

    @property
    def has_dont_know(self) -> bool:
        return None in self._by_value

    @property
    def span(self) -> str:
        """The range in words, e.g. "0-3" or "1-10"."""
        return f"{self.lowest}-{self.highest}"

    def label(self, value) -> str:
        point = self._by_value.get(value)
        return point.label if point else str(value)

    def meaning(self, value) -> str:
        if value is None:
            return UNKNOWN
        return self._by_value[value].meaning

    def rank(self, value) -> int:
        """0-3 in the rubric's order; "don't know" and no answer count as not in place."""
        meaning = self.meaning(value)
        return 0 if meaning == UNKNOWN else RUBRIC_MEANINGS.index(meaning)

    def at_least_minimal(self, value) -> bool:
        return value is not None and self.rank(value) >= 1

    def is_strength(self, value) -> bool:
        return value is not None and self.meaning(value) == STRENGTH

    def values_meaning(self, meaning) -> tuple[int, ...]:
        return tuple(p.value for p in self.known if p.meaning == meaning)

    def describe_meaning(self, meaning) -> str:
        """The values that mean ``meaning``, e.g. "3" or "8-10"."""
        values = self.values_meaning(meaning)
        if not values:
            return ""
        if len(values) == 1:
            return str(values[0])
        return f"{values[0]}-{values[-1]}"

    def is_value(self, value) -> bool:
        return value in self._step

    def nearest(self, mean) -> int:
        """The scale value nearest a mean of answers; halfway between two, the higher."""
        mean = Fraction(mean)
        return min(self.values, key=lambda value: (abs(Fraction(value) - mean), -value))

    def steps(self, low, high) -> int:
        """How many scale steps lie between two values."""
        return abs(self._step[high] - self._step[low])

    @property
    def divergence_steps(self) -> int:
        """Answers this many steps apart or more diverge: 2 on a four-value scale, a third of
        the range (rounded up) on longer ones."""
        return max(DIVERGENCE_STEPS, ceil((len(self.values) - 1) / 3))


def _point(point) -> Point:
    if isinstance(point, Point):
        return point
    value = point.get("value")
    meaning = point.get("meaning") or LEGACY_MEANINGS.get(value, UNKNOWN)
    return Point(value=value, label=point.get("label", ""), meaning=meaning)


def problems(points) -> list[tuple[int | None, str]]:
    """What is wrong with a scale: (index of the point or None for the whole scale, message).

    ``points`` are Points whose values are already whole numbers or None and whose meanings
    are already among MEANINGS; the file readers check those and say where.
    """
    found: list[tuple[int | None, str]] = []
    seen: dict[int | None, int] = {}
    labels: dict[str, int] = {}
    for index, point in enumerate(points):
        if point.value in seen:
            shown = "empty (don't know)" if point.value is None else str(point.value)
            found.append((index, f"value {shown} is already used by point {seen[point.value] + 1}"))
        else:
            seen[point.value] = index
        key = point.label.strip().casefold()
        if key and key in labels:
            found.append(
                (index, f"label {point.label!r} is already used by point {labels[key] + 1}")
            )
        elif key:
            labels[key] = index
        if point.value is None and point.meaning != UNKNOWN:
            found.append(
                (index, 'a value left empty is "don\'t know"; its meaning must be unknown')
            )
        if point.value is not None and point.meaning == UNKNOWN:
            found.append(
                (
                    index,
                    "only the empty value (don't know) can mean unknown; give this point "
                    "a meaning from the rubric or leave its value empty",
                )
            )
        if point.value is not None and not LOWEST_VALUE <= point.value <= HIGHEST_VALUE:
            found.append((index, f"value must be from {LOWEST_VALUE} to {HIGHEST_VALUE}"))
    known = sorted(
        (p for p in points if p.value is not None and p.meaning != UNKNOWN), key=lambda p: p.value
    )
    present = {p.meaning for p in known}
    missing = [MEANING_LABELS[m].lower() for m in REQUIRED_MEANINGS if m not in present]
    if missing:
        found.append(
            (
                None,
                "the scale needs at least one value meaning each of not in place, minimal "
                f"components in place and area of strength; none means {', '.join(missing)}",
            )
        )
    for lower, higher in zip(known, known[1:], strict=False):
        if RUBRIC_MEANINGS.index(higher.meaning) < RUBRIC_MEANINGS.index(lower.meaning):
            found.append(
                (
                    None,
                    f"meanings must rise with the values: {higher.value} "
                    f"({MEANING_LABELS[higher.meaning].lower()}) is above {lower.value} "
                    f"({MEANING_LABELS[lower.meaning].lower()})",
                )
            )
    return found
