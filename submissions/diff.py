"""What changed between two snapshots, row by row, in the template's words.

A snapshot's content is read as rows: a VaPCAT item, a gap-analysis row, a capability,
the process summary, a plan and its activities, key decisions, structural changes and
indicators, a risk and its mitigations, a supporting document. Rows of two versions are
matched by the id they carry (snapshots frozen before rows carried ids are matched by
position), so adding a second indicator shows that indicator as added and nothing else.
A row in both versions shows only its fields that differ; ``word_changes`` marks the
words that differ in them.
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cached_property
from itertools import zip_longest

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst

from action_plans.models import ActionPlan, Activity, Indicator, Risk, StructuralChange
from action_plans.rules import format_month
from submissions.attachments import part_shown

# A word, a run of spaces, or one punctuation mark: "meetings," -> "meetings" + ",".
TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


def word_changes(before, after):
    """Both texts as parts ``(text, mark)``, mark "" (kept), "del" (only in ``before``)
    or "ins" (only in ``after``). Changed words separated only by spaces read as one
    run, so a rewritten sentence is one removal and one addition."""
    old, new = TOKENS.findall(before), TOKENS.findall(after)
    old_parts, new_parts = [], []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        old_parts.append(("".join(old[i1:i2]), "" if op == "equal" else "del"))
        new_parts.append(("".join(new[j1:j2]), "" if op == "equal" else "ins"))
    return _runs(old_parts), _runs(new_parts)


def _runs(parts):
    parts = [(text, mark) for text, mark in parts if text]
    out = []
    for i, (text, mark) in enumerate(parts):
        between = (
            not mark
            and text.isspace()
            and 0 < i < len(parts) - 1
            and parts[i - 1][1]
            and parts[i - 1][1] == parts[i + 1][1]
        )
        if between:
            mark = parts[i - 1][1]
        if out and out[-1][1] == mark:
            out[-1] = (out[-1][0] + text, mark)
        else:
            out.append((text, mark))
    return out


@dataclass(frozen=True)
class Change:
    """One added or removed row, or one changed field of a row in both versions."""

    section: str
    label: str
    before: str
    after: str
    kind: str = "changed"  # "added", "removed" or "changed"

    @cached_property
    def words(self):
        """(parts of ``before``, parts of ``after``), as ``word_changes`` gives them."""
        return word_changes(self.before, self.after)


@dataclass(frozen=True)
class Row:
    key: object  # the row's id in its table; None in snapshots frozen before rows had one
    title: str  # "C · Capability 1 · Indicator 2"
    section: str
    # (label, text) per field; one field labelled None is the row's whole text.
    fields: tuple
    groups: tuple = field(default=())  # the rows within it: one tuple of rows per kind

    def label_for(self, label):
        return f"{self.title} · {label}" if label else self.title

    @property
    def text(self):
        return "\n".join(
            f"{label}: {text}" if label else text for label, text in self.fields if text
        )


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _month(row):
    if row.get("month") and row.get("year"):
        return format_month(row["year"], row["month"])
    return ""


def _model_field(model, key):
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def _fields(model, row, skip=()):
    """A snapshot row's values as the forms show them, in the snapshot's order: labelled
    with the model field's verbose name, a choice by its label (the snapshot's
    ``<key>_label``, else the model field's choices), a month with its year ("December
    2027"). Ids, positions and the rows within a row are not fields."""
    out = []
    for key, value in row.items():
        if key in ("id", "position", "year", *skip) or key.endswith(("_label", "_ids")):
            continue
        if isinstance(value, list | dict):
            continue
        if key == "month":
            out.append(("Target month", _month(row) or "no date"))
            continue
        model_field = _model_field(model, key)
        label = (
            capfirst(model_field.verbose_name) if model_field else capfirst(key.replace("_", " "))
        )
        if f"{key}_label" in row:
            text = row[f"{key}_label"]
        elif model_field is not None and model_field.choices and value not in (None, ""):
            text = dict(model_field.flatchoices).get(value, value)
        else:
            text = value
        out.append((label, _text(text)))
    return tuple(out)


def _texts(prefix, noun, section, texts, ids):
    """Rows that are one text each (key decisions, mitigations), with their ids if the
    snapshot has them."""
    ids = ids if ids is not None and len(ids) == len(texts) else [None] * len(texts)
    return tuple(
        Row(key, f"{prefix} · {noun} {n}", section, ((None, _text(text)),))
        for n, (key, text) in enumerate(zip(ids, texts, strict=True), start=1)
    )


def _rows_of(model, prefix, noun, section, rows):
    return tuple(
        Row(row.get("id"), f"{prefix} · {noun} {n}", section, _fields(model, row))
        for n, row in enumerate(rows, start=1)
    )


