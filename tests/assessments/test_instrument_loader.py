"""Loading the VaPCAT instrument file: the v1 content, idempotent reloads, frozen versions,
refused files and the ``load_instrument`` command."""

import hashlib
import re
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command

from assessments.instrument_file import (
    InstrumentFileError,
    content_sha256,
    read_instrument_file,
)
from assessments.instruments import InstrumentInUse, instrument_load
from assessments.models import Domain, Instrument, Item
from practices.models import Practice
from submissions.lifecycle import milestone_start
from submissions.models import Cycle, MilestoneSubmission
from tests import factories

V1 = Path(settings.BASE_DIR) / "fixtures" / "instruments" / "vapcat-v1.yaml"
# CI clones the repository with ../shared beside it.
TEMPLATE = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_bc4a37a41ecd30b0.txt"
DOMAIN_NAMES = [
    "Leadership, Governance, and Legal",
    "Operations",
    "Data, Analytics, and Technology",
    "Financial",
    "Payer and Partner Relations",
]


def v1_data():
    return yaml.safe_load(V1.read_text(encoding="utf-8"))


def write(tmp_path, data, name="instrument.yaml"):
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def refusal(tmp_path, data):
    """The messages an invalid file is refused with."""
    with pytest.raises(InstrumentFileError) as excinfo:
        read_instrument_file(write(tmp_path, data))
    return excinfo.value.messages


def start_milestone(instrument, practice_name="P", cycle_name="May 2026"):
    return MilestoneSubmission.objects.create(
        practice=Practice.objects.create(
            name=practice_name, organisation_type="independent", size_band="small", county="Alameda"
        ),
        cycle=Cycle.objects.create(
            name=cycle_name, opens_on=date(2026, 3, 1), due_on=date(2026, 5, 31)
        ),
        instrument=instrument,
    )


# The v1 file ---------------------------------------------------------------------------


def test_v1_file_says_it_is_not_the_official_wording():
    header = V1.read_text(encoding="utf-8").split("\nname:")[0]
    assert "NOT THE OFFICIAL VaPCAT WORDING" in header
    assert "Appendix 1" in header


@pytest.mark.django_db
def test_v1_loads_five_domains_in_the_template_order():
    instrument, outcome = instrument_load(V1)

    assert outcome == "created"
    assert (instrument.name, instrument.version) == ("VaPCAT", "1")
    domains = list(instrument.domains.order_by("order"))
    assert [d.code for d in domains] == list("ABCDE")
    assert [d.name for d in domains] == DOMAIN_NAMES
    assert [d.order for d in domains] == [1, 2, 3, 4, 5]
    assert all(d.examples and d.foundational_capabilities for d in domains)
    assert [p["value"] for p in instrument.scale] == [0, 1, 2, 3, None]


@pytest.mark.django_db
def test_v1_has_25_to_35_items_at_least_four_per_domain_some_advanced():
    instrument, _ = instrument_load(V1)

    items = Item.objects.filter(domain__instrument=instrument)
    assert 25 <= items.count() <= 35
    for domain in instrument.domains.all():
        codes = list(domain.items.order_by("order").values_list("code", flat=True))
        assert len(codes) >= 4, domain.code
        assert codes == [f"{domain.code}{n}" for n in range(1, len(codes) + 1)]
    assert 0 < items.filter(advanced=True).count() < items.count() / 2
    assert all(item.text and item.help for item in items)


def test_every_appendix_1_capability_is_in_the_file():
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
    assert sum(len(capabilities) for capabilities in expected.values()) == 21

    in_file = {d["code"]: d["foundational_capabilities"] for d in v1_data()["domains"]}
    assert in_file == expected


# Reloading -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_loading_the_same_file_twice_is_unchanged_and_writes_nothing():
    first, _ = instrument_load(V1)
    domain_pks = set(Domain.objects.values_list("pk", flat=True))

    again, outcome = instrument_load(V1)

    assert outcome == "unchanged"
    assert again.pk == first.pk
    assert again.loaded_at == first.loaded_at
    assert set(Domain.objects.values_list("pk", flat=True)) == domain_pks
    assert Instrument.objects.count() == 1


