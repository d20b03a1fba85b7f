"""The estimate, computed by hand from the guide's tables (seed 002).

Each case states its arithmetic; percentages are "% of Total Incentive" and the pool is
members x 12 x incentive PMPM."""

from decimal import Decimal as D
from pathlib import Path

import pytest
from django.conf import settings

from incentives import model as m
from incentives.payment_model import read

FILE = Path(settings.BASE_DIR) / "fixtures" / "payment_models" / "ca-apc-2025.yaml"

# Every adult measure valid and at its gold standard, except the one a test changes.
ADULT_AT_GOLD = {
    "AMR": {"current": 91, "denominator": 40},
    "BCS-E": {"current": 80, "denominator": 40},
    "COL-E": {"current": 67, "denominator": 40},
    "CBP": {"current": 74, "denominator": 40},
    "DSF-E": {"denominator": 40, "screening": {"current": 11}, "follow_up": {"current": 87}},
    "GSD": {"current": 20, "denominator": 40},
    "AHU": {"current": 18, "denominator": 2000},
    "EDU": {"current": 110, "denominator": 2000},
    "TCOC": {"current": 283, "denominator": 2000},
}


@pytest.fixture(scope="module")
def model():
    return read(FILE)


def run(model, practice_type="mixed", measures=None, **extra):
    data = {
        "practice_type": practice_type,
        "members": 1000,
        "incentive_pmpm": 10,  # pool 1000 x 12 x 10 = $120,000
        "population_health_pmpm": 5,
        "measures": measures or {},
        **extra,
    }
    inputs, assumptions = m.parse_inputs(data, model)
    return m.estimate(inputs, model, assumptions)


def of(result, code):
    return next(r for r in result.measures if r.code == code)


def adult(**changes):
    measures = dict(ADULT_AT_GOLD)
    measures.update(changes)
    return measures


# --- categories (adult practice, all nine valid: k = 100 / 100.5) ----------------------

K_ADULT = D(100) / D("100.5")


def test_attainment_at_the_threshold_pays_the_threshold_percentage(model):
    result = run(model, "adult", adult(CBP={"current": 67, "denominator": 40}))
    cbp = of(result, "CBP")
    assert cbp.category == m.ATTAINMENT
    assert cbp.percent == D(9) * K_ADULT  # CBP adult threshold 9.0%
    assert m.money(cbp.dollars) == m.money(D(120000) * D(9) * K_ADULT / 100)  # 10746.27
    assert m.money(cbp.dollars) == D("10746.27")


def test_attainment_between_threshold_and_gold_is_linear(model):
    # CBP 70.5: t = (70.5 - 67) / (74 - 67) = 0.5 -> 9 + (14 - 9) x 0.5 = 11.5%
    result = run(model, "adult", adult(CBP={"current": "70.5", "denominator": 40}))
    assert of(result, "CBP").percent == D("11.5") * K_ADULT
    assert of(result, "CBP").next_step_texts() == ["CBP 70.5 -> gold standard at 74"]


def test_attainment_past_the_gold_standard_pays_gold_only(model):
    result = run(model, "adult", adult(CBP={"current": 90, "denominator": 40}))
    assert of(result, "CBP").percent == D(14) * K_ADULT
    assert of(result, "CBP").next_steps == []


def test_improvement_with_ten_percent_gap_closure_pays_table_4(model):
    # CBP baseline 60 -> 64: closure (64 - 60) / (74 - 60) = 0.2857 >= 0.10 -> 6.0%
    result = run(model, "adult", adult(CBP={"baseline": 60, "current": 64, "denominator": 40}))
    cbp = of(result, "CBP")
    assert cbp.category == m.IMPROVEMENT
    assert m.percent(cbp.gap_closure, 4) == D("0.2857")
    assert cbp.percent == D(6) * K_ADULT
    assert cbp.next_step_texts() == ["CBP 64 -> attainment at 67"]
    # Reaching 67 adds 9% - 6% of the rescaled pool.
    assert m.money(cbp.next_steps[0].dollars) == m.money(D(120000) * 3 * K_ADULT / 100)


def test_improvement_below_ten_percent_gap_closure_pays_nothing(model):
    # CBP 60 -> 61: closure 1 / 14 = 0.071; 10% of the gap is 60 + 1.4 = 61.4
    result = run(model, "adult", adult(CBP={"baseline": 60, "current": 61, "denominator": 40}))
    cbp = of(result, "CBP")
    assert cbp.category == m.IMPROVEMENT
    assert cbp.percent == 0
    assert cbp.next_step_texts() == ["CBP 61 -> improvement at 61.4"]


