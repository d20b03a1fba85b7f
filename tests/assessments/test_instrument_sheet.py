"""Instrument versions as spreadsheets: every problem of a workbook named by sheet, row
and column, the CSV files of its sheets, the round trip (download, upload, same content
hash) and the ``load_instrument`` command with workbooks, CSV files, cycles and drafts."""

import csv
import io
from dataclasses import replace
from io import StringIO
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from assessments.instrument_file import read_instrument_file
from assessments.instrument_sheet import (
    InstrumentSheetError,
    read_csv_files,
    read_paths,
    read_xlsx,
    write_xlsx,
)
from assessments.instruments import instrument_load, instrument_spec
from assessments.models import Instrument, Item
from tests import factories

V1 = Path(settings.BASE_DIR) / "fixtures" / "instruments" / "vapcat-v1.yaml"


def v1():
    return read_instrument_file(V1)


def book(spec=None):
    """The v1 workbook (or ``spec``'s), open for changes."""
    return openpyxl.load_workbook(io.BytesIO(write_xlsx(spec or v1())))


def saved(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def refusal(workbook):
    with pytest.raises(InstrumentSheetError) as excinfo:
        read_xlsx(saved(workbook))
    return excinfo.value.messages


def row_of(sheet, code, column=2):
    """The row number of the row whose ``column`` (items: the item code) is ``code``."""
    for row in sheet.iter_rows(min_row=2):
        if row[column - 1].value == code:
            return row[0].row
    raise AssertionError(f"no row {code}")


def set_cell(workbook, sheet, code, column, value, key_column=2):
    columns = [cell.value for cell in workbook[sheet][1]]
    row = row_of(workbook[sheet], code, key_column)
    workbook[sheet].cell(row, columns.index(column) + 1).value = value
    return row


def csv_files(workbook, encoding="utf-8-sig", delimiter=",", names="{sheet}.csv"):
    files = []
    for worksheet in workbook.worksheets:
        out = StringIO()
        writer = csv.writer(out, delimiter=delimiter)
        for values in worksheet.iter_rows(values_only=True):
            writer.writerow(["" if value is None else value for value in values])
        files.append((names.format(sheet=worksheet.title), out.getvalue().encode(encoding)))
    return files


def csv_refusal(files):
    with pytest.raises(InstrumentSheetError) as excinfo:
        read_csv_files(files)
    return excinfo.value.messages


# The workbook reads as the YAML file ---------------------------------------------------


def test_the_v1_workbook_reads_as_the_yaml_file_with_the_same_hash():
    spec = read_xlsx(write_xlsx(v1()))

    assert spec == v1()
    assert spec.sha256 == v1().sha256


@pytest.mark.django_db
def test_a_loaded_version_downloads_and_uploads_with_its_hash():
    instrument, _ = instrument_load(V1)

    spec = read_xlsx(write_xlsx(instrument_spec(instrument)))

    assert spec.sha256 == instrument.source_sha256 == v1().sha256


def test_the_workbook_has_the_four_sheets_with_headers_and_wrapped_text():
    workbook = book()

    assert workbook.sheetnames == ["instrument", "scale", "domains", "items"]
    assert [c.value for c in workbook["items"][1]] == [
        "domain",
        "code",
        "text",
        "help",
        "asterisk",
        "order",
        "source",
    ]
    assert workbook["items"]["C2"].alignment.wrap_text
    assert workbook["items"].column_dimensions["C"].width >= 60
    assert workbook["instrument"]["B3"].value == "1"  # the version, as text
    capabilities = workbook["domains"]["D2"].value.split("\n")
    assert capabilities == list(v1().domains[0].foundational_capabilities)


def test_text_that_looks_like_a_formula_stays_text():
    spec = v1()
    first = spec.domains[0]
    item = replace(first.items[0], help='=HYPERLINK("http://evil.example")')
    spec = replace(
        spec, domains=(replace(first, items=(item, *first.items[1:])), *spec.domains[1:])
    )

    assert read_xlsx(write_xlsx(spec)).domains[0].items[0].help == item.help


def test_headers_ignore_case_spaces_and_underscores_and_meanings_may_be_labels():
    workbook = book()
    workbook["domains"]["D1"] = "Foundational_Capabilities"
    workbook["items"]["C1"] = "  TEXT "
    for row in workbook["scale"].iter_rows(min_row=2):
        row[2].value = {"strength": "Area of strength", "unknown": "Don't know"}.get(
            row[2].value, row[2].value
        )

    assert read_xlsx(saved(workbook)) == v1()


def test_items_follow_the_domains_rows_then_their_order():
    workbook = book()
    items = workbook["items"]
    rows = [[cell.value for cell in row] for row in items.iter_rows(min_row=2)]
    items.delete_rows(2, len(rows))
    for values in reversed(rows):
        values[5] *= 10  # orders 10, 20, ... read as 1, 2, ...
        items.append(values)

    assert read_xlsx(saved(workbook)) == v1()


def test_numbers_typed_in_text_cells_and_yes_no_asterisks_are_read():
    workbook = book()
    workbook["instrument"]["B3"] = 2
    set_cell(workbook, "items", "A1", "asterisk", "*")
    set_cell(workbook, "items", "A2", "asterisk", True)
    set_cell(workbook, "items", "A3", "order", 3.0)

    spec = read_xlsx(saved(workbook))

    assert spec.version == "2"
    assert [item.advanced for item in spec.domains[0].items[:3]] == [True, True, False]


# Every problem class, with its sheet, row and column -----------------------------------


def test_a_missing_sheet_is_named():
    workbook = book()
    del workbook["items"]

    assert refusal(workbook) == ["items: the workbook has no sheet of this name"]


def test_a_missing_column_is_named():
    workbook = book()
    workbook["items"].delete_cols(1)

    assert refusal(workbook) == ["items, row 1: no column 'domain' in the header row"]


def test_an_unknown_column_is_named():
    workbook = book()
    workbook["items"]["G1"] = "sources"

    assert refusal(workbook) == [
        "items, row 1, column 'sources': not a column of this sheet (its columns: domain, "
        "code, text, help, asterisk, order, source)"
    ]


def test_an_item_of_an_unknown_domain_is_named():
    workbook = book()
    workbook["items"]["A14"] = "F"

    assert refusal(workbook) == ["items, row 14, column 'domain': no domain 'F'"]


def test_an_item_code_used_twice_is_named():
    workbook = book()
    row = set_cell(workbook, "items", "B1", "code", "A1")

    assert refusal(workbook) == [
        f"items, row {row}, column 'code': code 'A1' is already used by row 2"
    ]


def test_a_domain_code_used_twice_is_named():
    workbook = book()
    workbook["domains"]["A6"] = "D"
    for row in workbook["items"].iter_rows(min_row=2):
        if row[0].value == "E":
            row[0].value = "D"
            row[5].value += 100

    assert refusal(workbook) == ["domains, row 6, column 'code': code 'D' is already used by row 5"]


def test_an_empty_item_text_is_named():
    workbook = book()
    row = set_cell(workbook, "items", "C4", "text", "   ")

    assert refusal(workbook) == [f"items, row {row}, column 'text': must not be empty"]


def test_a_meaning_outside_the_rubric_is_named():
    workbook = book()
    workbook["scale"]["C4"] = "great"

    assert refusal(workbook) == [
        "scale, row 4, column 'meaning': must be one of not_in_place, minimal, partial, "
        "strength, unknown, not 'great'"
    ]


def test_an_empty_meaning_is_named():
    workbook = book()
    workbook["scale"]["C2"] = None

    assert refusal(workbook) == [
        "scale, row 2, column 'meaning': must be one of not_in_place, minimal, partial, "
        "strength, unknown, not empty"
    ]


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "expected"),
    [
        (
            "scale",
            "A3",
            "two",
            "scale, row 3, column 'value': must be a whole number or empty (don't know), not 'two'",
        ),
        (
            "items",
            "F2",
            "first",
            "items, row 2, column 'order': must be a whole number, not 'first'",
        ),
        (
            "items",
            "E2",
            "maybe",
            "items, row 2, column 'asterisk': must be yes, no or *, not 'maybe'",
        ),
        (
            "items",
            "F3",
            1,
            "items, row 3, column 'order': order 1 is already used in domain 'A' by row 2",
        ),
        ("instrument", "B2", "", "instrument, row 2, column 'value': must not be empty"),
        (
            "instrument",
            "A3",
            "edition",
            "instrument, row 3, column 'field': must be one of name, version, description, "
            "not 'edition'",
        ),
    ],
    ids=["scale-value", "order", "asterisk", "order-twice", "empty-name", "unknown-field"],
)
def test_a_bad_value_is_named(sheet, cell, value, expected):
    workbook = book()
    workbook[sheet][cell] = value

    messages = refusal(workbook)

    assert messages[0] == expected
    if cell != "A3" or sheet != "instrument":
        assert len(messages) == 1
    else:
        assert messages == [expected, "instrument, column 'field': no row for 'version'"]