@pytest.mark.django_db
def test_changed_content_replaces_an_unused_version(tmp_path):
    first, _ = instrument_load(V1)
    data = v1_data()
    data["domains"][0]["items"][0]["text"] = "Our owner leads the VBP work."
    del data["domains"][4]["items"][-1]

    replaced, outcome = instrument_load(write(tmp_path, data))

    assert outcome == "replaced"
    assert replaced.pk == first.pk
    assert replaced.loaded_at == first.loaded_at
    assert replaced.source_sha256 != first.source_sha256
    items = Item.objects.filter(domain__instrument=replaced)
    assert items.get(code="A1").text == "Our owner leads the VBP work."
    assert not items.filter(code="E5").exists()
    assert Domain.objects.count() == 5


@pytest.mark.django_db
def test_changed_content_for_a_used_version_is_refused(tmp_path):
    instrument, _ = instrument_load(V1)
    for n in range(3):
        start_milestone(instrument, practice_name=f"P{n}", cycle_name=f"Cycle {n}")
    data = v1_data()
    data["domains"][0]["items"][0]["text"] = "Our owner leads the VBP work."

    with pytest.raises(InstrumentInUse) as excinfo:
        instrument_load(write(tmp_path, data))

    assert str(excinfo.value) == (
        "VaPCAT version 1 is used by 3 milestones and cannot be changed; load it as a new version"
    )
    instrument.refresh_from_db()
    assert Item.objects.get(domain__instrument=instrument, code="A1").text.startswith(
        "A senior leader"
    )


def load_v1_then_v2(tmp_path):
    """Version 1, then the same content as version 2, both published for every cycle."""
    v1, _ = instrument_load(V1)
    data = v1_data()
    data["version"] = "2"
    v2, _ = instrument_load(write(tmp_path, data))
    return v1, v2


@pytest.mark.django_db
def test_loading_an_older_version_again_leaves_the_newer_one_current(tmp_path):
    v1, v2 = load_v1_then_v2(tmp_path)
    published_at = v1.published_at

    again, outcome = instrument_load(V1)

    assert outcome == "unchanged"
    assert again.published_at == published_at
    assert Instrument.objects.current() == v2


@pytest.mark.django_db
def test_loading_an_unchanged_version_for_a_cycle_publishes_it_for_that_cycle(tmp_path):
    v1, v2 = load_v1_then_v2(tmp_path)
    may, november = factories.make_cycles()

    instrument_load(V1, cycles=[may])

    assert Instrument.objects.for_cycle(may) == v1
    assert Instrument.objects.for_cycle(november) == v2
    assert Instrument.objects.for_cycles([may, november]) == {may: v1, november: v2}


@pytest.mark.django_db
def test_reloading_an_identical_used_version_is_still_unchanged():
    instrument, _ = instrument_load(V1)
    start_milestone(instrument)

    assert instrument_load(V1) == (instrument, "unchanged")


@pytest.mark.django_db
def test_a_new_version_becomes_current_and_older_milestones_keep_theirs(tmp_path):
    v1, _ = instrument_load(V1)
    lead = factories.make_user("lead@p.test")
    practice = factories.make_practice("P")
    may, november = factories.make_cycles()
    may_milestone = milestone_start(practice, may, lead)
    data = v1_data()
    data["version"] = "2"
    data["domains"][1]["items"][0]["text"] = "Everyone on staff has had VBP training."

    v2, outcome = instrument_load(write(tmp_path, data))

    assert outcome == "created"
    assert Instrument.objects.current() == v2
    may_milestone.refresh_from_db()
    assert may_milestone.instrument == v1
    other_practice = factories.make_practice("Q")
    assert milestone_start(other_practice, november, lead).instrument == v2


# Refused files -------------------------------------------------------------------------


def test_missing_item_text_names_the_item_and_field(tmp_path):
    data = v1_data()
    del data["domains"][2]["items"][3]["text"]

    assert refusal(tmp_path, data) == ["domains[2] (C) items[3] (C4): 'text' is missing"]


def test_empty_item_text_is_refused(tmp_path):
    data = v1_data()
    data["domains"][2]["items"][3]["text"] = "  "

    assert refusal(tmp_path, data) == ["domains[2] (C) items[3] (C4): 'text' must not be empty"]


def test_item_code_used_twice_in_the_instrument_is_refused(tmp_path):
    data = v1_data()
    data["domains"][1]["items"][0]["code"] = "A1"

    assert refusal(tmp_path, data) == [
        "domains[1] (B) items[0] (A1): code 'A1' is already used by domains[0] (A) items[0] (A1)"
    ]


