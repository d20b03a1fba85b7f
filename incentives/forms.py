"""The estimate form: the practice, the plan's PMPM amounts, the panel, each measure's
rates and the assumptions. The form turns what was typed into the JSON object
``incentives.model.parse_inputs`` reads (the same object a scenario stores and the
command reads), and reports that function's problems on the field they name."""

from decimal import Decimal

from django import forms

from incentives import model
from incentives.models import NAME_MAX_LENGTH
from incentives.payment_model import SEXES

PRACTICE_TYPE_CHOICES = [
    ("mixed", "Mixed (adult and pediatric)"),
    ("adult", "Adult"),
    ("pediatric", "Pediatric"),
]
HPI_CHOICES = [("", "Not known (no adjustment)")] + [
    (str(d), f"Decile {d}" + (" (lowest)" if d == 1 else "")) for d in range(1, 11)
]
SCALE_CHOICES = [
    (model.LINEAR, "Linear from the threshold to the gold standard"),
    (model.THRESHOLD_ONLY, "Threshold %, or gold % once the gold standard is met"),
]


# A number typed in a table cell: a text input, so what was typed comes back with our
# message rather than being blocked by the browser's own number check.
TABLE_NUMBER = forms.TextInput(
    attrs={"inputmode": "decimal", "class": "form-control form-control-sm"}
)


def _number(label, *, whole=False, help_text=""):
    field = forms.IntegerField if whole else forms.DecimalField
    extra = {} if whole else {"max_digits": 14, "decimal_places": 4}
    return field(
        label=label,
        required=False,
        min_value=0,
        help_text=help_text,
        widget=TABLE_NUMBER,
        **extra,
    )


def _pmpm(label, help_text, required=True):
    """A dollar amount per member per month, to the cent."""
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        help_text=help_text,
    )


def measure_field(code, part, what):
    return f"m-{code}-{part}-{what}" if part else f"m-{code}-{what}"


