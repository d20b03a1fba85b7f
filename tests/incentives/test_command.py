"""``manage.py estimate_incentive``: JSON in, the same estimate out as JSON."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command


def run(tmp_path, data, capsys):
    path = tmp_path / "input.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    call_command("estimate_incentive", str(path))
    return json.loads(capsys.readouterr().out)


EXAMPLE = {
    "practice_type": "adult",
    "members": 1000,
    "incentive_pmpm": 5,
    "population_health_pmpm": 10,
    "hpi_decile": 3,
    "measures": {
        "CBP": {"baseline": 60, "current": 64, "denominator": 150},
        "COL-E": {"baseline": 55, "current": 65, "denominator": 200},
        "GSD": {"baseline": 30, "current": 24, "denominator": 80},
        "AHU": {"baseline": 24, "current": 22, "denominator": 12000},
        "DSF-E": {
            "denominator": 300,
            "screening": {"baseline": 1, "current": 5},
            "follow_up": {"baseline": 70, "current": 72},
        },
    },
}


def test_it_prints_the_estimate_per_measure_and_totals(tmp_path, capsys):
    # Adult, five of nine valid (2 x 5 >= 9: full pool); gold total 14 + 14 + 9.75 + 14
    # + 9.75 = 61.5, so k = 100 / 61.5. Earned before k: COL-E 11.5, CBP 6, DSF-E 3.75 +
    # 2, GSD 10, AHU 4 = 37.25 -> 60.5691% of $60,000 = $36,341.46.
    out = run(tmp_path, EXAMPLE, capsys)
    totals = out["totals"]
    assert totals["valid_measures"] == 5 and totals["applicable_measures"] == 9
    assert totals["incentive_pool"] == "60000.00"
    assert totals["percent_earned"] == "60.5691"
    assert totals["incentive"] == "36341.46"
    assert totals["population_health"] == "123600.00"  # 1000 x 12 x 10 x 1.03
    assert totals["total"] == "159941.46"
    cbp = next(m for m in out["measures"] if m["code"] == "CBP")
    assert cbp["category"] == "improvement"
    assert cbp["gap_closure"] == "0.2857"
    assert cbp["dollars"] == "5853.66"
    assert cbp["next"][0]["text"] == "CBP 64 -> attainment at 67"
    assert out["assumptions"]["min_member_months"] == 1800


def test_bad_input_names_the_field(tmp_path):
    data = dict(EXAMPLE, members="many", measures={"CBP": {"current": "x"}})
    path = tmp_path / "input.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        call_command("estimate_incentive", str(path))
    assert "members: expected a number, got 'many'" in str(excinfo.value)
    assert "measures.CBP.current: expected a number, got 'x'" in str(excinfo.value)


def test_not_json_is_refused(tmp_path):
    path = tmp_path / "input.json"
    path.write_text("{practice_type: adult", encoding="utf-8")
    with pytest.raises(CommandError, match="not JSON"):
        call_command("estimate_incentive", str(path))


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("estimate_incentive", str(tmp_path / "nothing.json"))


def test_the_worked_example_end_to_end(capsys):
    """The example of the estimator's closing note (tests/incentives/worked_example.json).

    Adult practice, 1,000 members, incentive PMPM $5 (pool 1,000 x 12 x 5 = $60,000).
    Valid: COL-E, CBP, DSF-E, GSD, AHU (5 of 9; BCS-E's denominator 12 < 20): full pool;
    their adult gold % add up to 61.5, so k = 100 / 61.5 = 1.626016.
    COL-E 65: attainment, t = (65-63)/(67-63) = 0.5 -> 9 + 5 x 0.5 = 11.5 -> 18.70% -> $11,219.51
    CBP 64 (baseline 60): improvement, gap closure 4/14 = 29% -> 6 -> 9.76% -> $5,853.66
    DSF-E screening 5: attainment t = 0.4 -> (6 + 3.75 x 0.4) / 2 = 3.75; follow-up 72
    (baseline 70): gap closure 2/17 = 12% -> 4 / 2 = 2; 5.75 x k = 9.35% -> $5,609.76
    GSD 24 (lower is better): attainment t = (24-25)/(20-25) = 0.2 -> 10 -> 16.26% -> $9,756.10
    AHU 22 (baseline 24, lower): improvement, closure 2/6 = 33% -> 4 -> 6.50% -> $3,902.44
    Incentive: 37.25 x k = 60.57% of $60,000 = $36,341.46.
    Population health: 1,000 x 12 x $10 x 1.33567 (the panel's age/gender factor) x 1.03
    (HPI decile 3) = $165,088.81. Total $201,430.28.
    """
    call_command("estimate_incentive", str(Path(__file__).with_name("worked_example.json")))
    out = json.loads(capsys.readouterr().out)
    assert out["totals"]["rescale_factor"] == "1.626016"
    assert out["totals"]["incentive"] == "36341.46"
    assert out["totals"]["risk_factor"] == "1.3357"
    assert out["totals"]["population_health"] == "165088.81"
    assert out["totals"]["total"] == "201430.28"
    dollars = {m["code"]: m["dollars"] for m in out["measures"] if m["valid"]}
    assert dollars == {
        "COL-E": "11219.51",
        "CBP": "5853.66",
        "DSF-E": "5609.76",
        "GSD": "9756.10",
        "AHU": "3902.44",
    }
    bcs = next(m for m in out["measures"] if m["code"] == "BCS-E")
    assert bcs["why_not_valid"] == "denominator 12 is below 20"
