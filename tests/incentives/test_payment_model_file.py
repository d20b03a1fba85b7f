"""The payment model file against the guide it transcribes (seed 002): every value of
Tables 1-5, the age/gender factors and the HPI adjustment, read from the guide's text."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from incentives.payment_model import PaymentModelError, parse, read

FILE = Path(settings.BASE_DIR) / "fixtures" / "payment_models" / "ca-apc-2025.yaml"
# CI clones the repository with ../shared beside it.
GUIDE = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "002_8393d4be5a25ea05.txt"
CODE = re.compile(r"\(([A-Z0-9-]+)\)")


def guide_lines():
    if not GUIDE.exists():
        pytest.skip("the guide (seed 002) is not beside the repository")
    return GUIDE.read_text(encoding="utf-8").splitlines()


def table(title, stop):
    """The tab-separated rows of the guide's table from ``title`` to the line ``stop``."""
    lines = guide_lines()
    start = next(i for i, line in enumerate(lines) if title in line)
    rows = []
    for line in lines[start + 1 :]:
        if line.startswith(stop):
            break
        if "\t" in line and CODE.search(line.split("\t")[0]):
            rows.append(line.split("\t"))
    return rows


def code_of(name):
    code = CODE.findall(name)[-1]
    return "GSD-8" if code == "GSD" and "<8.0%" in name else code


def pct(text):
    return None if text.strip() == "NA" else Decimal(text.strip().rstrip("%"))


@pytest.fixture(scope="module")
def model():
    return read(FILE)


def test_table_3_measures_types_populations_and_qti_stars(model):
    rows = table("Table 3: Advanced Primary Care Measure Set", "\\*")
    assert len(rows) == 17
    incentive_rows = rows[:11]
    tracking_rows = rows[11:]
    for row in incentive_rows:
        measure = model.measure(code_of(row[0]))
        assert measure is not None, row[0]
        assert measure.type == row[1].strip().lower()
        assert measure.population == row[3].strip().lower()
        assert measure.qti == ("*" in row[0]), row[0]
    tracking = {m.code: m for m in model.tracking_measures}
    assert len(tracking) == 6
    for row in tracking_rows:
        measure = tracking[code_of(row[0])]
        assert measure.type == row[1].strip().lower()
        assert measure.population == row[3].strip().lower()
        assert measure.qti == ("*" in row[0]), row[0]
    assert [m.code for m in model.measures] == [code_of(r[0]) for r in incentive_rows]


def test_table_4_improvement_ranges_gold_standards_and_percentages(model):
    rows = table("Table 4: Performance-Based Improvement Incentive Model", "\\*")
    assert len(rows) == 11
    for name, _population, range_, gold, needed, mixed, pediatric, adult in rows:
        measure = model.measure(code_of(name))
        assert needed == "10% gap closure"
        assert model.gap_closure == Decimal("0.10")
        if measure.code == "DSF-E":
            ranges = re.findall(r"(\d+)-(\d+)", range_)
            golds = re.findall(r"\d+", gold)
        else:
            ranges = [range_.split("-")]
            golds = [gold]
        assert len(measure.parts) == len(ranges)
        for part, (first, second), part_gold in zip(measure.parts, ranges, golds, strict=True):
            assert (part.minimum, part.threshold) == (Decimal(first), Decimal(second)), name
            assert part.gold == Decimal(part_gold), name
        assert measure.improvement_percent == {
            "mixed": pct(mixed),
            "pediatric": pct(pediatric),
            "adult": pct(adult),
        }, name


def test_table_5_attainment_thresholds_gold_standards_and_percentages(model):
    rows = table("Table 5: Attainment Incentive", "\\*")
    assert len(rows) == 11
    for row in rows:
        name, _population, threshold, gold, *percentages = row
        measure = model.measure(code_of(name))
        thresholds = re.findall(r"\d+", threshold)
        golds = re.findall(r"\d+", gold)
        assert [p.threshold for p in measure.parts] == [Decimal(t) for t in thresholds], name
        assert [p.gold for p in measure.parts] == [Decimal(g) for g in golds], name
        m_thr, m_gold, p_thr, p_gold, a_thr, a_gold = (pct(p) for p in percentages)
        assert measure.threshold_percent == {"mixed": m_thr, "pediatric": p_thr, "adult": a_thr}
        assert measure.gold_percent == {"mixed": m_gold, "pediatric": p_gold, "adult": a_gold}


def test_dsf_e_components_are_worth_half_each(model):
    dsf = model.measure("DSF-E")
    assert [(p.code, p.share) for p in dsf.parts] == [
        ("screening", Decimal("0.5")),
        ("follow_up", Decimal("0.5")),
    ]


def test_measures_per_practice_type_as_the_guide_counts_them(model):
    # "For Mixed Practices ... all measures apply. For Adult practices, there are nine
    # measures and for Pediatric practices, there are five measures."
    count = {
        t: sum(m.applies_to(t) for m in model.measures) for t in ("mixed", "adult", "pediatric")
    }
    assert count == {"mixed": 11, "adult": 9, "pediatric": 5}
    gold_totals = {
        t: sum(m.gold_percent[t] for m in model.measures if m.applies_to(t))
        for t in ("mixed", "adult", "pediatric")
    }
    assert gold_totals == {"mixed": 100, "adult": Decimal("100.5"), "pediatric": 100}