def test_scale_rules_name_the_rows():
    workbook = book()
    workbook["scale"]["A4"] = 1  # "Partially in place" now has minimal's value

    assert refusal(workbook) == ["scale, row 4, column 'value': value 1 is already used by row 3"]


def test_a_scale_without_a_strength_is_refused_as_a_whole():
    workbook = book()
    workbook["scale"].delete_rows(5)

    assert refusal(workbook) == [
        "scale: the scale needs at least one value meaning each of not in place, minimal "
        "components in place and area of strength; none means area of strength"
    ]


def test_dont_know_must_have_an_empty_value():
    workbook = book()
    workbook["scale"]["A6"] = 4

    assert refusal(workbook) == [
        "scale, row 6, column 'meaning': only the empty value (don't know) can mean unknown; "
        "give this point a meaning from the rubric or leave its value empty"
    ]


def test_a_domain_without_items_is_named():
    workbook = book()
    for row in workbook["items"].iter_rows(min_row=2):
        if row[0].value == "E":
            for cell in row:
                cell.value = None

    assert refusal(workbook) == [
        "domains, row 6, column 'code': domain 'E' has no items on the items sheet"
    ]


def test_every_problem_is_reported_at_once_in_sheet_and_row_order():
    workbook = book()
    set_cell(workbook, "items", "E2", "text", "")
    set_cell(workbook, "items", "A3", "domain", "Z")
    workbook["scale"]["C3"] = "somewhat"
    workbook["instrument"]["B3"] = None

    assert refusal(workbook) == [
        "instrument, row 3, column 'value': must not be empty",
        "scale, row 3, column 'meaning': must be one of not_in_place, minimal, partial, "
        "strength, unknown, not 'somewhat'",
        "items, row 4, column 'domain': no domain 'Z'",
        f"items, row {row_of(workbook['items'], 'E2')}, column 'text': must not be empty",
    ]


