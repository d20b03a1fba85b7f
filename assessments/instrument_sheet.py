"""The instrument as a spreadsheet: reading an XLSX workbook or its four sheets saved as
CSV files, and writing any version as the same workbook.

Both directions use the InstrumentSpec of ``instrument_file`` (the YAML reader), so an
instrument has one content hash whatever file it came from: download a version, upload
the download, and the hash is the same.

The workbook has four sheets, each with a header row (headers are case-insensitive;
spaces, underscores and hyphens are the same):

- ``instrument``: columns ``field`` and ``value``, one row each for ``name``, ``version``
  and ``description``;
- ``scale``: ``value`` (a whole number; empty means "don't know"), ``label``, ``meaning``
  (not_in_place, minimal, partial, strength, unknown);
- ``domains``: ``code``, ``name``, ``examples``, ``foundational capabilities`` (one per
  line of the cell); the rows' order is the domains' order;
- ``items``: ``domain`` (a domain's code), ``code``, ``text``, ``help``, ``asterisk``
  (yes/no, or ``*``), ``order`` (within the domain), and optionally ``source``.

Other sheets are ignored. As CSV, each sheet is a file of its own, named after the sheet
(``items.csv``, or ``VaPCAT v2 - items.csv`` as spreadsheet programs name a sheet saved
alone), UTF-8 with or without a byte-order mark, separated by commas, semicolons or tabs.

Nothing here touches the database. Every problem is collected and reported at once, each
naming its sheet, row and column: ``items, row 14, column 'domain': no domain 'F'``.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path, PurePath

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from . import scale as scales
from .instrument_file import (
    DOMAIN_CODE_MAX_LENGTH,
    ITEM_CODE_MAX_LENGTH,
    NAME_MAX_LENGTH,
    VERSION_MAX_LENGTH,
    DomainSpec,
    InstrumentFileError,
    InstrumentSpec,
    ItemSpec,
)
from .scale import Point as ScalePoint

INSTRUMENT, SCALE, DOMAINS, ITEMS = "instrument", "scale", "domains", "items"
SHEETS = (INSTRUMENT, SCALE, DOMAINS, ITEMS)
# Each sheet's columns, as the download writes them; "source" may be left out.
COLUMNS = {
    INSTRUMENT: ("field", "value"),
    SCALE: ("value", "label", "meaning"),
    DOMAINS: ("code", "name", "examples", "foundational capabilities"),
    ITEMS: ("domain", "code", "text", "help", "asterisk", "order", "source"),
}
OPTIONAL_COLUMNS = {(ITEMS, "source")}
INSTRUMENT_FIELDS = ("name", "version", "description")
# Column widths of the download, in characters.
WIDTHS = {
    INSTRUMENT: (14, 90),
    SCALE: (8, 32, 16),
    DOMAINS: (8, 36, 60, 80),
    ITEMS: (8, 8, 70, 70, 9, 7, 40),
}

YES = {"yes", "y", "true", "1", "*"}
NO = {"no", "n", "false", "0", ""}

# An upload larger than this is refused before it is read; a workbook is a zip, and one
# that unpacks to more than UNPACKED_LIMIT is refused before openpyxl unpacks it.
SIZE_LIMIT = 5 * 1024 * 1024
UNPACKED_LIMIT = 50 * 1024 * 1024
ROW_LIMIT = 2000
SCANNED_ROW_LIMIT = 50_000

SAVE_AS_UTF8 = "save it as \u201cCSV UTF-8\u201d"


@dataclass(frozen=True)
class Problem:
    """One problem of an upload, where it is: sheet, row (1 is the header) and column."""

    sheet: str
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self):
        where = [self.sheet] if self.sheet else []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class InstrumentSheetError(InstrumentFileError):
    """A spreadsheet that cannot be loaded; ``problems`` are its Problems, in order."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__([str(problem) for problem in self.problems])


# Reading ---------------------------------------------------------------------------------


@dataclass
class _Table:
    """One sheet: its header (normalised names and their column letters) and its rows,
    each ``(row number, {column name: cell value})``."""

    sheet: str
    header: dict[str, str]
    rows: list[tuple[int, dict]]


def read_xlsx(content: bytes, filename="the workbook") -> InstrumentSpec:
    """Check an XLSX workbook and return it as an InstrumentSpec; raise
    InstrumentSheetError with every problem otherwise."""
    grids, problems = _xlsx_grids(content, filename)
    if grids is None:
        raise InstrumentSheetError(problems)
    return _Reader(grids, problems).spec()


