"""The estimate itself: what the CA APC payment model could pay one practice.

A pure function of plain data (``estimate(inputs, model, assumptions)``): no database, no
request. The pages, the PDF, the snapshot and ``manage.py estimate_incentive`` all call it,
so a number is computed in one place only. ``incentives.payment_model`` supplies the
model's tables; every reading of a rule the guide leaves open is an ``Assumptions`` field
with the guide's reading as its default, listed to the user by ``assumption_lines``.

Money and percentages are ``Decimal`` throughout; results are rounded only when shown.
"""

from dataclasses import dataclass, field, fields, replace
from decimal import Decimal, InvalidOperation

from incentives.payment_model import PRACTICE_TYPES, SEXES

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
MONTHS = 12
CENT = Decimal("0.01")

ATTAINMENT = "attainment"
IMPROVEMENT = "improvement"
BELOW_MINIMUM = "below minimum"
NOT_VALID = "not valid"
NOT_APPLICABLE = "not applicable"
TRACKING_ONLY = "tracking only"

LINEAR = "linear"
THRESHOLD_ONLY = "threshold"
ATTAINMENT_SCALES = (LINEAR, THRESHOLD_ONLY)


class InputError(ValueError):
    """Inputs that cannot be estimated; ``messages`` name the field of each problem."""

    def __init__(self, messages):
        self.messages = list(messages)
        super().__init__("; ".join(self.messages))


# --- inputs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    baseline: Decimal | None = None
    current: Decimal | None = None


@dataclass(frozen=True)
class MeasureInput:
    denominator: Decimal | None = None  # members in the measure, or member months
    rates: dict = field(default_factory=dict)  # part code ("" or a DSF-E component) -> Rate


@dataclass(frozen=True)
class Assumptions:
    """The readings of the guide an estimate rests on; each can be changed."""

    lower_is_better: tuple = ("GSD", "AHU", "EDU", "TCOC")
    adult_quality_min_denominator: int = 20  # "Adult" and "Both" quality measures
    pediatric_quality_min_denominator: int = 10
    min_member_months: int = 1800  # utilization and cost measures
    below_half_pool_percent: Decimal = Decimal(50)
    rescale: bool = True
    gap_closure: Decimal = Decimal("0.10")
    attainment_scale: str = LINEAR

    @classmethod
    def of(cls, model):
        """The defaults as the model's file states them."""
        return cls(
            lower_is_better=tuple(m.code for m in model.measures if m.lower_is_better),
            adult_quality_min_denominator=model.quality_min_denominator["adult"],
            pediatric_quality_min_denominator=model.quality_min_denominator["pediatric"],
            min_member_months=model.min_member_months,
            below_half_pool_percent=model.half_pool_percent,
            gap_closure=model.gap_closure,
        )

    def as_dict(self):
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}


@dataclass(frozen=True)
class Inputs:
    practice_type: str
    members: int
    incentive_pmpm: Decimal
    population_health_pmpm: Decimal
    hpi_decile: int | None = None
    base_pmpm: Decimal | None = None
    panel: dict = field(default_factory=dict)  # (band, sex) -> members
    measures: dict = field(default_factory=dict)  # code -> MeasureInput


INPUT_KEYS = (
    "practice_type",
    "members",
    "incentive_pmpm",
    "population_health_pmpm",
    "hpi_decile",
    "base_pmpm",
    "panel",
    "measures",
    "assumptions",
)


class _Fields:
    """Reads JSON-like values, noting each problem with the field's name."""

    def __init__(self):
        self.problems = []

    def number(self, value, name, *, required=False, whole=False, maximum=None):
        if value is None or value == "":
            if required:
                self.problems.append(f"{name}: required")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
            self.problems.append(f"{name}: expected a number, got {value!r}")
            return None
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            self.problems.append(f"{name}: expected a number, got {value!r}")
            return None
        if not number.is_finite() or number < 0:
            self.problems.append(f"{name}: expected a number of 0 or more, got {value!r}")
            return None
        if whole and number != number.to_integral_value():
            self.problems.append(f"{name}: expected a whole number, got {value!r}")
            return None
        if maximum is not None and number > maximum:
            self.problems.append(f"{name}: expected at most {maximum}, got {value!r}")
            return None
        return int(number) if whole else number

    def mapping(self, value, name):
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problems.append(f"{name}: expected an object")
            return {}
        return value

    def unknown(self, value, allowed, name):
        for key in value:
            if key not in allowed:
                self.problems.append(
                    f"{name}.{key}: unknown field" if name else f"{key}: unknown field"
                )