def test_a_file_that_is_not_a_workbook_is_refused():
    with pytest.raises(InstrumentSheetError) as excinfo:
        read_xlsx(b"name,version\n", "vapcat.xlsx")

    assert excinfo.value.messages == ["vapcat.xlsx is not an XLSX workbook; save it as .xlsx"]


# CSV files ---------------------------------------------------------------------------


def test_the_four_csv_files_read_as_the_workbook():
    assert read_csv_files(csv_files(book())) == v1()


@pytest.mark.parametrize(
    ("encoding", "delimiter", "names"),
    [
        ("utf-8", ",", "{sheet}.csv"),
        ("utf-8-sig", ";", "{sheet}.csv"),
        ("utf-8", "\t", "VaPCAT v1 - {sheet}.csv"),
        ("utf-8-sig", ",", "{sheet}.CSV"),
    ],
    ids=["no-byte-order-mark", "semicolons", "named-by-a-spreadsheet-program", "upper-case"],
)
def test_csv_variants_read_the_same(encoding, delimiter, names):
    files = csv_files(book(), encoding=encoding, delimiter=delimiter, names=names)

    assert read_csv_files(files).sha256 == v1().sha256


def test_a_csv_file_in_another_encoding_is_named_with_its_row():
    files = dict(csv_files(book()))
    text = files["items.csv"].decode("utf-8-sig").replace("our VBP work", "notre VBP é", 1)
    row = text[: text.index("é")].count("\n") + 1
    files["items.csv"] = text.encode("cp1252")

    assert csv_refusal(list(files.items())) == [
        f"items, row {row}: items.csv is not UTF-8 text (byte 0xE9 cannot be read); save it as "
        "\u201cCSV UTF-8\u201d"
    ]


def test_a_utf16_csv_file_is_named():
    files = dict(csv_files(book()))
    files["scale.csv"] = files["scale.csv"].decode("utf-8-sig").encode("utf-16")

    assert csv_refusal(list(files.items())) == [
        "scale: scale.csv is UTF-16 text; save it as \u201cCSV UTF-8\u201d"
    ]


