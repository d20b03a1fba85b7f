"""The cohort export read back with pandas: every sheet, every column, dates as date
cells, formulas neutralised, and a query count that does not grow with the practices."""

import io
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from assessments.models import ConsensusScore, Item
from exports import cohort_data
from practices.models import Cohort, Practice
from submissions.lifecycle import milestone_start
from submissions.models import Extension, MilestoneSubmission
from tests import factories

pytestmark = pytest.mark.django_db


def _submitted(cast):
    factories.complete_milestone(cast.milestone, cast.respondent)
    MilestoneSubmission.objects.filter(pk=cast.milestone.pk).update(
        status=MilestoneSubmission.Status.SUBMITTED,
        version=1,
        submitted_at=timezone.make_aware(datetime(2026, 5, 20, 10, 0)),
    )
    cast.milestone.refresh_from_db()
    return cast.milestone


def _read(cast):
    sheets = cohort_data.frames(cast.cycle, Practice.objects.all())
    return pd.read_excel(io.BytesIO(cohort_data.to_xlsx(sheets)), sheet_name=None)


def test_every_sheet_has_its_documented_columns_and_a_readme(cast):
    _submitted(cast)
    book = _read(cast)
    assert list(book) == [
        "README",
        "Practices",
        "Capabilities",
        "Activities",
        "Indicators",
        "Risks",
        "Item consensus",
    ]
    readme = book["README"]
    for name, columns in cohort_data.SHEETS.items():
        documented = list(readme[readme.sheet == name].column)
        assert documented == list(columns)
        fixed = [c for c in columns if "<" not in c]
        assert list(book[name].columns)[: len(fixed)] == fixed
    assert readme.meaning.notna().all()


def test_practices_sheet_reads_identity_status_dates_and_domains(cast):
    cohort = Cohort.objects.create(name="Cohort 1")
    Practice.objects.filter(pk=cast.practice.pk).update(ept_id="EPT-0042", cohort=cohort)
    _submitted(cast)
    Extension.objects.create(
        practice=cast.practice,
        cycle=cast.cycle,
        due_on=date(2026, 6, 30),
        reason="Clinic flooded",
        granted_by=cast.admin,
    )
    practices = _read(cast)["Practices"].set_index("practice")
    alder = practices.loc["Alder Family Medicine"]
    assert alder.ept_id == "EPT-0042"
    assert alder.organisation_type == cast.practice.get_organisation_type_display()
    assert alder["size"] == cast.practice.get_size_band_display()
    assert alder.county == "Alameda"
    assert alder.cohort == "Cohort 1"
    assert alder.cycle == "May 2026"
    assert alder.status == "Submitted"
    assert alder.version == 1
    assert alder.submitted_on == pd.Timestamp(2026, 5, 20)
    assert alder.started_on == pd.Timestamp(timezone.localdate())
    assert pd.isna(alder.accepted_on)
    assert alder.due_on == pd.Timestamp(2026, 6, 30)
    assert alder.extended == "Yes"
    codes = [d.code for d in cast.instrument.domains.order_by("order")]
    for code in codes:
        assert alder[f"maturity_{code}"] == 2
        assert alder[f"priority_{code}"] == "High"
    birch = practices.loc["Birch Community Health"]
    assert birch.status == "Draft"
    assert birch.due_on == pd.Timestamp(2026, 5, 31)
    assert birch.extended == "No"
    assert pd.isna(birch[f"maturity_{codes[0]}"])


def test_a_practice_without_a_milestone_reads_not_started(cast):
    factories.make_practice("Cedar Clinic")
    practices = _read(cast)["Practices"].set_index("practice")
    assert practices.loc["Cedar Clinic"].status == "Not started"
    assert practices.loc["Cedar Clinic"].version == 0


def test_dates_are_date_cells_in_the_xlsx(cast):
    _submitted(cast)
    sheets = cohort_data.frames(cast.cycle, Practice.objects.all())
    sheet = openpyxl.load_workbook(io.BytesIO(cohort_data.to_xlsx(sheets)))["Practices"]
    header = [cell.value for cell in sheet[1]]
    row = [cell for cell in sheet[2]]  # Alder, first by name
    for column in ("started_on", "submitted_on", "due_on"):
        cell = row[header.index(column)]
        assert cell.is_date, column
        assert cell.number_format == "YYYY-MM-DD"
    assert row[header.index("submitted_on")].value.date() == date(2026, 5, 20)


def test_plan_sheets_hold_every_row_of_the_plan(cast):
    _submitted(cast)
    book = _read(cast)
    capabilities = book["Capabilities"]
    assert list(capabilities.capability) == [f"Capability name {n}" for n in (1, 2, 3)]
    assert list(capabilities.delivery) == [
        "Provided by a partner",
        "Built internally",
        "Built internally",
    ]
    assert capabilities.partner_type[0] == "Independent Practice Association (IPA)"
    activities = book["Activities"]
    assert len(activities) == 9
    assert list(activities.activity[:3]) == ["Activity 1.1", "Activity 1.2", "Activity 1.3"]
    assert list(activities.target_month[:3]) == [1, 2, 3]
    assert set(activities.target_year) == {2027}
    indicators = book["Indicators"]
    assert list(indicators.indicator) == ["Indicator 1", "Indicator 2", "Indicator 3"]
    assert list(indicators.target) == [81, 82, 83]
    assert set(indicators.baseline) == {10}
    assert set(indicators.unit) == {"%"}
    assert set(indicators.kind) == {"Numeric"}
    risks = book["Risks"]
    assert list(risks.risk) == ["Risk 1 text", "Risk 2 text"]
    assert list(risks.mitigation) == ["Mitigation 1", "Mitigation 2"]
    assert set(risks.practice) == {"Alder Family Medicine"}