def parse_inputs(data, model):
    """``(Inputs, Assumptions)`` from a JSON object, or ``InputError`` naming each field."""
    f = _Fields()
    if not isinstance(data, dict):
        raise InputError(["the input must be a JSON object"])
    f.unknown(data, INPUT_KEYS, "")
    practice_type = data.get("practice_type")
    if practice_type not in PRACTICE_TYPES:
        f.problems.append(
            f"practice_type: expected one of {', '.join(PRACTICE_TYPES)}, got {practice_type!r}"
        )
    members = f.number(data.get("members"), "members", required=True, whole=True)
    incentive_pmpm = f.number(data.get("incentive_pmpm"), "incentive_pmpm", required=True)
    ph_pmpm = f.number(data.get("population_health_pmpm"), "population_health_pmpm", required=True)
    base_pmpm = f.number(data.get("base_pmpm"), "base_pmpm")
    hpi = f.number(data.get("hpi_decile"), "hpi_decile", whole=True, maximum=10)
    if hpi == 0:
        f.problems.append("hpi_decile: expected a decile from 1 to 10, got 0")

    panel = {}
    raw_panel = f.mapping(data.get("panel"), "panel")
    bands = {b.band for b in model.age_bands}
    for band, by_sex in raw_panel.items():
        if band not in bands:
            f.problems.append(f"panel.{band}: unknown age band (one of {', '.join(sorted(bands))})")
            continue
        by_sex = f.mapping(by_sex, f"panel.{band}")
        f.unknown(by_sex, SEXES, f"panel.{band}")
        for sex in SEXES:
            count = f.number(by_sex.get(sex), f"panel.{band}.{sex}", whole=True)
            if count:
                panel[(band, sex)] = count

    measures = {}
    known = {m.code: m for m in model.measures}
    tracking = {m.code for m in model.tracking_measures}
    for code, raw in f.mapping(data.get("measures"), "measures").items():
        name = f"measures.{code}"
        if code in tracking:
            continue  # shown, never paid
        measure = known.get(code)
        if measure is None:
            f.problems.append(f"{name}: unknown measure")
            continue
        raw = f.mapping(raw, name)
        part_codes = [p.code for p in measure.parts] if measure.has_components else []
        f.unknown(raw, ("denominator", "baseline", "current", *part_codes), name)
        maximum = HUNDRED if measure.type == "quality" else None
        rates = {}
        if measure.has_components:
            for code_ in part_codes:
                part = f.mapping(raw.get(code_), f"{name}.{code_}")
                f.unknown(part, ("baseline", "current"), f"{name}.{code_}")
                rates[code_] = Rate(
                    f.number(part.get("baseline"), f"{name}.{code_}.baseline", maximum=maximum),
                    f.number(part.get("current"), f"{name}.{code_}.current", maximum=maximum),
                )
        else:
            rates[""] = Rate(
                f.number(raw.get("baseline"), f"{name}.baseline", maximum=maximum),
                f.number(raw.get("current"), f"{name}.current", maximum=maximum),
            )
        measures[code] = MeasureInput(
            f.number(raw.get("denominator"), f"{name}.denominator"), rates
        )

    assumptions = _parse_assumptions(f, f.mapping(data.get("assumptions"), "assumptions"), model)
    if f.problems:
        raise InputError(f.problems)
    inputs = Inputs(
        practice_type=practice_type,
        members=members,
        incentive_pmpm=incentive_pmpm,
        population_health_pmpm=ph_pmpm,
        hpi_decile=hpi,
        base_pmpm=base_pmpm,
        panel=panel,
        measures=measures,
    )
    return inputs, assumptions


