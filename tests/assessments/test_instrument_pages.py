"""The VaPCAT versions' pages: administrators list the versions, upload a spreadsheet,
preview it with every problem named, publish it for cycles, and download any version as
the workbook an upload reads."""

import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from assessments.instrument_file import read_instrument_file
from assessments.instrument_sheet import read_xlsx, write_xlsx
from assessments.instruments import instrument_load
from assessments.models import Instrument
from submissions.lifecycle import milestone_start
from submissions.models import Cycle
from tests import factories
from tests.test_page_html import html_problems

V1 = Path(settings.BASE_DIR) / "fixtures" / "instruments" / "vapcat-v1.yaml"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def v1():
    return read_instrument_file(V1)


def workbook_file(spec=None, name="vapcat-v1.xlsx", change=None):
    content = write_xlsx(spec or v1())
    if change is not None:
        book = openpyxl.load_workbook(io.BytesIO(content))
        change(book)
        buffer = io.BytesIO()
        book.save(buffer)
        content = buffer.getvalue()
    return SimpleUploadedFile(name, content)


def upload(client, *files):
    return client.post(reverse("instruments:upload"), {"files": list(files)})


def page(response):
    html = response.content.decode()
    assert html_problems(html) == []
    return html


# Who may -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["lead", "respondent", "coach"])
def test_only_administrators_reach_the_pages(cast, login, role):
    client = login(cast.by_role(role))
    for url in (
        reverse("instruments:list"),
        reverse("instruments:upload"),
        reverse("instruments:detail", args=[cast.instrument.pk]),
        reverse("instruments:download", args=[cast.instrument.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = upload(client, workbook_file())
    assert response.status_code == 404
    assert not Instrument.objects.filter(version="1").exists()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("instruments:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_administrators_find_the_versions_in_the_navigation(cast, login):
    html = login(cast.admin).get(reverse("practices:list")).content.decode()
    assert f'href="{reverse("instruments:list")}">Instruments</a>' in html
    html = login(cast.lead).get(reverse("practices:detail", args=[cast.practice.pk])).content
    assert reverse("instruments:list") not in html.decode()


# The list ------------------------------------------------------------------------------


def test_the_list_shows_every_version_its_status_cycles_and_milestones(
    cast, login, django_assert_max_num_queries
):
    draft, _ = instrument_load(V1, publish=False)
    client = login(cast.admin)

    # The session, the user, the versions with their cycles, the cycles, and the version
    # each cycle's new milestones start with (as many queries for two cycles as for six).
    with django_assert_max_num_queries(11):
        response = client.get(reverse("instruments:list"))
    for number in range(4):
        Cycle.objects.create(
            name=f"Later {number}",
            opens_on=date(2027 + number, 3, 1),
            due_on=date(2027 + number, 5, 31),
        )
    with django_assert_max_num_queries(11):
        client.get(reverse("instruments:list"))

    html = page(response)
    assert "VaPCAT version test-1" in html and "VaPCAT version 1" in html
    assert "Draft" in html and "Published" in html
    assert "Every cycle without its own" in html
    assert f"<td>{cast.instrument.milestones.count()}</td>" in html
    assert reverse("instruments:download", args=[draft.pk]) in html
    assert "May 2026: <a" in html


def test_a_version_a_later_one_replaced_says_no_cycle_starts_with_it(cast, login):
    older = cast.instrument
    newer, _ = instrument_load(V1)  # published for every cycle, after the cast's version
    client = login(cast.admin)

    html = page(client.get(reverse("instruments:list")))
    rows = {
        name: html.split(f">{name}</a></th>")[1].split("</tr>")[0]
        for name in (f"VaPCAT version {older.version}", "VaPCAT version 1")
    }
    assert "None now: a version published later is used" in rows["VaPCAT version test-1"]
    assert cast.cycle.name in rows["VaPCAT version 1"]
    assert cast.other_cycle.name in rows["VaPCAT version 1"]
    assert "None now" not in rows["VaPCAT version 1"]

    older_page = page(client.get(reverse("instruments:detail", args=[older.pk])))
    assert "None now: a version published later is used" in older_page
    newer_page = page(client.get(reverse("instruments:detail", args=[newer.pk])))
    assert "None now" not in newer_page and cast.cycle.name in newer_page


def test_one_problem_is_told_as_one(cast, login):
    response = upload(
        login(cast.admin), workbook_file(change=lambda b: b["items"].cell(14, 1, "F"))
    )
    assert "The file has 1 problem, listed below. Fix it in the spreadsheet" in page(response)


# Upload and preview --------------------------------------------------------------------


def test_a_good_workbook_becomes_a_draft_and_its_preview_shows_everything(cast, login):
    client = login(cast.admin)

    response = upload(client, workbook_file())

    instrument = Instrument.objects.get(version="1")
    assert response.status_code == 302
    assert response["Location"] == reverse("instruments:detail", args=[instrument.pk])
    assert instrument.published_at is None
    assert instrument.loaded_by == cast.admin
    assert instrument.source_sha256 == v1().sha256
    html = page(client.get(response["Location"]))
    assert "VaPCAT version 1 was uploaded as a draft" in html
    assert "Minimal components in place" in html and "Area of strength" in html
    first = v1().domains[0]
    assert escape(first.examples) in html
    assert escape(first.foundational_capabilities[0]) in html
    assert escape(first.items[0].text) in html and escape(first.items[0].help) in html
    advanced = next(item for d in v1().domains for item in d.items if item.advanced)
    assert f"{advanced.code}*" in html
    assert "Publish this version" in html


def test_the_four_csv_files_upload_together(cast, login):
    book = openpyxl.load_workbook(io.BytesIO(write_xlsx(v1())))
    files = []
    for sheet in book.worksheets:
        lines = []
        for values in sheet.iter_rows(values_only=True):
            cells = ["" if v is None else str(v).replace('"', '""') for v in values]
            lines.append(",".join(f'"{cell}"' for cell in cells))
        files.append(SimpleUploadedFile(f"{sheet.title}.csv", "\n".join(lines).encode()))

    response = upload(login(cast.admin), *files)

    assert response.status_code == 302
    assert Instrument.objects.get(version="1").source_sha256 == v1().sha256


def test_a_bad_workbook_is_refused_with_every_problem_named(cast, login):
    def break_it(book):
        book["items"]["A14"] = "F"
        book["scale"]["C4"] = "great"
        del book["domains"]

    response = upload(login(cast.admin), workbook_file(change=break_it))

    assert response.status_code == 200
    html = page(response)
    assert "error-summary" in html
    assert "The file has 2 problems, listed below." in html
    assert (
        "scale, row 4, column &#x27;meaning&#x27;: must be one of not_in_place, minimal, "
        "partial, strength, unknown, not &#x27;great&#x27;" in html
    )
    assert "domains: the workbook has no sheet of this name" in html
    assert not Instrument.objects.filter(version="1").exists()


def test_an_unknown_domain_is_named_by_row_and_column(cast, login):
    response = upload(
        login(cast.admin), workbook_file(change=lambda b: b["items"].cell(14, 1, "F"))
    )

    assert "items, row 14, column &#x27;domain&#x27;: no domain &#x27;F&#x27;" in page(response)


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([], "Choose the .xlsx workbook or the four .csv files."),
        ([SimpleUploadedFile("vapcat.xls", b"old")], "vapcat.xls is not an .xlsx or .csv file."),
        (
            [SimpleUploadedFile("vapcat.xlsx", b"not a zip")],
            "vapcat.xlsx is not an XLSX workbook; save it as .xlsx",
        ),
    ],
    ids=["nothing", "old-excel", "not-a-workbook"],
)
def test_a_file_that_is_not_an_instrument_is_refused_clearly(cast, login, files, message):
    response = upload(login(cast.admin), *files)

    assert response.status_code == 200
    assert message in page(response)
    assert Instrument.objects.count() == 1


def test_changing_a_version_milestones_use_is_refused(cast, login):
    used = instrument_load(V1)[0]
    milestone_start(factories.make_practice("Dogwood Clinic"), cast.other_cycle, cast.lead)
    assert used.milestones.exists()
    changed = replace(v1(), description="Changed.")

    response = upload(login(cast.admin), workbook_file(changed))

    assert response.status_code == 200
    assert (
        "VaPCAT version 1 is used by 1 milestone and cannot be changed; load it as a new "
        "version." in page(response)
    )
    used.refresh_from_db()
    assert used.description == v1().description


def test_uploading_the_same_content_again_changes_nothing(cast, login):
    loaded, _ = instrument_load(V1)
    client = login(cast.admin)

    response = upload(client, workbook_file())

    assert response["Location"] == reverse("instruments:detail", args=[loaded.pk])
    html = client.get(response["Location"]).content.decode()
    assert "VaPCAT version 1 is already loaded with this content: nothing changed." in html


def test_the_preview_page_has_a_pinned_number_of_queries(
    cast, login, django_assert_max_num_queries
):
    loaded, _ = instrument_load(V1, publish=False)
    client = login(cast.admin)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("instruments:detail", args=[loaded.pk]))

    assert response.status_code == 200


def test_the_upload_page_says_what_the_spreadsheet_holds(cast, login):
    html = page(login(cast.admin).get(reverse("instruments:upload")))

    assert 'type="file"' in html and "multiple" in html
    assert "instrument.csv" in html and "foundational capabilities" in html


# Publish -------------------------------------------------------------------------------


def test_publishing_for_a_cycle_starts_its_new_milestones_with_it(cast, login):
    client = login(cast.admin)
    upload(client, workbook_file())
    v1_instrument = Instrument.objects.get(version="1")

    response = client.post(
        reverse("instruments:publish", args=[v1_instrument.pk]),
        {"cycles": [cast.other_cycle.pk]},
    )

    assert response.status_code == 302
    assert Instrument.objects.for_cycle(cast.other_cycle) == v1_instrument
    assert Instrument.objects.for_cycle(cast.cycle) == cast.instrument
    cast.milestone.refresh_from_db()
    assert cast.milestone.instrument == cast.instrument
    later = milestone_start(factories.make_practice("Cedar Clinic"), cast.other_cycle, cast.lead)
    assert later.instrument == v1_instrument
    html = client.get(response["Location"]).content.decode()
    assert "VaPCAT version 1 is published: new milestones of November 2026 start with it." in html


def test_publishing_for_no_cycle_is_for_every_cycle_and_milestones_keep_theirs(cast, login):
    loaded, _ = instrument_load(V1, publish=False)

    login(cast.admin).post(reverse("instruments:publish", args=[loaded.pk]), {})

    assert Instrument.objects.for_cycle(cast.cycle) == loaded
    assert Instrument.objects.for_cycle(cast.other_cycle) == loaded
    cast.milestone.refresh_from_db()
    assert cast.milestone.instrument == cast.instrument


def test_publishing_for_a_cycle_that_does_not_exist_is_refused(cast, login):
    loaded, _ = instrument_load(V1, publish=False)

    response = login(cast.admin).post(
        reverse("instruments:publish", args=[loaded.pk]), {"cycles": ["999999"]}
    )

    assert response.status_code == 200
    assert "That cycle does not exist" in page(response)
    loaded.refresh_from_db()
    assert loaded.published_at is None


# Download ------------------------------------------------------------------------------


def test_a_version_downloads_as_the_workbook_an_upload_reads(cast, login):
    loaded, _ = instrument_load(V1)
    client = login(cast.admin)

    response = client.get(reverse("instruments:download", args=[loaded.pk]))

    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="vapcat-v1.xlsx"'
    assert read_xlsx(response.content).sha256 == loaded.source_sha256 == v1().sha256
    again = upload(client, SimpleUploadedFile("vapcat-v1.xlsx", response.content))
    assert again["Location"] == reverse("instruments:detail", args=[loaded.pk])
    assert Instrument.objects.filter(version="1").count() == 1