def test_lower_is_better_measures_are_the_ones_whose_ranges_run_down(model):
    assert {m.code for m in model.measures if m.lower_is_better} == {"GSD", "AHU", "EDU", "TCOC"}


def test_age_gender_factors_table(model):
    lines = guide_lines()
    start = lines.index("Age Range\tFemale\tMale\tUnknown or Not Disclosed")
    rows = [line.split("\t") for line in lines[start + 1 : start + 14]]
    assert [b.band for b in model.age_bands] == [r[0] for r in rows]
    for band, (_, female, male, unknown) in zip(model.age_bands, rows, strict=True):
        assert band.factors == {
            "female": Decimal(female),
            "male": Decimal(male),
            "unknown": Decimal(unknown),
        }
    assert (model.age_bands[0].from_age, model.age_bands[0].to_age) == (0, 2)
    assert model.age_bands[-1].to_age is None


def test_hpi_adjustment_by_decile(model):
    text = "\n".join(guide_lines())
    assert (
        "5% upwards adjustment for the lowest decile, 4% for the second lowest decile, "
        "3% for the third decile, 2% for the fourth decile, and 1% for the fifth decile" in text
    )
    assert model.hpi_uplift_percent == {
        1: 5,
        2: 4,
        3: 3,
        4: 2,
        5: 1,
        6: 0,
        7: 0,
        8: 0,
        9: 0,
        10: 0,
    }


def test_validity_and_half_rule(model):
    text = "\n".join(guide_lines())
    assert "a measure denominator of 20 or greater is required for “Adult” and “Both”" in text
    assert "150 member years or 1800 member months" in text
    assert model.quality_min_denominator == {"adult": 20, "both": 20, "pediatric": 10}
    assert model.min_member_months == 1800
    assert (model.full_pool_percent, model.half_pool_percent) == (100, 50)
    assert model.suggested_incentive_percent == 15


def test_tracks_and_capitated_services_tables_1_and_2():
    data = yaml.safe_load(FILE.read_text(encoding="utf-8"))
    tracks = {t["code"]: t for t in data["direct_service_tracks"]}
    assert set(tracks) == {"A", "B", "C"}
    assert tracks["B"]["source"] == "Table 1"
    assert tracks["B"]["capitated"] == ["E&M 992xx", "Other E&M 99300-99499"]
    assert "Immunizations 90281–90756, G0008–G0010" in tracks["B"]["fee_for_service"]
    assert tracks["C"]["source"] == "Table 2"
    text = "\n".join(guide_lines())
    for service in tracks["C"]["capitated"]:
        assert service["service"] in text
    assert [s["service"] for s in tracks["C"]["capitated"]][
        -1
    ] == "Category III – Codes ending in T"


def test_every_block_names_its_table():
    data = yaml.safe_load(FILE.read_text(encoding="utf-8"))
    for measure in data["measures"]:
        assert measure["source"] == "Table 3"
        assert measure["improvement"]["source"] == "Table 4"
        assert measure["attainment"]["source"] == "Table 5"


# --- the loader refuses a broken file, naming the entry --------------------------------


def broken(change):
    data = yaml.safe_load(FILE.read_text(encoding="utf-8"))
    change(data)
    with pytest.raises(PaymentModelError) as excinfo:
        parse(data)
    return excinfo.value.messages


def test_a_missing_percentage_names_the_measure_and_column():
    def drop(data):
        del data["measures"][3]["attainment"]["gold_percent"]["adult"]

    messages = broken(drop)
    assert any(m.startswith("measures[3] (COL-E).attainment.gold_percent.adult") for m in messages)


def test_a_text_where_a_number_belongs_names_the_entry():
    def spoil(data):
        data["measures"][4]["attainment"]["threshold"] = "sixty-seven"

    messages = broken(spoil)
    assert (
        "measures[4] (CBP).attainment.threshold: expected a number, got 'sixty-seven'" in messages
    )


def test_tables_4_and_5_must_agree_on_the_gold_standard():
    def spoil(data):
        data["measures"][0]["improvement"]["gold_standard"] = 90

    messages = broken(spoil)
    assert any("measures[0] (AMR)" in m and "Table 4" in m for m in messages)


def test_a_direction_that_contradicts_the_range_is_refused():
    def spoil(data):
        data["measures"][6]["lower_is_better"] = False

    assert any("measures[6] (GSD)" in m for m in broken(spoil))


def test_na_in_one_column_only_is_refused():
    def spoil(data):
        data["measures"][2]["improvement"]["percent"]["adult"] = 1.0

    assert any("measures[2] (CIS): adult is NA in some columns only" in m for m in broken(spoil))


def test_every_problem_is_reported_at_once():
    def spoil(data):
        data["hpi_adjustment"]["uplift_percent_by_decile"].pop(3)
        data["age_gender_factors"]["bands"][0]["male"] = -1

    messages = broken(spoil)
    assert "hpi_adjustment.uplift_percent_by_decile.3: missing" in messages
    assert any(m.startswith("age_gender_factors.bands[0].male") for m in messages)