def _parse_assumptions(f, raw, model):
    defaults = Assumptions.of(model)
    f.unknown(raw, [x.name for x in fields(Assumptions)], "assumptions")
    changes = {}
    if "lower_is_better" in raw:
        codes = raw["lower_is_better"]
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            f.problems.append("assumptions.lower_is_better: expected a list of measure codes")
        else:
            unknown = [c for c in codes if model.measure(c) is None]
            if unknown:
                f.problems.append(f"assumptions.lower_is_better: unknown measure {unknown[0]}")
            changes["lower_is_better"] = tuple(c for c in codes if model.measure(c))
    for name in (
        "adult_quality_min_denominator",
        "pediatric_quality_min_denominator",
        "min_member_months",
    ):
        if name in raw:
            value = f.number(raw[name], f"assumptions.{name}", required=True, whole=True)
            if value is not None:
                changes[name] = value
    if "below_half_pool_percent" in raw:
        value = f.number(
            raw["below_half_pool_percent"],
            "assumptions.below_half_pool_percent",
            required=True,
            maximum=HUNDRED,
        )
        if value is not None:
            changes["below_half_pool_percent"] = value
    if "gap_closure" in raw:
        value = f.number(raw["gap_closure"], "assumptions.gap_closure", required=True, maximum=ONE)
        if value is not None:
            changes["gap_closure"] = value
    if "rescale" in raw:
        if not isinstance(raw["rescale"], bool):
            f.problems.append("assumptions.rescale: expected true or false")
        else:
            changes["rescale"] = raw["rescale"]
    if "attainment_scale" in raw:
        if raw["attainment_scale"] not in ATTAINMENT_SCALES:
            f.problems.append(
                f"assumptions.attainment_scale: expected one of {', '.join(ATTAINMENT_SCALES)}"
            )
        else:
            changes["attainment_scale"] = raw["attainment_scale"]
    return replace(defaults, **changes)


# --- results --------------------------------------------------------------------------


@dataclass(frozen=True)
class NextStep:
    measure_code: str
    category: str
    part: str
    current: Decimal
    target: Decimal
    percent_gain: Decimal  # of the total incentive
    dollars: Decimal

    @property
    def description(self):
        """As in "CBP 64 -> attainment at 67"."""
        label = f"{self.measure_code} {self.part}".strip()
        return f"{label} {_num(self.current)} -> {self.category} at {_num(self.target)}"


@dataclass(frozen=True)
class PartResult:
    code: str
    name: str
    baseline: Decimal | None
    current: Decimal | None
    category: str
    gap_closure: Decimal | None
    percent: Decimal  # earned, of the total incentive, after rescaling
    next_step: NextStep | None

    @property
    def label(self):
        """ "screening", "follow-up": how a DSF-E component is named in a sentence."""
        return self.code.replace("_", "-")


@dataclass(frozen=True)
class MeasureResult:
    code: str
    name: str
    applicable: bool
    tracking_only: bool
    valid: bool
    why_not_valid: str
    category: str
    lower_is_better: bool
    denominator: Decimal | None
    parts: tuple
    possible_percent: Decimal  # the gold standard's share after rescaling
    percent: Decimal
    possible_dollars: Decimal
    dollars: Decimal

    @property
    def gap_closure(self):
        closures = [p.gap_closure for p in self.parts if p.gap_closure is not None]
        return closures[0] if len(self.parts) == 1 and closures else None

    @property
    def next_steps(self):
        return [p.next_step for p in self.parts if p.next_step is not None]

    def next_step_texts(self):
        return [step.description for step in self.next_steps]


@dataclass(frozen=True)
class Estimate:
    inputs: Inputs
    assumptions: Assumptions
    applicable_count: int
    valid_count: int
    pool_factor: Decimal
    rescale_factor: Decimal
    incentive_pool: Decimal  # members x 12 x incentive PMPM
    possible_incentive: Decimal
    incentive: Decimal
    earned_percent: Decimal
    risk_factor: Decimal
    hpi_uplift_percent: Decimal
    population_health: Decimal
    suggested_incentive_pmpm: Decimal | None
    measures: tuple

    @property
    def total(self):
        return self.incentive + self.population_health


def _direction(lower):
    """``better(a, b)``: a is at least as good as b."""
    return (lambda a, b: a <= b) if lower else (lambda a, b: a >= b)


def gap_closure(baseline, current, gold, lower):
    """(current - baseline) / (gold - baseline), mirrored for lower-is-better; None
    without a baseline or when the baseline already meets the gold standard."""
    if baseline is None or current is None:
        return None
    if _direction(lower)(baseline, gold):
        return None
    return (current - baseline) / (gold - baseline)