def test_improvement_range_without_a_baseline_pays_nothing(model):
    result = run(model, "adult", adult(CBP={"current": 64, "denominator": 40}))
    assert of(result, "CBP").category == m.IMPROVEMENT
    assert of(result, "CBP").percent == 0
    assert of(result, "CBP").gap_closure is None
    assert of(result, "CBP").next_step_texts() == ["CBP 64 -> attainment at 67"]


def test_below_the_minimum_pays_nothing(model):
    # CBP's improvement range starts at 56.
    result = run(model, "adult", adult(CBP={"baseline": 40, "current": 55, "denominator": 40}))
    cbp = of(result, "CBP")
    assert cbp.category == m.BELOW_MINIMUM
    assert cbp.percent == 0
    # 10% of the gap from 40 to 74 is 43.4, below the minimum: the minimum is the target.
    assert cbp.next_step_texts() == ["CBP 55 -> improvement at 56"]


def test_the_minimum_itself_is_in_the_improvement_range(model):
    result = run(model, "adult", adult(CBP={"baseline": 50, "current": 56, "denominator": 40}))
    assert of(result, "CBP").category == m.IMPROVEMENT
    assert of(result, "CBP").percent == D(6) * K_ADULT  # closure 6 / 24 = 0.25


# --- lower is better ----------------------------------------------------------------------


def test_lower_is_better_attainment(model):
    # GSD (>9.0%, lower is better): threshold 25, gold 20. 22.5 is half-way: 9 + 5 x 0.5.
    result = run(model, "adult", adult(GSD={"current": "22.5", "denominator": 40}))
    assert of(result, "GSD").category == m.ATTAINMENT
    assert of(result, "GSD").percent == D("11.5") * K_ADULT


def test_lower_is_better_improvement_and_below_minimum(model):
    # AHU: range 26-21, gold 18. Baseline 25 -> 23: closure (23 - 25) / (18 - 25) = 0.2857.
    result = run(model, "adult", adult(AHU={"baseline": 25, "current": 23, "denominator": 2000}))
    ahu = of(result, "AHU")
    assert ahu.category == m.IMPROVEMENT
    assert m.percent(ahu.gap_closure, 4) == D("0.2857")
    assert ahu.percent == D(4) * K_ADULT
    assert ahu.next_step_texts() == ["AHU 23 -> attainment at 21"]
    worse = run(model, "adult", adult(AHU={"baseline": 30, "current": 27, "denominator": 2000}))
    assert of(worse, "AHU").category == m.BELOW_MINIMUM
    assert of(worse, "AHU").next_step_texts() == ["AHU 27 -> improvement at 26"]


def test_higher_is_better_reading_of_a_lower_measure_can_be_chosen(model):
    # Changing the assumption: GSD read as higher-is-better makes 22.5 fall below 34.
    result = run(
        model,
        "adult",
        adult(GSD={"current": "22.5", "denominator": 40}),
        assumptions={"lower_is_better": ["AHU", "EDU", "TCOC"]},
    )
    assert of(result, "GSD").category == m.BELOW_MINIMUM


# --- DSF-E --------------------------------------------------------------------------------


def test_dsf_e_screening_and_follow_up_are_each_half_of_the_measure(model):
    # Adult: screening 6 (t = (6 - 1) / 10 = 0.5 -> 6 + 3.75 x 0.5 = 7.875), half: 3.9375;
    # follow-up 70 from baseline 65: closure 5 / 22 = 0.227 -> improvement 4%, half: 2.
    measures = adult(
        **{
            "DSF-E": {
                "denominator": 40,
                "screening": {"current": 6},
                "follow_up": {"baseline": 65, "current": 70},
            }
        }
    )
    dsf = of(run(model, "adult", measures), "DSF-E")
    screening, follow_up = dsf.parts
    assert (screening.category, follow_up.category) == (m.ATTAINMENT, m.IMPROVEMENT)
    assert screening.percent == D("3.9375") * K_ADULT
    assert follow_up.percent == D(2) * K_ADULT
    assert dsf.percent == D("5.9375") * K_ADULT
    assert dsf.category == "mixed"
    assert dsf.next_step_texts() == [
        "DSF-E screening 6 -> gold standard at 11",
        "DSF-E follow-up 70 -> attainment at 81",
    ]


def test_dsf_e_uses_one_denominator(model):
    measures = adult(
        **{"DSF-E": {"denominator": 19, "screening": {"current": 11}, "follow_up": {"current": 87}}}
    )
    dsf = of(run(model, "adult", measures), "DSF-E")
    assert not dsf.valid
    assert dsf.why_not_valid == "denominator 19 is below 20"


# --- practice types and rescaling ------------------------------------------------------------