def test_item_consensus_is_the_rounded_mean_or_the_score_set(cast):
    _submitted(cast)
    first, second = Item.objects.filter(domain__instrument=cast.instrument).order_by(
        "domain__order", "order"
    )[:2]
    ConsensusScore.objects.create(milestone=cast.milestone, item=second, score=0, set_by=cast.lead)
    consensus = _read(cast)["Item consensus"].set_index("item")
    assert len(consensus) == Item.objects.filter(domain__instrument=cast.instrument).count()
    # One respondent answered 2, 3, 1, 2, ... in item order.
    assert consensus.loc[first.code].consensus == 2
    assert consensus.loc[first.code].answers == 1
    assert consensus.loc[first.code].set_by_practice == "No"
    assert consensus.loc[second.code].consensus == 0
    assert consensus.loc[second.code].set_by_practice == "Yes"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "\n"])
def test_text_that_reads_as_a_formula_is_neutralised(cast, start):
    typed = f'{start}HYPERLINK("http://evil.test")'
    written = "'" + typed.replace("\r", "\n")  # a line break is the spreadsheet's LF
    Practice.objects.filter(pk=cast.practice.pk).update(county=typed)
    factories.complete_milestone(cast.milestone, cast.respondent, text=lambda label: typed)
    book = _read(cast)
    assert book["Practices"].set_index("practice").loc["Alder Family Medicine"].county == written
    assert set(book["Risks"].risk) == {written}
    assert set(book["Capabilities"].why_priority) == {written}
    csv = pd.read_csv(
        io.BytesIO(cohort_data.to_csv(cohort_data.frames(cast.cycle, Practice.objects.all()))),
        encoding="utf-8-sig",
        keep_default_na=False,
    )
    assert csv.set_index("practice").loc["Alder Family Medicine"].county.startswith("'")


def test_a_browser_line_break_is_one_line_break_in_the_spreadsheet(cast):
    Practice.objects.filter(pk=cast.practice.pk).update(county="North\r\nCounty\rline")
    practices = _read(cast)["Practices"].set_index("practice")
    assert practices.loc["Alder Family Medicine"].county == "North\nCounty\nline"


def test_ordinary_text_and_numbers_are_left_alone(cast):
    assert cohort_data.neutralise("Alameda") == "Alameda"
    assert cohort_data.neutralise(-3) == -3
    assert cohort_data.neutralise("a-b") == "a-b"


def test_csv_is_the_practices_sheet(cast):
    _submitted(cast)
    sheets = cohort_data.frames(cast.cycle, Practice.objects.all())
    csv = pd.read_csv(io.BytesIO(cohort_data.to_csv(sheets)), encoding="utf-8-sig")
    assert list(csv.columns) == list(sheets["Practices"].columns)
    assert list(csv.practice) == ["Alder Family Medicine", "Birch Community Health"]
    assert csv.set_index("practice").loc["Alder Family Medicine"].submitted_on == "2026-05-20"


def _practices(cast, n):
    for i in range(Practice.objects.count(), n):
        practice = factories.make_practice(f"Practice {i:03}", ept_id=f"EPT-{i:03}")
        milestone = milestone_start(practice, cast.cycle, cast.lead)
        ConsensusScore.objects.create(
            milestone=milestone,
            item=Item.objects.filter(domain__instrument=cast.instrument).first(),
            score=1,
        )


def _queries(cast, n, django_assert_max_num_queries):
    _practices(cast, n)
    with django_assert_max_num_queries(12) as captured:
        sheets = cohort_data.frames(cast.cycle, Practice.objects.all())
    assert len(sheets["Practices"]) == n
    return len(captured)


def test_query_count_does_not_grow_with_the_practices(cast, django_assert_max_num_queries):
    factories.complete_milestone(cast.milestone, cast.respondent)
    at_3 = _queries(cast, 3, django_assert_max_num_queries)
    at_30 = _queries(cast, 30, django_assert_max_num_queries)
    assert at_3 == at_30 == 12  # one per kind of row, however many practices


def test_command_writes_the_xlsx(cast, tmp_path):
    _submitted(cast)
    out = tmp_path / "cohort.xlsx"
    call_command("export_cohort", "--cycle", "May 2026", "--format", "xlsx", "-o", str(out))
    book = pd.read_excel(out, sheet_name=None)
    assert list(book["Practices"].practice) == ["Alder Family Medicine", "Birch Community Health"]
    assert "README" in book


def test_command_writes_the_csv(cast, tmp_path):
    out = tmp_path / "cohort.csv"
    call_command("export_cohort", "--cycle", "May 2026", "--format", "csv", "-o", str(out))
    assert len(pd.read_csv(out, encoding="utf-8-sig")) == 2


def test_command_names_the_cycles_when_the_cycle_is_unknown(cast, tmp_path):
    with pytest.raises(CommandError, match='No cycle is named "June 2026".*May 2026'):
        call_command("export_cohort", "--cycle", "June 2026", "-o", str(tmp_path / "x.xlsx"))