def _part_percent(part, measure, practice_type, rate, lower, assumptions):
    """(category, gap closure, % of the total incentive before rescaling and share)."""
    better = _direction(lower)
    current = rate.current
    closure = gap_closure(rate.baseline, current, part.gold, lower)
    threshold_pct = measure.threshold_percent[practice_type]
    gold_pct = measure.gold_percent[practice_type]
    if better(current, part.threshold):
        if assumptions.attainment_scale == THRESHOLD_ONLY or part.gold == part.threshold:
            t = ONE if better(current, part.gold) else ZERO
        else:
            t = min(ONE, max(ZERO, (current - part.threshold) / (part.gold - part.threshold)))
        return ATTAINMENT, closure, threshold_pct + (gold_pct - threshold_pct) * t
    if better(current, part.minimum):
        paid = closure is not None and closure >= assumptions.gap_closure
        return IMPROVEMENT, closure, measure.improvement_percent[practice_type] if paid else ZERO
    return BELOW_MINIMUM, closure, ZERO


def _next_step(part, measure, practice_type, rate, lower, assumptions, weight, pool):
    """The nearest value of the current rate that pays more, and what it adds."""
    better = _direction(lower)
    current = rate.current
    _, _, now = _part_percent(part, measure, practice_type, rate, lower, assumptions)
    candidates = []
    if rate.baseline is not None and not better(rate.baseline, part.gold):
        needed = rate.baseline + assumptions.gap_closure * (part.gold - rate.baseline)
        needed = needed if better(needed, part.minimum) else part.minimum
        if not better(needed, part.threshold):
            candidates.append((IMPROVEMENT, needed))
    candidates.append((ATTAINMENT, part.threshold))
    candidates.append(("gold standard", part.gold))
    for category, target in candidates:
        if better(current, target):
            continue
        _, _, then = _part_percent(
            part, measure, practice_type, Rate(rate.baseline, target), lower, assumptions
        )
        if then > now:
            gain = (then - now) * weight
            label = part.code.replace("_", "-") if measure.has_components else ""
            return NextStep(
                measure.code, category, label, current, _tidy(target), gain, pool * gain / HUNDRED
            )
    return None


def _validity(measure, data, assumptions):
    """'' when the result is valid, else why not."""
    if data is None or data.denominator is None:
        return "no denominator"
    if measure.type == "quality":
        minimum = (
            assumptions.pediatric_quality_min_denominator
            if measure.population == "pediatric"
            else assumptions.adult_quality_min_denominator
        )
        if data.denominator < minimum:
            return f"denominator {_num(data.denominator)} is below {minimum}"
    elif data.denominator < assumptions.min_member_months:
        return f"{_num(data.denominator)} member months is below {assumptions.min_member_months}"
    for part in measure.parts:
        rate = data.rates.get(part.code)
        if rate is None or rate.current is None:
            label = f" for {part.name.lower()}" if measure.has_components else ""
            return f"no current rate{label}"
    return ""


def risk_factor(panel, model):
    """The panel's average age/gender factor; 1 for an unknown panel."""
    total = sum(panel.values())
    if not total:
        return ONE
    weighted = sum(model.band(band).factors[sex] * count for (band, sex), count in panel.items())
    return weighted / total


