"""The suggested activities and indicators: the shipped file, lookups, and malformed files."""

import copy
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from action_plans import catalogue
from action_plans.catalogue import (
    DOMAIN_CODES,
    ActivitySuggestion,
    CatalogueError,
    IndicatorSuggestion,
)

VALID = {
    "version": "1",
    "activities": [
        {
            "code": "ACT-EMP-1",
            "text": "Validate the empanelment of every active patient",
            "source": "PDPP: Empanelment & Access / Empanelment & Access",
            "domains": ["C", "B"],
        },
        {
            "code": "ACT-FIN-1",
            "text": "Adopt a reserve policy",
            "source": "VBP Milestone Template: Financial (reserves)",
            "domains": ["D"],
        },
    ],
    "benchmarks": [
        {
            "code": "BEN-CCS",
            "name": "Care-coordinator staffing (primary care)",
            "good": "0.5-1.0 FTE per 1,500-2,000 attributed patients",
            "average": "Part-time dedicated role",
            "poor": "Shared responsibility, no dedicated role",
            "source": "VBC operational readiness, industry benchmarks",
        },
    ],
    "risks": [
        {
            "code": "RSK-VBC-1",
            "risk": "We take on downside risk before we have panel-level analytics",
            "why_likely": "Losses we cannot see.",
            "mitigation": "Stay upside-only until the analytics are in place",
            "source": "VBC operational readiness, common mistakes",
        },
    ],
    "indicators": [
        {
            "code": "IND-EMP-1",
            "name": "Patients empanelled to a care team",
            "how_measured": "Empanelled active patients / all active patients, monthly",
            "unit": "%",
            "source": "PDPP: Empanelment & Access / Empanelment & Access",
            "domains": ["B", "C"],
        },
    ],
}


def write(tmp_path, data, name="catalogue.yaml"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False))
    return path


def edited(change):
    data = copy.deepcopy(VALID)
    change(data)
    return data


# --- the shipped file ------------------------------------------------------------------


def test_shipped_catalogue_is_valid():
    shipped = catalogue.catalogue()

    assert shipped.version == "1"
    assert 30 <= len(shipped.activities) <= 60
    assert 15 <= len(shipped.indicators) <= 30
    assert all(isinstance(a, ActivitySuggestion) for a in shipped.activities)
    assert all(isinstance(i, IndicatorSuggestion) for i in shipped.indicators)


def test_shipped_catalogue_is_read_once():
    assert catalogue.catalogue() is catalogue.catalogue()


@pytest.mark.parametrize("domain_code", DOMAIN_CODES)
def test_every_domain_has_five_activities_and_three_indicators(domain_code):
    assert len(catalogue.activities_for(domain_code)) >= 5
    assert len(catalogue.indicators_for(domain_code)) >= 3


def shipped_instrument_items(version):
    path = Path(settings.BASE_DIR) / "fixtures" / "instruments" / f"vapcat-v{version}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [item["code"] for domain in data["domains"] for item in domain["items"]]


@pytest.mark.parametrize("version", ["1", "2"])
def test_every_item_of_each_shipped_version_has_a_suggested_activity(version):
    """A practice naming any item as its gap is offered an activity that closes it."""
    addressed = {code for a in catalogue.catalogue().activities for code in a.items}
    assert [c for c in shipped_instrument_items(version) if c not in addressed] == []


def test_every_item_a_suggestion_names_is_in_version_2():
    named = {code for s in catalogue.catalogue().activities for code in s.items}
    named |= {code for s in catalogue.catalogue().indicators for code in s.items}
    assert named - set(shipped_instrument_items("2")) == set()


def test_version_2s_new_items_are_addressed():
    shipped = catalogue.catalogue()
    for code in ("A7", "B9", "C10", "C11", "C12", "C13"):
        assert [a.code for a in shipped.activities if code in a.items], code
    assert "C13" in catalogue.activity("ACT-DQG-3").items  # risk adjustment audit


def test_shipped_codes_are_unique():
    shipped = catalogue.catalogue()
    codes = [s.code for s in (*shipped.activities, *shipped.indicators)]

    assert len(codes) == len(set(codes))


def test_every_shipped_indicator_has_a_unit_and_a_measure():
    for suggestion in catalogue.catalogue().indicators:
        assert suggestion.unit
        assert suggestion.how_measured


# --- lookups ---------------------------------------------------------------------------


def test_activities_for_a_domain_are_only_those_serving_it_in_file_order():
    shipped = catalogue.catalogue()
    financial = catalogue.activities_for("D")

    assert financial == tuple(a for a in shipped.activities if "D" in a.domains)
    assert catalogue.activity("ACT-FIN-1") in financial
    assert catalogue.activity("ACT-EMP-2") not in financial


def test_indicators_for_a_domain_are_only_those_serving_it():
    payer = catalogue.indicators_for("E")

    assert payer
    assert all("E" in i.domains for i in payer)
    assert catalogue.indicator("IND-PAY-2") in payer
    assert catalogue.indicator("IND-FIN-1") not in payer