def read_csv_files(files) -> InstrumentSpec:
    """Check the CSV files ``[(file name, bytes)]`` of the four sheets and return them
    as an InstrumentSpec; raise InstrumentSheetError with every problem otherwise."""
    grids, problems = {}, []
    for filename, content in files:
        sheet = csv_sheet_name(filename)
        if sheet is None:
            problems.append(
                Problem(
                    "",
                    f"{PurePath(filename).name}: the file's name must end with the sheet it "
                    f"holds: {', '.join(f'{s}.csv' for s in SHEETS)}",
                )
            )
        elif sheet in grids:
            problems.append(Problem(sheet, f"two files hold this sheet; upload one {sheet}.csv"))
        else:
            grid = _csv_grid(sheet, filename, content, problems)
            if grid is not None:
                grids[sheet] = grid
    return _Reader(grids, problems, missing="no file for this sheet: add {sheet}.csv").spec()


def read_upload(files) -> InstrumentSpec:
    """An upload: one ``.xlsx`` workbook, or the sheets' ``.csv`` files (``[(name, bytes)]``)."""
    suffixes = {PurePath(name).suffix.lower() for name, _ in files}
    if suffixes == {".xlsx"} and len(files) == 1:
        [(name, content)] = files
        return read_xlsx(content, PurePath(name).name)
    if suffixes == {".csv"}:
        return read_csv_files(files)
    raise InstrumentSheetError(
        [Problem("", "choose one .xlsx workbook, or the four .csv files of its sheets together")]
    )


def read_paths(paths) -> InstrumentSpec:
    """Files on disk: one ``.xlsx``, several ``.csv`` files, or a directory of them."""
    files = []
    for path in map(Path, paths):
        try:
            if path.is_dir():
                files += [(p.name, p.read_bytes()) for p in sorted(path.glob("*.csv"))]
            else:
                files.append((path.name, path.read_bytes()))
        except OSError as exc:
            raise InstrumentSheetError(
                [Problem("", f"cannot read {path}: {exc.strerror}")]
            ) from exc
    if not files:
        raise InstrumentSheetError([Problem("", "no .xlsx or .csv file to read")])
    return read_upload(files)


def csv_sheet_name(filename) -> str | None:
    """The sheet a CSV file holds: the last word of its name (``VaPCAT - items.csv``)."""
    words = re.findall(r"[a-z]+", PurePath(filename).stem.lower())
    return words[-1] if words and words[-1] in SHEETS else None