def estimate(inputs, model, assumptions=None):
    """The ``Estimate`` of ``inputs`` on ``model`` under ``assumptions`` (the defaults)."""
    assumptions = assumptions or Assumptions.of(model)
    practice_type = inputs.practice_type
    applicable = [m for m in model.measures if m.applies_to(practice_type)]
    why = {m.code: _validity(m, inputs.measures.get(m.code), assumptions) for m in applicable}
    valid = [m for m in applicable if not why[m.code]]
    if 2 * len(valid) >= len(applicable):
        pool_factor = ONE
    else:
        pool_factor = assumptions.below_half_pool_percent / HUNDRED
    gold_total = sum((m.gold_percent[practice_type] for m in valid), ZERO)
    if not valid:
        rescale = ZERO
    elif assumptions.rescale:
        rescale = pool_factor * HUNDRED / gold_total
    else:
        rescale = pool_factor
    pool = Decimal(inputs.members) * MONTHS * inputs.incentive_pmpm

    results = []
    for measure in model.measures:
        lower = measure.code in assumptions.lower_is_better
        data = inputs.measures.get(measure.code) or MeasureInput()
        if not measure.applies_to(practice_type):
            results.append(_unpaid(measure, data, lower, NOT_APPLICABLE, False, ""))
            continue
        if why[measure.code]:
            results.append(_unpaid(measure, data, lower, NOT_VALID, True, why[measure.code]))
            continue
        parts = []
        for part in measure.parts:
            rate = data.rates[part.code]
            weight = part.share * rescale
            category, closure, percent = _part_percent(
                part, measure, practice_type, rate, lower, assumptions
            )
            step = _next_step(part, measure, practice_type, rate, lower, assumptions, weight, pool)
            parts.append(
                PartResult(
                    part.code,
                    part.name,
                    rate.baseline,
                    rate.current,
                    category,
                    closure,
                    percent * weight,
                    step,
                )
            )
        earned = sum((p.percent for p in parts), ZERO)
        possible = measure.gold_percent[practice_type] * rescale
        categories = {p.category for p in parts}
        results.append(
            MeasureResult(
                code=measure.code,
                name=measure.name,
                applicable=True,
                tracking_only=False,
                valid=True,
                why_not_valid="",
                category=categories.pop() if len(categories) == 1 else "mixed",
                lower_is_better=lower,
                denominator=data.denominator,
                parts=tuple(parts),
                possible_percent=possible,
                percent=earned,
                possible_dollars=pool * possible / HUNDRED,
                dollars=pool * earned / HUNDRED,
            )
        )
    for tracked in model.tracking_measures:
        results.append(
            MeasureResult(
                tracked.code,
                tracked.name,
                False,
                True,
                False,
                "",
                TRACKING_ONLY,
                False,
                None,
                (),
                ZERO,
                ZERO,
                ZERO,
                ZERO,
            )
        )

    earned_percent = sum((r.percent for r in results), ZERO)
    factor = risk_factor(inputs.panel, model)
    uplift = model.hpi_uplift_percent[inputs.hpi_decile] if inputs.hpi_decile else ZERO
    population_health = (
        Decimal(inputs.members)
        * MONTHS
        * inputs.population_health_pmpm
        * factor
        * (ONE + uplift / HUNDRED)
    )
    suggested = (
        inputs.base_pmpm * model.suggested_incentive_percent / HUNDRED
        if inputs.base_pmpm is not None
        else None
    )
    return Estimate(
        inputs=inputs,
        assumptions=assumptions,
        applicable_count=len(applicable),
        valid_count=len(valid),
        pool_factor=pool_factor,
        rescale_factor=rescale,
        incentive_pool=pool,
        possible_incentive=sum((r.possible_dollars for r in results), ZERO),
        incentive=pool * earned_percent / HUNDRED,
        earned_percent=earned_percent,
        risk_factor=factor,
        hpi_uplift_percent=uplift,
        population_health=population_health,
        suggested_incentive_pmpm=suggested,
        measures=tuple(results),
    )


def _unpaid(measure, data, lower, category, applicable, why):
    parts = tuple(
        PartResult(part.code, part.name, rate.baseline, rate.current, category, None, ZERO, None)
        for part in measure.parts
        for rate in [data.rates.get(part.code) or Rate()]
    )
    return MeasureResult(
        measure.code,
        measure.name,
        applicable,
        False,
        False,
        why,
        category,
        lower,
        data.denominator,
        parts,
        ZERO,
        ZERO,
        ZERO,
        ZERO,
    )


# --- what the user reads ----------------------------------------------------------------


def money(value):
    return value.quantize(CENT)


def percent(value, places=2):
    return value.quantize(Decimal(1).scaleb(-places))


def _tidy(value):
    """A Decimal without trailing zeros (67, not 67.000)."""
    value = value.normalize()
    return value.quantize(ONE) if value == value.to_integral_value() else value


def _num(value):
    return format(_tidy(Decimal(value)), "f")


def _money(value):
    """Dollars as JSON: a string with cents ("5853.66", "60000.00")."""
    return format(money(value), "f")


def _plain(value):
    if isinstance(value, Decimal):
        return format(_tidy(value), "f")
    if isinstance(value, tuple):
        return list(value)
    return value