def test_unknown_domain_has_no_suggestions():
    assert catalogue.activities_for("F") == ()
    assert catalogue.indicators_for("F") == ()


def test_activity_by_code():
    found = catalogue.activity("ACT-EMP-1")

    assert found.text.startswith("Validate the empanelment of every active patient")
    assert found.source == "PDPP: Empanelment & Access / Empanelment & Access"
    assert found.domains == ("B", "C")


def test_indicator_by_code():
    found = catalogue.indicator("IND-EMP-1")

    assert found.name == "Patients empanelled to a care team"
    assert found.unit == "%"
    assert found.domains == ("B", "C")


def test_unknown_code_is_none():
    assert catalogue.activity("ACT-NOPE-1") is None
    assert catalogue.indicator("IND-NOPE-1") is None
    assert catalogue.activity("IND-EMP-1") is None
    assert catalogue.indicator("ACT-EMP-1") is None


def test_suggestions_are_frozen():
    with pytest.raises(AttributeError):
        catalogue.activity("ACT-EMP-1").text = "changed"


# --- loading a file --------------------------------------------------------------------


def test_optional_matching_fields_load(tmp_path):
    def add(data):
        data["activities"][0].update(
            items=["C5", "B6"], organisation_types=["fqhc"], contract=True, benchmarks=["BEN-CCS"]
        )

    loaded = catalogue.catalogue_load(write(tmp_path, edited(add)))

    first, second = loaded.activities
    assert first.items == ("C5", "B6")
    assert first.contract is True
    assert first.benchmarks[0].good == "0.5-1.0 FTE per 1,500-2,000 attributed patients"
    assert first.offered_to("fqhc") and not first.offered_to("independent")
    assert second.offered_to("independent")
    assert (second.items, second.contract, second.benchmarks) == ((), False, ())
    assert loaded.risks[0].mitigation == "Stay upside-only until the analytics are in place"


def test_ranking_puts_suggestions_for_the_most_pressing_gap_first():
    suggestions = [
        ActivitySuggestion("ACT-A-1", "a", "s", ("C",), items=("C1",)),
        ActivitySuggestion("ACT-B-1", "b", "s", ("C",)),
        ActivitySuggestion("ACT-C-1", "c", "s", ("C",), items=("C2", "C1")),
        ActivitySuggestion("ACT-D-1", "d", "s", ("C",), items=("C2",)),
    ]

    offered = catalogue.ranked(suggestions, ["C2", "C1"])

    assert [(r.suggestion.code, r.gaps) for r in offered] == [
        ("ACT-C-1", ("C2", "C1")),
        ("ACT-D-1", ("C2",)),
        ("ACT-A-1", ("C1",)),
        ("ACT-B-1", ()),
    ]
    assert [r.suggestion.code for r in catalogue.ranked(suggestions, [])] == [
        "ACT-A-1",
        "ACT-B-1",
        "ACT-C-1",
        "ACT-D-1",
    ]


def test_the_fqhc_apm_is_offered_to_fqhcs_only():
    assert catalogue.activity("ACT-APM-1") in catalogue.activities_for("D", "fqhc")
    for other in ("independent", "rural", "tribal", "other"):
        assert catalogue.activity("ACT-APM-1") not in catalogue.activities_for("D", other)


def test_valid_file_loads_with_domains_in_template_order(tmp_path):
    loaded = catalogue.catalogue_load(write(tmp_path, VALID))

    assert [a.code for a in loaded.activities] == ["ACT-EMP-1", "ACT-FIN-1"]
    assert loaded.activities[0].domains == ("B", "C")
    assert loaded.indicators[0] == IndicatorSuggestion(
        code="IND-EMP-1",
        name="Patients empanelled to a care team",
        how_measured="Empanelled active patients / all active patients, monthly",
        unit="%",
        source="PDPP: Empanelment & Access / Empanelment & Access",
        domains=("B", "C"),
    )


