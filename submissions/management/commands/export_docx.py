"""``python manage.py export_docx ID -o FILE``: the Word copy of a milestone's latest
snapshot.

The snapshot's stored Word copy is written as it is (made once from the frozen content,
it never changes); ``--draft`` renders the milestone's current content instead, marked
"DRAFT — not submitted". Everything else is ``export_pdf``'s.
"""

from submissions.management.commands import export_pdf
from submissions.snapshot import snapshot_render_docx
from submissions.word import render_docx


class Command(export_pdf.Command):
    help = (
        "Write the Word copy (.docx) of a milestone's latest submitted snapshot, or with "
        "--draft the current draft marked DRAFT."
    )
    document = "Word copy"
    example = "milestone.docx"
    draft_mark = "marked DRAFT"

    def render(self, content):
        return render_docx(content, draft=True)

    def stored(self, snapshot):
        return snapshot_render_docx(snapshot)