def assumption_lines(assumptions, model):
    """[(reading, source line)] for every assumption the estimate used."""
    a = assumptions
    lower = ", ".join(a.lower_is_better) or "none"
    scale = (
        "linear between the attainment threshold and the gold standard"
        if a.attainment_scale == LINEAR
        else "the threshold % until the gold standard is met, then the gold %"
    )
    return [
        (
            "Applicable measures: those whose % of Total Incentive for the practice type is "
            "not NA; tracking measures are shown but never paid.",
            'Table 3, Tables 4-5 (NA columns); Table 3: "Tracking Measures ... not eligible '
            'for incentive"',
        ),
        (
            f"Lower is better for {lower}; higher is better for every other measure.",
            "Table 3 (GSD >9.0%, utilization and cost measures); Tables 4-5 ranges running "
            "downwards",
        ),
        (
            f"Valid result: denominator of at least {a.adult_quality_min_denominator} for Adult "
            f"and Both quality measures, {a.pediatric_quality_min_denominator} for Pediatric "
            f"quality measures, {a.min_member_months} member months for utilization and cost.",
            'Element 3, Methodology: "a measure denominator of 20 or greater is required for '
            "'Adult' and 'Both' quality measures ... 10 or greater ... 'Pediatric' ... 150 "
            'member years or 1800 member months"',
        ),
        (
            "Pool: full when valid results cover at least half of the applicable measures, "
            f"else {_num(a.below_half_pool_percent)}%.",
            'Element 3, Methodology: "If a practice has valid results for less than half the '
            'measures ... they are eligible for 50% of the financial incentive maximum"',
        ),
        (
            "Rescaling: every percentage of a valid measure is multiplied so that the gold "
            "standards of the valid measures add up to the pool (100%, or 50%)."
            if a.rescale
            else "No rescaling: the percentages are paid as printed (times the pool factor).",
            'Element 3, Methodology: "the measures will be weighted accordingly to total 100%"',
        ),
        (
            "Minimum performance threshold: the first number of the improvement range as "
            "printed; below it nothing is paid.",
            "Table 4 (Improvement Range); Methodology: three categories of performance",
        ),
        (
            f"Attainment pays the threshold % plus the gold % share {scale}.",
            'Attainment Incentive Guidelines: "incrementally more the closer they are to the '
            'Attainment Gold Standard"; Table 5',
        ),
        (
            "Improvement pays the Table 4 % when (current - baseline) / (gold - baseline) is at "
            f"least {_num(a.gap_closure * HUNDRED)}%; nothing without a baseline.",
            'Improvement Incentive Guidelines: "closes at least 10% of the gap between their '
            'own baseline performance and the Attainment Gold Standard"',
        ),
        (
            "DSF-E: screening and follow-up are judged separately, each worth half of the "
            "measure's percentages, on one denominator.",
            'Tables 4-5, note: "Performance for depression screening and follow-up on '
            'positive screen will be worth 50% each"',
        ),
        (
            "Incentive pool = members x 12 x the plan's maximum incentive PMPM; suggested "
            f"maximum {_num(model.suggested_incentive_percent)}% of the base PMPM.",
            'Attainment Incentive Guidelines: "as much as 15% increase to base payment"',
        ),
        (
            "Population health payment = members x 12 x PMPM x the panel's average age/gender "
            "factor (1 for an unknown panel) x (1 + HPI uplift). Age bands read as [0, 2), "
            "[2, 6), [6, 18) ... 65+.",
            'Element 2; Risk Adjustment: age/gender factors table; Social Risk: "5% ... for '
            'the lowest decile, 4% ... 1% for the fifth decile"',
        ),
    ]