def _xlsx_grids(content, filename):
    """{sheet name: rows of cell values} of the workbook's sheets of ours, and problems."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        return None, [Problem("", f"{filename} is not an XLSX workbook; save it as .xlsx")]
    if unpacked > UNPACKED_LIMIT:
        return None, [Problem("", f"{filename} unpacks to more than 50 MB; it cannot be read")]
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        return None, [Problem("", f"{filename} cannot be read as an XLSX workbook ({exc})")]
    grids, problems = {}, []
    try:
        for worksheet in workbook.worksheets:
            name = worksheet.title.strip().lower()
            if name not in SHEETS:
                continue
            if name in grids:
                problems.append(Problem(name, "the workbook has two sheets of this name"))
                continue
            # Some programs write a wrong used range; read every row there is instead.
            worksheet.reset_dimensions()
            grid, filled = [], 0
            for values in worksheet.iter_rows(values_only=True):
                # Formatted but empty rows count toward the scan only, not the limit.
                filled += not all(_blank(value) for value in values)
                if filled > ROW_LIMIT + 1 or len(grid) >= SCANNED_ROW_LIMIT:
                    problems.append(Problem(name, f"more than {ROW_LIMIT} rows"))
                    break
                grid.append(list(values))
            grids[name] = grid
    finally:
        workbook.close()
    return grids, problems


def _csv_grid(sheet, filename, content, problems):
    name = PurePath(filename).name
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(Problem(sheet, f"{name} is UTF-16 text; {SAVE_AS_UTF8}"))
        return None
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = content[: exc.start].count(b"\n") + 1
        byte = content[exc.start]
        problems.append(
            Problem(
                sheet,
                f"{name} is not UTF-8 text (byte 0x{byte:02X} cannot be read); {SAVE_AS_UTF8}",
                row=row,
            )
        )
        return None
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    try:
        grid = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        problems.append(Problem(sheet, f"{name} is not a readable CSV file ({exc})"))
        return None
    if len(grid) > ROW_LIMIT + 1:
        problems.append(Problem(sheet, f"more than {ROW_LIMIT} rows"))
        return None
    return grid


def _column_name(header) -> str:
    text = "" if header is None else str(header)
    return re.sub(r"[\s_-]+", " ", text).strip().lower()


class _Reader:
    """Checks the sheets' rows, collecting every Problem before raising them at once."""

    def __init__(self, grids, problems, missing="the workbook has no sheet of this name"):
        self.problems = list(problems)
        self.tables = {}
        for sheet in SHEETS:
            if sheet not in grids:
                if not any(p.sheet == sheet for p in self.problems):
                    self.error(sheet, missing.format(sheet=sheet))
                continue
            table = self.table(sheet, grids[sheet])
            if table is not None:
                self.tables[sheet] = table

    def error(self, sheet, message, row=None, column=None):
        self.problems.append(Problem(sheet, message, row, column))

    def table(self, sheet, grid) -> _Table | None:
        if not grid or all(_blank(cell) for cell in grid[0]):
            self.error(sheet, "the first row must name the columns: " + ", ".join(COLUMNS[sheet]))
            return None
        header, letters, usable = {}, {}, True
        width = max(len(row) for row in grid)
        for index, cell in enumerate([*grid[0], *[None] * (width - len(grid[0]))]):
            name = _column_name(cell)
            letter = get_column_letter(index + 1)
            if not name:
                if any(index < len(row) and not _blank(row[index]) for row in grid[1:]):
                    self.error(sheet, f"column {letter} has values but no name", row=1)
                continue
            if name not in COLUMNS[sheet]:
                self.error(
                    sheet,
                    f"not a column of this sheet (its columns: {', '.join(COLUMNS[sheet])})",
                    row=1,
                    column=str(cell).strip(),
                )
            elif name in header.values():
                self.error(sheet, "this column is named twice", row=1, column=name)
            else:
                header[index] = name
                letters[name] = letter
        for name in COLUMNS[sheet]:
            if name not in letters and (sheet, name) not in OPTIONAL_COLUMNS:
                self.error(sheet, f"no column {name!r} in the header row", row=1)
                usable = False
        if not usable:
            return None
        rows = []
        for number, row in enumerate(grid[1:], start=2):
            values = {
                name: row[index] if index < len(row) else None for index, name in header.items()
            }
            if all(_blank(value) for value in values.values()):
                continue
            rows.append((number, values))
        return _Table(sheet, letters, rows)

    # Cells ---------------------------------------------------------------------------

    def text(self, sheet, number, values, column, max_length=None, required=False) -> str:
        value = values.get(column)
        if value is None:
            value = ""
        elif isinstance(value, bool):
            self.error(sheet, "must be text, not TRUE or FALSE", number, column)
            return ""
        elif isinstance(value, int | float):
            value = str(int(value)) if float(value).is_integer() else str(value)
        elif isinstance(value, datetime | date | time):
            self.error(sheet, "must be text, not a date; format the cell as text", number, column)
            return ""
        value = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
        if required and not value:
            self.error(sheet, "must not be empty", number, column)
        if max_length and len(value) > max_length:
            self.error(sheet, f"must be at most {max_length} characters", number, column)
        if match := ILLEGAL_CHARACTERS_RE.search(value):
            self.error(
                sheet,
                f"holds a control character (U+{ord(match.group()):04X}) a spreadsheet "
                "cannot keep; delete it",
                number,
                column,
            )
        return value

    def whole_number(self, sheet, number, values, column, empty_ok=False):
        """An int; None if the cell is empty and ``empty_ok``; False if refused."""
        value = values.get(column)
        if isinstance(value, str):
            value = value.strip()
        if _blank(value):
            if empty_ok:
                return None
            self.error(sheet, "must be a whole number", number, column)
            return False
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,6}", value):
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            wanted = "a whole number or empty (don't know)" if empty_ok else "a whole number"
            self.error(sheet, f"must be {wanted}, not {_shown(value)}", number, column)
            return False
        return value

    # Sheets --------------------------------------------------------------------------

    def spec(self) -> InstrumentSpec:
        fields = self.instrument()
        points = self.scale()
        domains = self.domains()
        if self.problems:
            # By sheet, then row; what concerns a whole sheet after its rows.
            order = {sheet: index for index, sheet in enumerate(("", *SHEETS))}
            raise InstrumentSheetError(
                sorted(self.problems, key=lambda p: (order.get(p.sheet, 0), p.row or ROW_LIMIT + 2))
            )
        return InstrumentSpec(
            name=fields["name"],
            version=fields["version"],
            description=fields["description"],
            scale=points,
            domains=domains,
        )

    def instrument(self) -> dict:
        fields = dict.fromkeys(INSTRUMENT_FIELDS, "")
        table = self.tables.get(INSTRUMENT)
        if table is None:
            return fields
        seen = {}
        for number, values in table.rows:
            field = _column_name(values.get("field"))
            if field not in INSTRUMENT_FIELDS:
                self.error(
                    INSTRUMENT,
                    f"must be one of {', '.join(INSTRUMENT_FIELDS)}, not {_shown(values['field'])}",
                    number,
                    "field",
                )
                continue
            if field in seen:
                self.error(
                    INSTRUMENT, f"{field} is already given in row {seen[field]}", number, "field"
                )
                continue
            seen[field] = number
            limit = {"name": NAME_MAX_LENGTH, "version": VERSION_MAX_LENGTH}.get(field)
            fields[field] = self.text(
                INSTRUMENT, number, values, "value", limit, required=field != "description"
            )
        for field in INSTRUMENT_FIELDS[:2]:
            if field not in seen:
                self.error(INSTRUMENT, f"no row for {field!r}", column="field")
        return fields

    def scale(self) -> tuple[ScalePoint, ...]:
        table = self.tables.get(SCALE)
        if table is None:
            return ()
        if not table.rows:
            self.error(SCALE, "the sheet has no points below its header row")
            return ()
        points, rows, complete = [], [], True
        for number, values in table.rows:
            value = self.whole_number(SCALE, number, values, "value", empty_ok=True)
            label = self.text(SCALE, number, values, "label", required=True)
            meaning = self.meaning(number, values)
            if value is False or meaning is None:
                complete = False
                continue
            points.append(ScalePoint(value=value, label=label, meaning=meaning))
            rows.append(number)
        if complete:
            for index, message in scales.problems(points):
                if index is None:
                    self.error(SCALE, message)
                    continue
                # The scale's rules count points from 1; a sheet's reader counts rows.
                message = re.sub(
                    r"point (\d+)", lambda m: f"row {rows[int(m.group(1)) - 1]}", message
                )
                column = next((c for c in ("value", "label") if message.startswith(c)), "meaning")
                self.error(SCALE, message, rows[index], column)
        return tuple(points)

    def meaning(self, number, values) -> str | None:
        """A meaning, written as its name (``not_in_place``) or its label ("Not in place")."""
        shown = values.get("meaning")
        word = _column_name(shown).replace("\u2019", "'")
        meaning = next(
            (
                m
                for m in scales.MEANINGS
                if word in (m.replace("_", " "), scales.MEANING_LABELS[m].lower())
            ),
            None,
        )
        if meaning is None:
            self.error(
                SCALE,
                f"must be one of {', '.join(scales.MEANINGS)}, not {_shown(shown)}",
                number,
                "meaning",
            )
        return meaning

    def domains(self) -> tuple[DomainSpec, ...]:
        table = self.tables.get(DOMAINS)
        if table is None:
            self.items({})
            return ()
        if not table.rows:
            self.error(DOMAINS, "the sheet has no domains below its header row")
        codes: dict[str, int] = {}
        domains = []
        for number, values in table.rows:
            code = self.text(DOMAINS, number, values, "code", DOMAIN_CODE_MAX_LENGTH, required=True)
            self.claim_code(DOMAINS, number, code, codes)
            capabilities = self.text(DOMAINS, number, values, "foundational capabilities")
            domains.append(
                (
                    number,
                    code,
                    {
                        "name": self.text(
                            DOMAINS, number, values, "name", NAME_MAX_LENGTH, required=True
                        ),
                        "examples": self.text(DOMAINS, number, values, "examples"),
                        "foundational_capabilities": tuple(
                            line.strip() for line in capabilities.split("\n") if line.strip()
                        ),
                    },
                )
            )
        items = self.items({code: number for code, number in codes.items()})
        result = []
        for number, code, fields in domains:
            if codes.get(code) != number:
                continue  # a repeated or empty code, reported above
            if not items.get(code) and ITEMS in self.tables:
                self.error(
                    DOMAINS, f"domain {code!r} has no items on the items sheet", number, "code"
                )
            result.append(DomainSpec(code=code, items=tuple(items.get(code, ())), **fields))
        return tuple(result)

    def claim_code(self, sheet, number, code, codes):
        """Record row ``number`` as the one with ``code`` in ``codes`` (code -> row), or
        report the row that already has it."""
        if code in codes:
            self.error(sheet, f"code {code!r} is already used by row {codes[code]}", number, "code")
        elif code:
            codes[code] = number

    def items(self, domain_rows) -> dict[str, list[ItemSpec]]:
        """The items of each domain code, in their order."""
        table = self.tables.get(ITEMS)
        if table is None:
            return {}
        if not table.rows:
            self.error(ITEMS, "the sheet has no items below its header row")
        codes: dict[str, int] = {}
        orders: dict[tuple[str, int], int] = {}
        found: dict[str, list[tuple[int, ItemSpec]]] = {}
        for number, values in table.rows:
            domain = self.text(ITEMS, number, values, "domain", required=True)
            if domain and domain not in domain_rows and DOMAINS in self.tables:
                self.error(ITEMS, f"no domain {domain!r}", number, "domain")
            code = self.text(ITEMS, number, values, "code", ITEM_CODE_MAX_LENGTH, required=True)
            # Item codes are unique across the instrument, as in the YAML files.
            self.claim_code(ITEMS, number, code, codes)
            order = self.whole_number(ITEMS, number, values, "order")
            if order is not False and domain:
                if (domain, order) in orders:
                    self.error(
                        ITEMS,
                        f"order {order} is already used in domain {domain!r} by row "
                        f"{orders[domain, order]}",
                        number,
                        "order",
                    )
                else:
                    orders[domain, order] = number
            item = ItemSpec(
                code=code,
                text=self.text(ITEMS, number, values, "text", required=True),
                help=self.text(ITEMS, number, values, "help"),
                advanced=self.asterisk(number, values),
                source=self.text(ITEMS, number, values, "source"),
            )
            if order is not False:
                found.setdefault(domain, []).append((order, item))
        return {
            domain: [item for _, item in sorted(pairs, key=lambda pair: pair[0])]
            for domain, pairs in found.items()
        }

    def asterisk(self, number, values) -> bool:
        value = values.get("asterisk")
        if isinstance(value, bool):
            return value
        word = "" if value is None else str(value).strip().lower()
        if word in YES:
            return True
        if word not in NO:
            self.error(ITEMS, f"must be yes, no or *, not {_shown(value)}", number, "asterisk")
        return False


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _shown(value) -> str:
    if _blank(value):
        return "empty"
    if isinstance(value, str):
        return repr(value.strip()[:40])
    return repr(value)


