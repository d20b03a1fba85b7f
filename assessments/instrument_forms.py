"""The forms of the instrument versions' pages: uploading a spreadsheet and publishing a
version for cycles. What a spreadsheet must hold is ``instrument_sheet``'s."""

from pathlib import PurePath

from django import forms
from django.template.defaultfilters import filesizeformat

from submissions.models import Cycle

from .instrument_sheet import SIZE_LIMIT, InstrumentSheetError, read_upload

SUFFIXES = (".xlsx", ".csv")
MAX_FILES = 4


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files chosen in one file input (Django's documented pattern)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class InstrumentUploadForm(forms.Form):
    files = MultipleFileField(
        label="Instrument file",
        help_text=(
            "One Excel workbook (.xlsx) with the sheets instrument, scale, domains and items; "
            "or those four sheets saved as CSV files (instrument.csv, scale.csv, domains.csv, "
            "items.csv), chosen together. At most 5 MB each."
        ),
        error_messages={"required": "Choose the .xlsx workbook or the four .csv files."},
        widget=MultipleFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every problem of a refused spreadsheet, each with its sheet, row and column.
        self.problems = []

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(
                f"Choose at most {MAX_FILES} files: the workbook, or its four CSV files."
            )
        for upload in files:
            name = PurePath(upload.name).name
            if PurePath(name).suffix.lower() not in SUFFIXES:
                raise forms.ValidationError(
                    f"{name} is not an .xlsx or .csv file. Save the workbook as "
                    "Excel Workbook (.xlsx), or each sheet as CSV UTF-8."
                )
            if upload.size > SIZE_LIMIT:
                raise forms.ValidationError(
                    f"{name} is {filesizeformat(upload.size)}; a file may be at most "
                    f"{filesizeformat(SIZE_LIMIT)}."
                )
        try:
            self.cleaned_data["spec"] = read_upload(
                [(upload.name, upload.read()) for upload in files]
            )
        except InstrumentSheetError as exc:
            self.problems = exc.problems
            count = len(exc.problems)
            raise forms.ValidationError(
                f"The file has {count} problem{'s' if count != 1 else ''}, listed below. "
                f"Fix {'them' if count != 1 else 'it'} in the spreadsheet and choose it again."
            ) from exc
        return files


class PublishForm(forms.Form):
    cycles = forms.ModelMultipleChoiceField(
        queryset=Cycle.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Cycles",
        help_text=(
            "New milestones of the cycles ticked start with this version. Tick none for "
            "every cycle that has no version of its own. Milestones already started keep "
            "the version they started with."
        ),
        error_messages={
            "invalid_choice": "That cycle does not exist: tick cycles of the list.",
            "invalid_pk_value": "That cycle does not exist: tick cycles of the list.",
        },
    )