def test_a_missing_csv_file_and_an_unknown_one_are_named():
    files = dict(csv_files(book()))
    files["notes.csv"] = files.pop("items.csv")

    assert csv_refusal(list(files.items())) == [
        "notes.csv: the file's name must end with the sheet it holds: instrument.csv, "
        "scale.csv, domains.csv, items.csv",
        "items: no file for this sheet: add items.csv",
    ]


def test_csv_problems_name_the_row_and_column():
    workbook = book()
    workbook["items"]["A14"] = "F"

    assert csv_refusal(csv_files(workbook)) == ["items, row 14, column 'domain': no domain 'F'"]


# The command -------------------------------------------------------------------------


def load(*args):
    out = StringIO()
    call_command("load_instrument", *map(str, args), stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def v2_workbook(tmp_path):
    path = tmp_path / "vapcat-v2.xlsx"
    path.write_bytes(write_xlsx(replace(v1(), version="2")))
    return path


@pytest.mark.django_db
def test_command_loads_a_workbook(v2_workbook):
    message = load(v2_workbook)

    items = Item.objects.filter(domain__instrument__version="2").count()
    assert message == f"Loaded VaPCAT version 2: 5 domains, {items} items (created)."
    assert Instrument.objects.current().version == "2"
    assert Instrument.objects.get().source_sha256 == replace(v1(), version="2").sha256


@pytest.mark.django_db
def test_command_loads_csv_files_or_their_directory(tmp_path):
    for name, content in csv_files(book()):
        (tmp_path / name).write_bytes(content)

    assert load(tmp_path).endswith("(created).")
    paths = sorted(tmp_path.glob("*.csv"))
    assert load(*paths).endswith("(unchanged).")
    assert Instrument.objects.get().source_sha256 == v1().sha256


@pytest.mark.django_db
def test_command_publishes_for_the_cycles_named(v2_workbook):
    instrument_load(V1)
    may, november = factories.make_cycles()

    message = load(v2_workbook, "--cycle", november.name)

    assert message.endswith(f"(created). Published for {november.name}.")
    assert Instrument.objects.for_cycle(november).version == "2"
    assert Instrument.objects.for_cycle(may).version == "1"


@pytest.mark.django_db
def test_command_keeps_a_draft_unpublished(v2_workbook):
    v1_instrument, _ = instrument_load(V1)

    assert load(v2_workbook, "--draft").endswith("(created). Kept as a draft.")
    assert Instrument.objects.get(version="2").published_at is None
    assert Instrument.objects.current() == v1_instrument


@pytest.mark.django_db
def test_command_refuses_an_unknown_cycle_and_loads_nothing(v2_workbook):
    factories.make_cycles()

    with pytest.raises(CommandError) as excinfo:
        load(v2_workbook, "--cycle", "June 2031")

    assert str(excinfo.value) == (
        "no cycle named 'June 2031' (the cycles: May 2026, November 2026)"
    )
    assert not Instrument.objects.exists()


@pytest.mark.django_db
def test_command_lists_every_problem_of_a_workbook(tmp_path):
    workbook = book()
    workbook["items"]["A14"] = "F"
    workbook["scale"]["C4"] = "great"
    path = tmp_path / "broken.xlsx"
    path.write_bytes(saved(workbook))

    with pytest.raises(CommandError) as excinfo:
        load(path)

    assert str(excinfo.value) == (
        f"{path} was not loaded:\n"
        "  - scale, row 4, column 'meaning': must be one of not_in_place, minimal, partial, "
        "strength, unknown, not 'great'\n"
        "  - items, row 14, column 'domain': no domain 'F'"
    )


def test_read_paths_refuses_a_mix_of_workbook_and_csv(tmp_path, v2_workbook):
    (tmp_path / "items.csv").write_text("domain\n", encoding="utf-8")

    with pytest.raises(InstrumentSheetError) as excinfo:
        read_paths([v2_workbook, tmp_path / "items.csv"])

    assert excinfo.value.messages == [
        "choose one .xlsx workbook, or the four .csv files of its sheets together"
    ]


def test_values_under_a_column_without_a_name_are_named():
    workbook = book()
    workbook["items"]["H5"] = "a note"

    assert refusal(workbook) == ["items, row 1: column H has values but no name"]


def test_a_sheet_of_more_than_2000_rows_is_refused():
    workbook = book()
    for number in range(2001):
        workbook["items"].append(["A", f"X{number}", "text", "", "no", 100 + number])

    assert refusal(workbook) == ["items: more than 2000 rows"]