def test_domain_code_used_twice_is_refused(tmp_path):
    data = v1_data()
    data["domains"][4]["code"] = "D"
    for item in data["domains"][4]["items"]:
        item["code"] = "X" + item["code"]

    assert refusal(tmp_path, data) == ["domains[4] (D): code 'D' is already used by domains[3]"]


def test_advanced_must_be_true_or_false(tmp_path):
    data = v1_data()
    data["domains"][2]["items"][3]["advanced"] = "sometimes"

    assert refusal(tmp_path, data) == [
        "domains[2] (C) items[3] (C4): 'advanced' must be true or false, not 'sometimes'"
    ]


def test_a_scale_point_without_its_meaning_is_refused(tmp_path):
    data = v1_data()
    del data["scale"][1]["meaning"]

    assert refusal(tmp_path, data) == ["scale[1]: 'meaning' is missing"]


def test_a_meaning_outside_the_rubric_is_refused(tmp_path):
    data = v1_data()
    data["scale"][3]["meaning"] = "excellent"

    assert refusal(tmp_path, data) == [
        "scale[3]: 'meaning' must be one of not_in_place, minimal, partial, strength, "
        "unknown, not 'excellent'"
    ]


def point(value, meaning):
    return {"value": value, "label": f"level {value}", "meaning": meaning}


@pytest.mark.parametrize(
    ("scale", "expected"),
    [
        (
            [point(0, "not_in_place"), point(1, "minimal"), {**point(1, "strength"), "label": "x"}],
            ["scale[2]: value 1 is already used by point 2"],
        ),
        (
            [point(0, "not_in_place"), point(1, "minimal"), point(None, "strength")],
            [
                'scale[2]: a value left empty is "don\'t know"; its meaning must be unknown',
                "scale: the scale needs at least one value meaning each of not in place, "
                "minimal components in place and area of strength; none means area of strength",
            ],
        ),
        (
            [point(0, "not_in_place"), point(1, "strength"), point(2, "minimal")],
            [
                "scale: meanings must rise with the values: 2 (minimal components in place) "
                "is above 1 (area of strength)"
            ],
        ),
    ],
    ids=["value-twice", "dont-know-means-strength", "meanings-fall"],
)
def test_scale_problems_name_the_point(tmp_path, scale, expected):
    data = v1_data()
    data["scale"] = scale

    assert refusal(tmp_path, data) == expected


def test_a_one_to_ten_scale_whose_values_declare_their_meanings_loads(tmp_path):
    data = v1_data()
    meanings = ["not_in_place"] * 3 + ["minimal"] * 3 + ["partial"] * 2 + ["strength"] * 2
    data["scale"] = [point(value, meaning) for value, meaning in enumerate(meanings, start=1)]

    spec = read_instrument_file(write(tmp_path, data))

    assert [p.value for p in spec.scale] == list(range(1, 11))


def test_domain_without_items_is_refused(tmp_path):
    data = v1_data()
    data["domains"][3]["items"] = []

    assert refusal(tmp_path, data) == [
        "domains[3] (D): 'items' must be a list with at least one item"
    ]


def test_domain_with_empty_items_key_is_refused(tmp_path):
    text = V1.read_text(encoding="utf-8")
    start = text.index("    items:\n", text.index("code: D\n"))
    end = text.index("\n\n", start)
    text = text[:start] + "    items:\n" + text[end:]

    assert refusal(tmp_path, text) == [
        "domains[3] (D): 'items' must be a list with at least one item"
    ]


def test_unquoted_version_is_refused(tmp_path):
    text = V1.read_text(encoding="utf-8").replace('version: "1"', "version: 1")

    assert refusal(tmp_path, text) == ["'version' must be text in quotes, e.g. \"1\""]


def test_empty_version_is_refused(tmp_path):
    data = v1_data()
    data["version"] = ""

    assert refusal(tmp_path, data) == ["'version' must not be empty"]


def test_missing_and_unknown_top_level_keys_are_refused(tmp_path):
    data = v1_data()
    del data["name"]
    data["authour"] = "us"

    assert refusal(tmp_path, data) == [
        "'name' is missing",
        "'authour' is not a known key (expected name, version, description, scale, domains)",
    ]