def rows(content):
    """The content's rows, in groups in the order of the template."""
    vapcat = content["vapcat"]
    items = tuple(
        Row(
            item["code"],
            f"A · VaPCAT item {item['code']} consensus score",
            "vapcat",
            ((None, _text(item["score"])),),
        )
        for domain in vapcat["domains"]
        for item in domain["items"]
    )
    respondents = (
        Row(
            "respondents",
            "A · VaPCAT respondents",
            "vapcat",
            ((None, ", ".join(r["name"] for r in vapcat["respondents"])),),
        ),
    )
    gap = content["gap_analysis"]
    gap_labels = [
        ("current_state", "Current state"),
        ("maturity", "VBP domain maturity"),
        ("gaps", "Specific capability gaps"),
        ("priority_label", "Priority for action"),
        ("rationale", "Rationale"),
    ]
    gap_rows = tuple(
        Row(
            row["code"],
            f"B · {row['name']}",
            f"gap:{row['code']}",
            tuple((label, _text(row[key])) for key, label in gap_labels),
        )
        for row in gap["rows"]
    )
    capabilities = []
    for cap in gap["capabilities"]:
        partner = " · ".join(v for v in (cap["partner_label"], cap["partner_name"]) if v)
        delivery = f"{cap['delivery_label']}{' (' + partner + ')' if partner else ''}"
        capabilities.append(
            Row(
                cap.get("id"),
                f"B · Capability {cap['position']}",
                "capabilities",
                (
                    ("Specific capability", cap["name"]),
                    ("Domain", cap["domain_name"]),
                    ("Why a priority", cap["why_priority"]),
                    ("Internal or partner", delivery),
                ),
            )
        )
    plan = content["action_plan"]
    process = (
        Row(
            "process",
            "C · Process summary",
            "process",
            tuple(
                (label, _text(plan["process"][key]))
                for key, label in [
                    ("overview", "Overview of activities and approach"),
                    ("people_involved", "Leadership and staff involved"),
                    ("alignment", "Alignment with other priorities"),
                ]
            ),
        ),
    )
    plans = []
    for p in plan["plans"]:
        prefix, section = f"C · Capability {p['position']}", f"plan:{p['position']}"
        plans.append(
            Row(
                p.get("id"),
                prefix,
                section,
                _fields(ActionPlan, p, skip=("capability",)),
                (
                    _rows_of(Activity, prefix, "Activity", section, p["activities"]),
                    _texts(
                        prefix,
                        "Key decision",
                        section,
                        p["key_decisions"],
                        p.get("key_decision_ids"),
                    ),
                    _rows_of(
                        StructuralChange,
                        prefix,
                        "Structural change",
                        section,
                        p["structural_changes"],
                    ),
                    _rows_of(
                        Indicator,
                        prefix,
                        "Indicator",
                        section,
                        # Snapshots frozen before indicators had a kind hold numeric ones.
                        [{"kind": Indicator.Kind.NUMERIC, **i} for i in p["indicators"]],
                    ),
                ),
            )
        )
    risks = tuple(
        Row(
            risk.get("id"),
            f"C · Risk {risk['position']}",
            "risks",
            _fields(Risk, risk),
            (
                _texts(
                    f"C · Risk {risk['position']}",
                    "Mitigation",
                    "risks",
                    risk["mitigations"],
                    risk.get("mitigation_ids"),
                ),
            ),
        )
        for risk in plan["risks"]
    )
    # Snapshots frozen before documents could be attached list none.
    documents = tuple(
        Row(
            document["id"],
            f"Supporting document {document['name']}",
            "documents",
            (
                ("Description", document["description"]),
                ("Part it supports", part_shown(document["part_label"])),
                ("SHA-256", document["sha256"]),
            ),
        )
        for document in content.get("attachments", [])
    )
    return (
        items,
        respondents,
        gap_rows,
        tuple(capabilities),
        process,
        tuple(plans),
        risks,
        documents,
    )


def _pairs(old, new):
    """(old row or None, new row) for each new row, and the old rows not in the new
    version: matched by id, or by position when a version's rows carry no id."""
    if all(row.key is not None for row in (*old, *new)):
        by_key = {row.key: row for row in old}
        kept = {row.key for row in new}
        return [(by_key.get(row.key), row) for row in new], [r for r in old if r.key not in kept]
    paired = [(old[i] if i < len(old) else None, row) for i, row in enumerate(new)]
    return paired, list(old[len(new) :])


def _whole(row, kind, out):
    """A row added or removed, with the rows within it."""
    text = row.text
    out.append(
        Change(
            row.section,
            row.title,
            "" if kind == "added" else text,
            text if kind == "added" else "",
            kind,
        )
    )
    for group in row.groups:
        for inner in group:
            _whole(inner, kind, out)


def _compare(old_rows, new_rows, out):
    paired, removed = _pairs(old_rows, new_rows)
    for before, after in paired:
        if before is None:
            _whole(after, "added", out)
            continue
        old_fields, new_fields = dict(before.fields), dict(after.fields)
        for label in [*new_fields, *(k for k in old_fields if k not in new_fields)]:
            was, now = old_fields.get(label, ""), new_fields.get(label, "")
            if was != now:
                out.append(Change(after.section, after.label_for(label), was, now))
        for old_group, new_group in zip_longest(before.groups, after.groups, fillvalue=()):
            _compare(old_group, new_group, out)
    for row in removed:
        _whole(row, "removed", out)


def changes(before, after):
    """The rows added and removed and the fields changed between two snapshot contents,
    in template order; rows that did not change are not listed."""
    out = []
    for old_group, new_group in zip(rows(before), rows(after), strict=True):
        _compare(old_group, new_group, out)
    return out
