"""VaPCAT version 2 (``fixtures/instruments/vapcat-v2.yaml``): version 1 with the review's
corrections, every Appendix 1 capability and domain example still covered and cited in
each item's ``source``, and version 1 left as it was."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from assessments.instrument_file import read_instrument_file
from assessments.instruments import instrument_load
from assessments.models import Instrument, Item
from submissions.lifecycle import milestone_start
from tests import factories

INSTRUMENTS = Path(settings.BASE_DIR) / "fixtures" / "instruments"
V1 = INSTRUMENTS / "vapcat-v1.yaml"
V2 = INSTRUMENTS / "vapcat-v2.yaml"
# Content hash of version 1 as milestones use it: any edit to its items, help, stars or
# scale changes it (comments aside). Changes go into a new version instead.
V1_SHA256 = "f65ec45c5de1364fac3e43e29e075ea7a4531373fce5b6af2ae95a2f4ac01c34"
# CI clones the repository with ../shared beside it.
TEMPLATE = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_bc4a37a41ecd30b0.txt"

# The source convention of the file's header: "Appendix 1 C.d" cites capability d of
# domain C; 'Domain example "..."' cites one of the domain's examples word for word.
APPENDIX_REFERENCE = re.compile(r"\bAppendix 1 ([A-E])\.([a-z])\b")
EXAMPLE_REFERENCE = re.compile(r'\bDomain example "([^"]+)"')
# The v1 items the review found asking two or three things at once, and their parts.
SPLITS = {"A2": ["A2", "A7"], "B2": ["B2", "B9"], "C1": ["C1", "C10"]}
SPLITS |= {"C2": ["C2", "C11", "C12"], "C8": ["C8", "C13"]}
BRITISH = re.compile(
    r"\b(organis\w*|prioritis\w*|programmes?|behaviour\w*|centres?|analys(e|ed|ing)|"
    r"modell(ing|ed)|colour\w*|favour\w*|labour\w*|honour\w*|utilis\w*|recognis\w*|"
    r"minimis\w*|maximis\w*|standardis\w*|judgement|enrolment|licence|defence|"
    r"paediatric\w*|whilst|amongst|adviser|practise[sd]?|cancelled|travelled|"
    r"follow (them|him|her|patients) up)\b",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def v1():
    return read_instrument_file(V1)


@pytest.fixture(scope="module")
def v2():
    return read_instrument_file(V2)


def items(spec):
    return {item.code: item for domain in spec.domains for item in domain.items}


def domain_examples(domain):
    """A domain's examples, one by one: the template separates them with commas (with a
    final "and") or, in domain E, with semicolons."""
    parts = re.split(r"; |, ", domain.examples)
    return [part.removeprefix("and ") for part in parts]


def texts(spec):
    """Every piece of text a practice or a reviewer reads in the instrument."""
    yield spec.name
    yield spec.description
    yield from (point.label for point in spec.scale)
    for domain in spec.domains:
        yield from (domain.name, domain.examples, *domain.foundational_capabilities)
        for item in domain.items:
            yield from (item.text, item.help, item.source)


# The file ------------------------------------------------------------------------------


def test_v2_loads_as_version_2_of_the_vapcat(v1, v2):
    assert (v2.name, v2.version) == ("VaPCAT", "2")
    assert [d.code for d in v2.domains] == list("ABCDE")
    assert [d.name for d in v2.domains] == [d.name for d in v1.domains]
    assert v2.scale == v1.scale
    assert [p.meaning for p in v2.scale] == [
        "not_in_place",
        "minimal",
        "partial",
        "strength",
        "unknown",
    ]


def test_v2_says_it_is_not_the_official_wording_and_what_it_corrects():
    header = V2.read_text(encoding="utf-8").split("\nname:")[0]
    assert "NOT THE OFFICIAL VaPCAT WORDING" in header
    for code in ["A2", "B2", "B4", "C1", "C2", "C6", "C8", "D5"]:
        assert re.search(rf"^#   {code}  ", header, re.MULTILINE), code
    assert "Version 1 code -> version 2 codes:" in header


def test_domains_keep_the_templates_examples_and_capabilities_word_for_word(v1, v2):
    for old, new in zip(v1.domains, v2.domains, strict=True):
        assert new.examples == old.examples
        assert new.foundational_capabilities == old.foundational_capabilities


def test_the_capabilities_are_appendix_1s():
    if not TEMPLATE.exists():
        pytest.skip(f"milestone template not found at {TEMPLATE}")
    appendix = TEMPLATE.read_text(encoding="utf-8").split("Appendix 1. Foundation Capabilities")[1]
    expected: dict[str, list[str]] = {}
    domain = None
    for line in appendix.splitlines():
        if match := re.match(r"([A-E])\. ", line):
            domain = match.group(1)
            expected[domain] = []
        elif domain and (match := re.match(r"[a-z]\. (.+)", line)):
            expected[domain].append(match.group(1).strip())
    spec = read_instrument_file(V2)
    assert {d.code: list(d.foundational_capabilities) for d in spec.domains} == expected


def test_codes_run_in_sequence_within_each_domain(v2):
    for domain in v2.domains:
        codes = [item.code for item in domain.items]
        assert codes == [f"{domain.code}{n}" for n in range(1, len(codes) + 1)]


def test_v1_codes_survive_and_each_split_adds_the_next_codes(v1, v2):
    assert set(items(v1)) <= set(items(v2))
    added = set(items(v2)) - set(items(v1))
    assert added == {code for parts in SPLITS.values() for code in parts[1:]}


# Sources -------------------------------------------------------------------------------


def test_every_item_names_its_source(v2):
    for code, item in items(v2).items():
        assert item.source.strip(), code
        cited = APPENDIX_REFERENCE.findall(item.source) + EXAMPLE_REFERENCE.findall(item.source)
        other = re.search(r"\b(PDPP|VBC readiness)", item.source)
        assert cited or other, f"{code}: {item.source!r} cites nothing the header describes"


def test_appendix_1_references_name_capabilities_of_the_items_domain(v2):
    for domain in v2.domains:
        for item in domain.items:
            for letter, index in APPENDIX_REFERENCE.findall(item.source):
                assert letter == domain.code, item.code
                assert ord(index) - ord("a") < len(domain.foundational_capabilities), item.code


def test_every_appendix_1_capability_is_cited_by_an_item(v2):
    for domain in v2.domains:
        cited = {
            index
            for item in domain.items
            for letter, index in APPENDIX_REFERENCE.findall(item.source)
            if letter == domain.code
        }
        letters = [chr(ord("a") + n) for n in range(len(domain.foundational_capabilities))]
        uncovered = [
            f"Appendix 1 {domain.code}.{letter}: {capability}"
            for letter, capability in zip(letters, domain.foundational_capabilities, strict=True)
            if letter not in cited
        ]
        assert uncovered == []


def test_every_domain_example_is_cited_by_an_item(v2):
    assert [len(domain_examples(d)) for d in v2.domains] == [3, 4, 5, 4, 3]
    for domain in v2.domains:
        examples = domain_examples(domain)
        cited = [e for item in domain.items for e in EXAMPLE_REFERENCE.findall(item.source)]
        assert set(cited) <= set(examples), f"{domain.code} cites an example it does not have"
        assert [e for e in examples if e not in cited] == [], domain.code


# The review's corrections --------------------------------------------------------------


def test_roster_reconciliation_is_not_starred_like_its_twin(v1, v2):
    new = items(v2)
    assert items(v1)["C6"].advanced  # what the review found
    assert "Appendix 1 C.d" in new["C6"].source and "Appendix 1 C.a" in new["C5"].source
    assert not new["C6"].advanced
    assert not new["C5"].advanced


def test_risk_stratification_and_risk_adjustment_are_separate_items(v2):
    new = items(v2)
    stratification, adjustment = new["C8"], new["C13"]
    assert "stratification" in stratification.text and "adjustment" not in stratification.text
    assert "adjustment" in adjustment.text and "stratification" not in adjustment.text
    assert "formal risk stratification method" in stratification.source
    assert "Appendix 1 C.e (risk adjustment)" in adjustment.source
    assert not stratification.advanced
    assert adjustment.advanced


def test_reserves_are_not_starred(v2):
    reserves = items(v2)["D5"]
    assert "reserves" in reserves.text
    assert 'Domain example "reserves"' in reserves.source
    assert "upside-only" in reserves.help
    assert not reserves.advanced


@pytest.mark.parametrize("v1_code", SPLITS)
def test_each_part_of_a_split_item_asks_one_thing(v1, v2, v1_code):
    assert " and " in items(v1)[v1_code].text  # what the review found
    new = items(v2)
    for code in SPLITS[v1_code]:
        assert " and " not in new[code].text, f"{code}: {new[code].text}"


def test_the_board_items_can_be_answered_before_any_commitment(v2):
    new = items(v2)
    for code in ["A2", "A7"]:
        assert "committed" not in new[code].text
    assert "before the practice commits" in new["A7"].text
    assert "whether or not it has entered VBP yet" in new["A7"].help
    assert "Appendix 1 A.b" in new["A2"].source and "Appendix 1 A.b" in new["A7"].source


def test_the_stars_are_the_templates_large_practice_and_ace_items(v2):
    starred = [code for code, item in items(v2).items() if item.advanced]
    assert starred == ["B8", "C13", "D2", "D6", "E5"]


def test_no_british_spelling_anywhere_in_the_file(v2):
    for text in texts(v2):
        assert not BRITISH.search(text), text
    # The header's own words; what it quotes (v1's wording it corrects) aside.
    header = V2.read_text(encoding="utf-8").split("\nname:")[0]
    assert not BRITISH.search(re.sub(r'"[^"]*"', "", header)), "header"


def test_the_british_spellings_list_catches_v1s():
    assert BRITISH.search(items(read_instrument_file(V1))["B4"].help).group() == "programme"


# Version 1 -----------------------------------------------------------------------------


def test_v1_is_unchanged(v1):
    assert v1.version == "1"
    assert v1.sha256 == V1_SHA256


@pytest.mark.django_db
def test_loading_v2_after_v1_leaves_v1_milestones_on_v1(v1, v2):
    version_1, _ = instrument_load(V1)
    lead = factories.make_user("lead@p.test")
    may, november = factories.make_cycles()
    older = milestone_start(factories.make_practice("P"), may, lead)

    version_2, outcome = instrument_load(V2)

    assert outcome == "created"
    assert Instrument.objects.current() == version_2
    older.refresh_from_db()
    assert older.instrument == version_1
    older_items = Item.objects.filter(domain__instrument=older.instrument)
    assert older_items.count() == len(items(v1))
    assert older_items.get(code="C6").advanced
    newer = milestone_start(factories.make_practice("Q"), november, lead)
    assert newer.instrument == version_2
    assert Item.objects.filter(domain__instrument=newer.instrument).count() == len(items(v2))