# Writing ---------------------------------------------------------------------------------


def write_xlsx(spec: InstrumentSpec) -> bytes:
    """The instrument as the workbook ``read_xlsx`` reads: same spec, same content hash."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    rows = {
        INSTRUMENT: [
            ("name", spec.name),
            ("version", spec.version),
            ("description", spec.description),
        ],
        SCALE: [(point.value, point.label, point.meaning) for point in spec.scale],
        DOMAINS: [
            (
                domain.code,
                domain.name,
                domain.examples,
                "\n".join(domain.foundational_capabilities),
            )
            for domain in spec.domains
        ],
        ITEMS: [
            (
                domain.code,
                item.code,
                item.text,
                item.help,
                "yes" if item.advanced else "no",
                order,
                item.source,
            )
            for domain in spec.domains
            for order, item in enumerate(domain.items, start=1)
        ],
    }
    bold = Font(bold=True)
    wrapped = Alignment(wrap_text=True, vertical="top")
    for sheet in SHEETS:
        worksheet = workbook.create_sheet(sheet)
        worksheet.append(COLUMNS[sheet])
        for cell in worksheet[1]:
            cell.font = bold
        for values in rows[sheet]:
            worksheet.append([_cell_value(value) for value in values])
        for row in worksheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = wrapped
                if isinstance(cell.value, str):
                    # Text stays text: a help text starting with "=" is not a formula.
                    cell.data_type = "s"
        worksheet.freeze_panes = "A2"
        for index, width in enumerate(WIDTHS[sheet], start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell_value(value):
    if isinstance(value, str):
        # What a spreadsheet cannot hold (a YAML file could, escaped); "" is an empty cell.
        return ILLEGAL_CHARACTERS_RE.sub("", value) or None
    return value