def as_dict(result, model):
    """The estimate as JSON-ready data (what the command prints and the snapshot keeps)."""
    inputs = result.inputs
    return {
        "model": f"{model.name} {model.version}",
        "practice_type": inputs.practice_type,
        "members": inputs.members,
        "incentive_pmpm": _plain(inputs.incentive_pmpm),
        "population_health_pmpm": _plain(inputs.population_health_pmpm),
        "hpi_decile": inputs.hpi_decile,
        "measures": [
            {
                "code": m.code,
                "name": m.name,
                "applicable": m.applicable,
                "tracking_only": m.tracking_only,
                "valid": m.valid,
                "why_not_valid": m.why_not_valid,
                "category": m.category,
                "lower_is_better": m.lower_is_better,
                "gap_closure": _plain(percent(m.gap_closure, 4))
                if m.gap_closure is not None
                else None,
                "parts": [
                    {
                        "part": p.code,
                        "baseline": _plain(p.baseline) if p.baseline is not None else None,
                        "current": _plain(p.current) if p.current is not None else None,
                        "category": p.category,
                        "gap_closure": _plain(percent(p.gap_closure, 4))
                        if p.gap_closure is not None
                        else None,
                        "percent_earned": _plain(percent(p.percent, 4)),
                    }
                    for p in m.parts
                ]
                if m.parts and len(m.parts) > 1
                else [],
                "percent_possible": _plain(percent(m.possible_percent, 4)),
                "percent_earned": _plain(percent(m.percent, 4)),
                "dollars_possible": _money(m.possible_dollars),
                "dollars": _money(m.dollars),
                "next": [
                    {
                        "text": s.description,
                        "category": s.category,
                        "target": _plain(s.target),
                        "dollars": _money(s.dollars),
                    }
                    for s in m.next_steps
                ],
            }
            for m in result.measures
        ],
        "totals": {
            "applicable_measures": result.applicable_count,
            "valid_measures": result.valid_count,
            "pool_factor": _plain(result.pool_factor),
            "rescale_factor": _plain(percent(result.rescale_factor, 6)),
            "incentive_pool": _money(result.incentive_pool),
            "percent_earned": _plain(percent(result.earned_percent, 4)),
            "incentive_possible": _money(result.possible_incentive),
            "incentive": _money(result.incentive),
            "risk_factor": _plain(percent(result.risk_factor, 4)),
            "hpi_uplift_percent": _plain(result.hpi_uplift_percent),
            "population_health": _money(result.population_health),
            "suggested_incentive_pmpm": _money(result.suggested_incentive_pmpm)
            if result.suggested_incentive_pmpm is not None
            else None,
            "total": _money(result.total),
        },
        "assumptions": result.assumptions.as_dict(),
        "assumption_lines": [
            {"reading": reading, "source": source}
            for reading, source in assumption_lines(result.assumptions, model)
        ],
    }


# --- targets for an action-plan indicator ------------------------------------------------


@dataclass(frozen=True)
class Target:
    kind: str  # ATTAINMENT or IMPROVEMENT
    value: Decimal
    dollars: Decimal  # what the measure (or DSF-E component) would pay at this value
    label: str


def targets_for(result, model, code, part_code=""):
    """The indicator targets a valid measure offers: its attainment threshold and, with a
    baseline, baseline + the gap closure needed of the gap to gold; each with the dollars
    it would pay. [] for a measure that is not valid in ``result``."""
    measure = model.measure(code)
    row = next((r for r in result.measures if r.code == code), None)
    if measure is None or row is None or not row.valid:
        return []
    part = next((p for p in measure.parts if p.code == part_code), None)
    if part is None:
        return []
    a = result.assumptions
    lower = code in a.lower_is_better
    better = _direction(lower)
    rate = result.inputs.measures[code].rates[part.code]
    weight = part.share * result.rescale_factor
    practice_type = result.inputs.practice_type

    def pays(value):
        _, _, pct = _part_percent(
            part, measure, practice_type, Rate(rate.baseline, value), lower, a
        )
        return result.incentive_pool * pct * weight / HUNDRED

    options = [
        Target(
            ATTAINMENT,
            part.threshold,
            pays(part.threshold),
            f"attainment threshold {_num(part.threshold)}",
        )
    ]
    if rate.baseline is not None and not better(rate.baseline, part.gold):
        value = rate.baseline + a.gap_closure * (part.gold - rate.baseline)
        value = _tidy(value.quantize(CENT))
        if not better(value, part.minimum):
            value = part.minimum
        if not better(value, part.threshold):
            options.append(
                Target(
                    IMPROVEMENT,
                    value,
                    pays(value),
                    f"baseline + {_num(a.gap_closure * HUNDRED)}% of the gap to gold: "
                    f"{_num(value)}",
                )
            )
    return options