def test_every_problem_is_reported_at_once(tmp_path):
    data = v1_data()
    del data["domains"][0]["items"][1]["help"]
    data["domains"][4]["items"][2]["advanced"] = "yes please"

    assert refusal(tmp_path, data) == [
        "domains[0] (A) items[1] (A2): 'help' is missing",
        "domains[4] (E) items[2] (E3): 'advanced' must be true or false, not 'yes please'",
    ]


def test_yaml_syntax_error_is_reported_with_its_line(tmp_path):
    text = 'name: VaPCAT\nversion: "1"\ndescription: [unclosed\nscale: []\n'

    [message] = refusal(tmp_path, text)
    assert message.startswith("YAML syntax error at line ")
    assert re.search(r"line [34]\b", message)


def test_repeated_key_is_reported_with_its_line(tmp_path):
    text = V1.read_text(encoding="utf-8").replace('version: "1"\n', 'version: "1"\nversion: "2"\n')
    line = text.splitlines().index('version: "2"') + 1

    assert refusal(tmp_path, text) == [
        f"YAML syntax error at line {line}, column 1: duplicate key 'version'"
    ]


@pytest.mark.django_db
def test_a_refused_file_writes_nothing(tmp_path):
    data = v1_data()
    del data["domains"][2]["items"][3]["text"]

    with pytest.raises(InstrumentFileError):
        instrument_load(write(tmp_path, data))

    assert not Instrument.objects.exists()


def test_the_hash_is_of_the_content_not_of_the_files_bytes(tmp_path):
    """Comments, quoting and key order aside, the same instrument hashes the same."""
    spec = read_instrument_file(V1)
    rewritten = write(tmp_path, v1_data())

    assert spec.sha256 == content_sha256(spec.as_data())
    assert spec.sha256 != hashlib.sha256(V1.read_bytes()).hexdigest()
    assert read_instrument_file(rewritten).sha256 == spec.sha256
    data = v1_data()
    data["domains"][0]["items"][0]["help"] += " More."
    assert read_instrument_file(write(tmp_path, data, "changed.yaml")).sha256 != spec.sha256


# The command ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_command_reports_what_it_loaded():
    out = StringIO()
    call_command("load_instrument", str(V1), stdout=out)
    call_command("load_instrument", str(V1), stdout=out)

    items = Item.objects.count()
    assert out.getvalue().splitlines() == [
        f"Loaded VaPCAT version 1: 5 domains, {items} items (created).",
        f"Loaded VaPCAT version 1: 5 domains, {items} items (unchanged).",
    ]


@pytest.mark.django_db
def test_command_lists_every_problem_of_a_refused_file(tmp_path):
    data = v1_data()
    del data["domains"][2]["items"][3]["text"]
    data["domains"][1]["items"][0]["code"] = "A1"
    path = write(tmp_path, data)

    with pytest.raises(CommandError) as excinfo:
        call_command("load_instrument", str(path))

    assert str(excinfo.value) == (
        f"{path} was not loaded:\n"
        "  - domains[1] (B) items[0] (A1): code 'A1' is already used by "
        "domains[0] (A) items[0] (A1)\n"
        "  - domains[2] (C) items[3] (C4): 'text' is missing"
    )


@pytest.mark.django_db
def test_command_refuses_to_change_a_used_version(tmp_path):
    instrument, _ = instrument_load(V1)
    start_milestone(instrument)
    data = v1_data()
    data["description"] = "Changed."

    with pytest.raises(CommandError, match="used by 1 milestone and cannot be changed"):
        call_command("load_instrument", str(write(tmp_path, data)))


def test_domains_and_items_are_read_only_in_the_admin_site(cast, login):
    """An item's words are what respondents answered: the admin site shows them and
    never changes them (a new wording is a new instrument version)."""
    item = Item.objects.filter(domain__instrument=cast.instrument).first()
    client = login(cast.admin)
    page = client.get(f"/admin/assessments/item/{item.pk}/change/")
    assert page.status_code == 200
    assert item.text in page.content.decode()
    assert 'name="_save"' not in page.content.decode()
    response = client.post(f"/admin/assessments/item/{item.pk}/change/", {"text": "Changed"})
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.text != "Changed"
    assert client.get("/admin/assessments/item/add/").status_code == 403
    assert client.get("/admin/assessments/domain/add/").status_code == 403