def test_mixed_practice_all_at_gold_earns_the_whole_pool(model):
    measures = adult(
        CIS={"current": 71, "denominator": 10},
        IMA={"current": 46, "denominator": 10},
    )
    result = run(model, "mixed", measures)
    assert result.applicable_count == result.valid_count == 11
    assert result.rescale_factor == 1  # mixed gold standards add up to 100%
    assert result.earned_percent == 100
    assert result.incentive == 120000


def test_adult_practice_rescales_the_100_5_percent_column(model):
    result = run(model, "adult", ADULT_AT_GOLD)
    assert result.applicable_count == 9
    assert result.rescale_factor == K_ADULT
    assert m.percent(result.earned_percent, 10) == 100
    assert m.money(result.incentive) == 120000
    assert of(result, "CIS").category == m.NOT_APPLICABLE


def test_pediatric_practice_measures_and_weights(model):
    # Pediatric: AMR, CIS, DSF-E, IMA, TCOC apply. CIS at its threshold 61: 16.5%.
    measures = {
        "AMR": {"current": 91, "denominator": 20},
        "CIS": {"current": 61, "denominator": 10},
        "DSF-E": {"denominator": 20, "screening": {"current": 11}, "follow_up": {"current": 87}},
        "IMA": {"current": 46, "denominator": 10},
        "TCOC": {"current": 283, "denominator": 1800},
    }
    result = run(model, "pediatric", measures)
    assert result.applicable_count == 5 and result.valid_count == 5
    assert of(result, "CIS").percent == D("16.5")
    assert result.earned_percent == D(18) * 4 + D("16.5")
    assert of(result, "CBP").category == m.NOT_APPLICABLE


def test_rescaling_when_some_measures_are_not_valid(model):
    # Mixed, six valid of eleven (2 x 6 >= 11: full pool): AMR 8, BCS-E 8, CIS 11, COL-E 11,
    # CBP 11, DSF-E 8 -> gold total 57, k = 100 / 57. CBP at its threshold: 7.5 x k.
    measures = {
        "AMR": {"current": 91, "denominator": 20},
        "BCS-E": {"current": 80, "denominator": 20},
        "CIS": {"current": 71, "denominator": 10},
        "COL-E": {"current": 67, "denominator": 20},
        "CBP": {"current": 67, "denominator": 20},
        "DSF-E": {"denominator": 20, "screening": {"current": 11}, "follow_up": {"current": 87}},
    }
    result = run(model, "mixed", measures)
    assert (result.valid_count, result.pool_factor) == (6, 1)
    assert result.rescale_factor == D(100) / 57
    assert of(result, "CBP").percent == D("7.5") * 100 / 57
    assert m.money(of(result, "CBP").dollars) == D("15789.47")
    # Everything but CBP at gold: (57 - 11 + 7.5) / 57 of the pool.
    assert m.money(result.incentive) == m.money(D(120000) * D("53.5") / 57)


def test_rescaling_can_be_switched_off(model):
    result = run(
        model,
        "adult",
        adult(CBP={"current": 67, "denominator": 40}),
        assumptions={"rescale": False},
    )
    assert of(result, "CBP").percent == 9
    assert result.earned_percent == D("100.5") - 14 + 9


# --- the half rule -----------------------------------------------------------------------------


def test_half_rule_exactly_half_valid_is_the_full_pool(model):
    # Pediatric: five applicable; 3 valid (2 x 3 = 6 >= 5) -> full pool.
    measures = {
        "AMR": {"current": 91, "denominator": 10},  # "Both": needs 20, so not valid
        "CIS": {"current": 71, "denominator": 10},
        "IMA": {"current": 46, "denominator": 10},
        "TCOC": {"current": 283, "denominator": 1800},
    }
    result = run(model, "pediatric", measures)
    assert result.valid_count == 3
    assert result.pool_factor == 1
    assert result.earned_percent == 100  # CIS 28 + IMA 18 + TCOC 18 = 64, rescaled to 100


def test_half_rule_fewer_than_half_valid_is_half_the_pool(model):
    # Pediatric: 2 of 5 valid (4 < 5) -> 50%. CIS 28 + IMA 18 = 46 rescaled to 50.
    measures = {
        "CIS": {"current": 71, "denominator": 10},
        "IMA": {"current": 46, "denominator": 10},
        "TCOC": {"current": 283, "denominator": 1799},
    }
    result = run(model, "pediatric", measures)
    assert result.valid_count == 2
    assert result.pool_factor == D("0.5")
    assert m.percent(result.earned_percent, 10) == 50
    assert m.money(result.incentive) == 60000
    assert m.percent(of(result, "CIS").percent, 10) == m.percent(D(28) * 50 / 46, 10)
    assert of(result, "TCOC").why_not_valid == "1799 member months is below 1800"