class EstimateForm(forms.Form):
    practice_type = forms.ChoiceField(
        label="Practice type",
        choices=PRACTICE_TYPE_CHOICES,
        help_text="Which measures apply and what each is worth (Tables 4 and 5).",
    )
    members = forms.IntegerField(
        label="Attributed members",
        min_value=0,
        max_value=10_000_000,
        help_text="Members attributed to the practice by the plan (or plans).",
    )
    incentive_pmpm = _pmpm(
        "Maximum incentive PMPM ($)",
        "The plan's maximum performance incentive per member per month.",
    )
    population_health_pmpm = _pmpm(
        "Population health PMPM ($)", "Element 2, before the age/gender and HPI adjustments."
    )
    base_pmpm = _pmpm(
        "Base payment PMPM ($, optional)",
        "Shows the suggested maximum incentive: up to 15% of the base payment.",
        required=False,
    )
    hpi_decile = forms.ChoiceField(
        label="Healthy Places Index decile",
        choices=HPI_CHOICES,
        required=False,
        help_text="Deciles 1-5 (below the state median) raise the payment by 5% to 1%.",
    )

    # Assumptions (the guide's readings as defaults).
    a_lower_is_better = forms.MultipleChoiceField(
        label="Lower is better for", required=False, widget=forms.CheckboxSelectMultiple
    )
    a_adult_quality_min_denominator = _number(
        "Minimum denominator, Adult and Both quality", whole=True
    )
    a_pediatric_quality_min_denominator = _number(
        "Minimum denominator, Pediatric quality", whole=True
    )
    a_min_member_months = _number("Minimum member months, utilization and cost", whole=True)
    a_below_half_pool_percent = _number("Pool with fewer than half valid (%)")
    a_gap_closure_percent = _number("Gap closure needed for improvement (%)")
    a_rescale = forms.BooleanField(
        label="Rescale the valid measures' percentages to the pool", required=False
    )
    a_attainment_scale = forms.ChoiceField(
        label="Attainment between threshold and gold", choices=SCALE_CHOICES
    )

    def __init__(self, payment_model, *args, **kwargs):
        self.payment_model = payment_model
        super().__init__(*args, **kwargs)
        self.fields["a_lower_is_better"].choices = [
            (m.code, m.code) for m in payment_model.measures
        ]
        self.measure_rows = []
        for measure in payment_model.measures:
            denominator = "Member months" if measure.type != "quality" else "Denominator"
            self.fields[measure_field(measure.code, "", "denominator")] = _number(
                f"{measure.code} {denominator.lower()}", whole=True
            )
            parts = []
            for part in measure.parts:
                names = {}
                for what in ("baseline", "current"):
                    name = measure_field(
                        measure.code, part.code if measure.has_components else "", what
                    )
                    label = f"{measure.code} {part.code.replace('_', '-')} {what}".replace(
                        "  ", " "
                    )
                    self.fields[name] = _number(label)
                    names[what] = name
                parts.append((part, names))
            denominator_name = measure_field(measure.code, "", "denominator")
            self.measure_rows.append((measure, denominator_name, parts))
        self.panel_rows = []
        for band in payment_model.age_bands:
            names = []
            for sex in SEXES:
                name = f"p-{band.band}-{sex}"
                self.fields[name] = _number(f"Members aged {band.band}, {sex}", whole=True)
                names.append(name)
            self.panel_rows.append((band, names))

    def measure_table(self):
        """(measure, denominator field, [(part, [baseline field, current field])])."""
        return [
            (
                measure,
                self[denominator],
                [(part, [self[n] for n in names.values()]) for part, names in parts],
            )
            for measure, denominator, parts in self.measure_rows
        ]

    def panel_table(self):
        return [(band, [self[n] for n in names]) for band, names in self.panel_rows]

    @classmethod
    def initial_for(cls, data, payment_model):
        """Initial values from a stored inputs object (or the defaults for a blank form)."""
        defaults = model.Assumptions.of(payment_model)
        assumptions = {**defaults.as_dict(), **(data.get("assumptions") or {})}
        initial = {
            "practice_type": data.get("practice_type", "mixed"),
            "members": data.get("members"),
            "incentive_pmpm": data.get("incentive_pmpm"),
            "population_health_pmpm": data.get("population_health_pmpm"),
            "base_pmpm": data.get("base_pmpm"),
            "hpi_decile": data.get("hpi_decile") or "",
            "a_lower_is_better": assumptions["lower_is_better"],
            "a_adult_quality_min_denominator": assumptions["adult_quality_min_denominator"],
            "a_pediatric_quality_min_denominator": assumptions["pediatric_quality_min_denominator"],
            "a_min_member_months": assumptions["min_member_months"],
            "a_below_half_pool_percent": assumptions["below_half_pool_percent"],
            "a_gap_closure_percent": Decimal(str(assumptions["gap_closure"])) * 100,
            "a_rescale": assumptions["rescale"],
            "a_attainment_scale": assumptions["attainment_scale"],
        }
        for code, values in (data.get("measures") or {}).items():
            initial[measure_field(code, "", "denominator")] = values.get("denominator")
            for key, value in values.items():
                if isinstance(value, dict):
                    for what in ("baseline", "current"):
                        initial[measure_field(code, key, what)] = value.get(what)
                elif key in ("baseline", "current"):
                    initial[measure_field(code, "", key)] = value
        for band, by_sex in (data.get("panel") or {}).items():
            for sex, count in by_sex.items():
                initial[f"p-{band}-{sex}"] = count
        return initial

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        self.inputs_data = self._inputs_data(cleaned)
        try:
            self.parsed = model.parse_inputs(self.inputs_data, self.payment_model)
        except model.InputError as error:
            for message in error.messages:
                self.add_error(self._field_of(message), message.partition(": ")[2] or message)
        return cleaned

    def _inputs_data(self, cleaned):
        def plain(value):
            if value is None or value == "":
                return None
            return int(value) if isinstance(value, int) else format(value.normalize(), "f")

        measures = {}
        for measure, denominator, parts in self.measure_rows:
            entry = {}
            if cleaned.get(denominator) is not None:
                entry["denominator"] = cleaned[denominator]
            for part, names in parts:
                rate = {
                    w: plain(cleaned.get(n)) for w, n in names.items() if cleaned.get(n) is not None
                }
                if measure.has_components:
                    if rate:
                        entry[part.code] = rate
                else:
                    entry.update(rate)
            if entry:
                measures[measure.code] = entry
        panel = {}
        for band, names in self.panel_rows:
            counts = {
                sex: cleaned[n] for sex, n in zip(SEXES, names, strict=True) if cleaned.get(n)
            }
            if counts:
                panel[band.band] = counts
        defaults = model.Assumptions.of(self.payment_model).as_dict()
        typed = {
            "lower_is_better": list(cleaned.get("a_lower_is_better") or []),
            "adult_quality_min_denominator": cleaned.get("a_adult_quality_min_denominator"),
            "pediatric_quality_min_denominator": cleaned.get("a_pediatric_quality_min_denominator"),
            "min_member_months": cleaned.get("a_min_member_months"),
            "below_half_pool_percent": plain(cleaned.get("a_below_half_pool_percent")),
            "gap_closure": plain(cleaned["a_gap_closure_percent"] / 100)
            if cleaned.get("a_gap_closure_percent") is not None
            else None,
            "rescale": bool(cleaned.get("a_rescale")),
            "attainment_scale": cleaned.get("a_attainment_scale"),
        }
        # Keep only what differs from the guide's reading: a scenario states its changes.
        assumptions = {
            key: value
            for key, value in typed.items()
            if value is not None and _differs(value, defaults[key])
        }
        data = {
            "practice_type": cleaned["practice_type"],
            "members": cleaned["members"],
            "incentive_pmpm": plain(cleaned["incentive_pmpm"]),
            "population_health_pmpm": plain(cleaned["population_health_pmpm"]),
            "hpi_decile": int(cleaned["hpi_decile"]) if cleaned.get("hpi_decile") else None,
            "measures": measures,
        }
        if cleaned.get("base_pmpm") is not None:
            data["base_pmpm"] = plain(cleaned["base_pmpm"])
        if panel:
            data["panel"] = panel
        if assumptions:
            data["assumptions"] = assumptions
        return data

    def _field_of(self, message):
        """The form field a ``parse_inputs`` message names (None: the whole form)."""
        path = message.partition(":")[0].split(".")
        if path[0] == "measures" and len(path) >= 3:
            part = path[2] if len(path) == 4 else ""
            what = path[-1]
            name = measure_field(path[1], part, what)
            return name if name in self.fields else None
        if path[0] == "assumptions" and len(path) == 2:
            name = "a_gap_closure_percent" if path[1] == "gap_closure" else f"a_{path[1]}"
            return name if name in self.fields else None
        return path[0] if path[0] in self.fields else None


def _differs(value, default):
    if isinstance(default, list):
        return sorted(value) != sorted(default)
    return str(value) != str(default)


class ScenarioNameForm(forms.Form):
    """The name a scenario is saved under; needed only to save (not to estimate)."""

    name = forms.CharField(
        label="Scenario name (to save)",
        required=False,
        max_length=NAME_MAX_LENGTH,
        help_text="For example “Today” or “CBP and COL-E at attainment”.",
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Name the scenario to save it.")
        return name


class IndicatorFromMeasureForm(forms.Form):
    """Which measure of a saved scenario, which target and which capability's plan."""

    measure = forms.CharField(max_length=20)
    target = forms.ChoiceField(
        choices=[("attainment", "attainment"), ("improvement", "improvement")]
    )
    capability = forms.TypedChoiceField(coerce=int, choices=[])

    def __init__(self, capabilities, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capability"].choices = [
            (c.position, f"Capability {c.position}: {c.name or '(not named yet)'}")
            for c in capabilities
        ]