MALFORMED = [
    pytest.param(
        lambda d: d["activities"][0].pop("text"),
        ["activities #1 (ACT-EMP-1)", "'text'", "missing"],
        id="missing-text",
    ),
    pytest.param(
        lambda d: d["activities"][1].update(source="  "),
        ["activities #2 (ACT-FIN-1)", "'source'", "non-empty"],
        id="blank-source",
    ),
    pytest.param(
        lambda d: d["activities"][1].update(domains=["D", "F"]),
        ["activities #2 (ACT-FIN-1)", "'domains'", "'F'"],
        id="unknown-domain",
    ),
    pytest.param(
        lambda d: d["activities"][1].update(domains="D"),
        ["activities #2 (ACT-FIN-1)", "'domains'", "list"],
        id="domains-not-a-list",
    ),
    pytest.param(
        lambda d: d["activities"][1].update(domains=[]),
        ["activities #2 (ACT-FIN-1)", "'domains'", "non-empty"],
        id="no-domains",
    ),
    pytest.param(
        lambda d: d["activities"][1].update(domains=["D", "D"]),
        ["activities #2 (ACT-FIN-1)", "'domains'", "more than once"],
        id="repeated-domain",
    ),
    pytest.param(
        lambda d: d["activities"][1].pop("domains"),
        ["activities #2 (ACT-FIN-1)", "'domains'", "missing"],
        id="missing-domains",
    ),
    pytest.param(
        lambda d: d["activities"][1].update(code="ACT-EMP-1"),
        ["activities #2 (ACT-EMP-1)", "'code'", "activities #1 (ACT-EMP-1)"],
        id="duplicate-code",
    ),
    pytest.param(
        lambda d: d["activities"][0].update(code="emp-1"),
        ["activities #1 (emp-1)", "'code'", "ACT-EMP-1"],
        id="badly-formed-code",
    ),
    pytest.param(
        lambda d: d["activities"][0].pop("code"),
        ["activities #1:", "'code'", "missing"],
        id="missing-code",
    ),
    pytest.param(
        lambda d: d["activities"][0].update(txt="typo"),
        ["activities #1 (ACT-EMP-1)", "'txt'", "not a known field"],
        id="unknown-field",
    ),
    pytest.param(
        lambda d: d["indicators"][0].pop("unit"),
        ["indicators #1 (IND-EMP-1)", "'unit'", "missing"],
        id="indicator-missing-unit",
    ),
    pytest.param(
        lambda d: d["indicators"][0].update(how_measured=42),
        ["indicators #1 (IND-EMP-1)", "'how_measured'", "text"],
        id="indicator-measure-not-text",
    ),
    pytest.param(
        lambda d: d["indicators"][0].update(code="ACT-EMP-9"),
        ["indicators #1 (ACT-EMP-9)", "'code'", "IND-EMP-1"],
        id="indicator-with-activity-code",
    ),
    pytest.param(
        lambda d: d["indicators"].insert(0, "Patients empanelled"),
        ["indicators #1:", "mapping"],
        id="entry-not-a-mapping",
    ),
    pytest.param(
        lambda d: d.update(indicators=[]),
        ["'indicators'", "non-empty list"],
        id="no-indicators",
    ),
    pytest.param(
        lambda d: d.update(version=1),
        ["'version'", "quoted string"],
        id="version-not-a-string",
    ),
    pytest.param(
        lambda d: d.update(suggestions=[]),
        ["'suggestions'", "unknown"],
        id="unknown-top-level-field",
    ),
    pytest.param(
        lambda d: d["activities"][1].update(items=["C4"]),
        ["activities #2 (ACT-FIN-1)", "'items'", "C4", "domain C"],
        id="item-of-another-domain",
    ),
    pytest.param(
        lambda d: d["activities"][1].update(items=["D"]),
        ["activities #2 (ACT-FIN-1)", "'items'", "'D'"],
        id="badly-formed-item",
    ),
    pytest.param(
        lambda d: d["activities"][1].update(organisation_types=["hospital"]),
        ["activities #2 (ACT-FIN-1)", "'organisation_types'", "'hospital'", "fqhc"],
        id="unknown-organisation-type",
    ),
    pytest.param(
        lambda d: d["activities"][1].update(contract="yes"),
        ["activities #2 (ACT-FIN-1)", "'contract'", "true or false"],
        id="contract-not-a-boolean",
    ),
    pytest.param(
        lambda d: d["activities"][1].update(benchmarks=["BEN-XYZ"]),
        ["activities #2 (ACT-FIN-1)", "'benchmarks'", "'BEN-XYZ'"],
        id="unknown-benchmark",
    ),
    pytest.param(
        lambda d: d["benchmarks"][0].pop("source"),
        ["benchmarks #1 (BEN-CCS)", "'source'", "missing"],
        id="benchmark-without-source",
    ),
    pytest.param(
        lambda d: d["risks"][0].update(mitigation=""),
        ["risks #1 (RSK-VBC-1)", "'mitigation'", "non-empty"],
        id="risk-without-mitigation",
    ),
    pytest.param(
        lambda d: d["risks"][0].update(code="RSK-1"),
        ["risks #1 (RSK-1)", "'code'", "RSK-VBC-1"],
        id="badly-formed-risk-code",
    ),
]


@pytest.mark.parametrize("change, expected", MALFORMED)
def test_malformed_file_is_refused_naming_entry_and_field(tmp_path, change, expected):
    path = write(tmp_path, edited(change))

    with pytest.raises(CatalogueError) as refused:
        catalogue.catalogue_load(path)

    message = str(refused.value)
    assert message.startswith(str(path))
    for part in expected:
        assert part in message


def test_file_that_is_not_yaml_is_refused(tmp_path):
    path = write(tmp_path, "activities: [unclosed\n")

    with pytest.raises(CatalogueError, match="not valid YAML"):
        catalogue.catalogue_load(path)


def test_file_that_is_not_a_mapping_is_refused(tmp_path):
    path = write(tmp_path, "- just a list\n")

    with pytest.raises(CatalogueError, match="expected a mapping"):
        catalogue.catalogue_load(path)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(CatalogueError, match="cannot be read"):
        catalogue.catalogue_load(tmp_path / "absent.yaml")