def test_no_valid_measure_pays_nothing(model):
    result = run(model, "adult", {})
    assert result.valid_count == 0
    assert result.incentive == 0
    assert of(result, "CBP").why_not_valid == "no denominator"


def test_pediatric_quality_measures_need_ten(model):
    result = run(model, "mixed", {"CIS": {"current": 71, "denominator": 9}})
    assert of(result, "CIS").why_not_valid == "denominator 9 is below 10"


def test_tracking_measures_are_listed_and_never_paid(model):
    result = run(model, "mixed", {"W30": {"current": 80, "denominator": 100}})
    w30 = of(result, "W30")
    assert w30.tracking_only and w30.category == m.TRACKING_ONLY and w30.dollars == 0


# --- population health and risk adjustment ----------------------------------------------------


def test_population_health_without_panel_or_hpi(model):
    # 1000 x 12 x $5 = $60,000
    assert run(model).population_health == 60000


def test_hpi_decile_uplift(model):
    assert run(model, hpi_decile=1).population_health == 63000  # +5%
    assert run(model, hpi_decile=5).population_health == 60600  # +1%
    assert run(model, hpi_decile=6).population_health == 60000  # none


def test_age_gender_factor_of_the_panel(model):
    # 600 women 65+ (1.6814) and 400 boys 6-18 (0.6815): (1008.84 + 272.6) / 1000 = 1.28144
    panel = {"65+": {"female": 600}, "6-18": {"male": 400}}
    result = run(model, panel=panel, hpi_decile=3)
    assert result.risk_factor == D("1.28144")
    # 60000 x 1.28144 x 1.03
    assert result.population_health == D("79192.992")
    assert result.incentive_pool == 120000  # the incentive is not risk adjusted


def test_suggested_incentive_pmpm_is_fifteen_percent_of_base(model):
    assert run(model, base_pmpm=40).suggested_incentive_pmpm == 6


# --- bad inputs name the field -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"practice_type": "family"}, "practice_type: expected one of mixed, adult, pediatric"),
        ({"members": -5}, "members: expected a number of 0 or more"),
        ({"members": 10.5}, "members: expected a whole number"),
        ({"members": None}, "members: required"),
        ({"incentive_pmpm": "ten"}, "incentive_pmpm: expected a number, got 'ten'"),
        ({"hpi_decile": 11}, "hpi_decile: expected at most 10"),
        ({"hpi_decile": 0}, "hpi_decile: expected a decile from 1 to 10"),
        ({"measures": {"XYZ": {}}}, "measures.XYZ: unknown measure"),
        ({"measures": {"CBP": {"current": 120}}}, "measures.CBP.current: expected at most 100"),
        (
            {"measures": {"CBP": {"denominator": True}}},
            "measures.CBP.denominator: expected a number",
        ),
        (
            {"measures": {"DSF-E": {"screening": {"current": "x"}}}},
            "measures.DSF-E.screening.current: expected a number",
        ),
        ({"measures": {"CBP": {"rate": 1}}}, "measures.CBP.rate: unknown field"),
        ({"panel": {"0-3": {"female": 2}}}, "panel.0-3: unknown age band"),
        ({"panel": {"0-2": {"other": 2}}}, "panel.0-2.other: unknown field"),
        ({"colour": "blue"}, "colour: unknown field"),
        ({"assumptions": {"gap_closure": 2}}, "assumptions.gap_closure: expected at most 1"),
        ({"assumptions": {"attainment_scale": "log"}}, "assumptions.attainment_scale"),
    ],
)
def test_bad_input_names_the_field(model, change, message):
    data = {
        "practice_type": "mixed",
        "members": 10,
        "incentive_pmpm": 1,
        "population_health_pmpm": 1,
        **change,
    }
    with pytest.raises(m.InputError) as excinfo:
        m.parse_inputs(data, model)
    assert any(problem.startswith(message) for problem in excinfo.value.messages), excinfo.value


def test_not_an_object(model):
    with pytest.raises(m.InputError, match="JSON object"):
        m.parse_inputs([1, 2], model)


def test_the_result_as_json_has_totals_and_assumptions(model):
    data = m.as_dict(
        run(model, "adult", adult(CBP={"current": 64, "baseline": 60, "denominator": 40})), model
    )
    assert data["totals"]["incentive_pool"] == "120000.00"
    cbp = next(x for x in data["measures"] if x["code"] == "CBP")
    assert cbp["next"][0]["text"] == "CBP 64 -> attainment at 67"
    assert data["assumptions"]["lower_is_better"] == ["GSD", "AHU", "EDU", "TCOC"]
    assert len(data["assumption_lines"]) == 11
