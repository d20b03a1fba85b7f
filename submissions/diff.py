"""What changed between two snapshots, field by field, in the template's words.

``flatten`` turns a snapshot's content into an ordered mapping from a readable label
("B · Financial · Current state") to a value; ``changes`` compares two of them.
"""

from dataclasses import dataclass

from action_plans.rules import format_month


@dataclass(frozen=True)
class Change:
    section: str
    label: str
    before: str
    after: str

    @property
    def kind(self):
        if not self.before:
            return "added"
        if not self.after:
            return "removed"
        return "changed"


def _month(row):
    if row.get("month") and row.get("year"):
        return format_month(row["year"], row["month"])
    return ""


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def flatten(content):
    """(section key, label) -> text, in the order of the template."""
    out = {}

    def put(section, label, value):
        out[(section, label)] = _text(value)

    for domain in content["vapcat"]["domains"]:
        for item in domain["items"]:
            put("vapcat", f"A · VaPCAT item {item['code']} consensus score", item["score"])
    put(
        "vapcat",
        "A · VaPCAT respondents",
        ", ".join(r["name"] for r in content["vapcat"]["respondents"]),
    )
    gap = content["gap_analysis"]
    labels = [
        ("current_state", "Current state"),
        ("maturity", "VBP domain maturity"),
        ("gaps", "Specific capability gaps"),
        ("priority_label", "Priority for action"),
        ("rationale", "Rationale"),
    ]
    for row in gap["rows"]:
        for key, label in labels:
            put(f"gap:{row['code']}", f"B · {row['name']} · {label}", row[key])
    for cap in gap["capabilities"]:
        prefix = f"B · Capability {cap['position']}"
        put("capabilities", f"{prefix} · Specific capability", cap["name"])
        put("capabilities", f"{prefix} · Domain", cap["domain_name"])
        put("capabilities", f"{prefix} · Why a priority", cap["why_priority"])
        partner = " · ".join(v for v in (cap["partner_label"], cap["partner_name"]) if v)
        put(
            "capabilities",
            f"{prefix} · Internal or partner",
            f"{cap['delivery_label']}{' (' + partner + ')' if partner else ''}",
        )
    plan = content["action_plan"]
    for key, label in [
        ("overview", "Overview of activities and approach"),
        ("people_involved", "Leadership and staff involved"),
        ("alignment", "Alignment with other priorities"),
    ]:
        put("process", f"C · Process summary · {label}", plan["process"][key])
    for p in plan["plans"]:
        section = f"plan:{p['position']}"
        prefix = f"C · Capability {p['position']}"
        put(section, f"{prefix} · Goals", p["goals"])
        put(
            section,
            f"{prefix} · Major activities",
            "\n".join(f"{a['description']} ({_month(a) or 'no date'})" for a in p["activities"]),
        )
        put(section, f"{prefix} · Key decisions", "\n".join(p["key_decisions"]))
        put(
            section,
            f"{prefix} · Structural changes",
            "\n".join(
                f"{s['category_label']}: {s['description']}" for s in p["structural_changes"]
            ),
        )
        put(section, f"{prefix} · Who manages the process", p["process_manager"])
        put(section, f"{prefix} · Other key staff", p["other_staff"])
        put(section, f"{prefix} · Leadership engagement", p["leadership_engagement"])
        put(section, f"{prefix} · Needed from leadership", p["leadership_needs"])
        put(
            section,
            f"{prefix} · Indicators",
            "\n".join(
                f"{i['name']}: {i['how_measured']}; baseline {i['baseline'] or '—'}, "
                f"target {i['target'] or '—'} {i['unit']} by {_month(i) or 'no date'}"
                for i in p["indicators"]
            ),
        )
    for risk in plan["risks"]:
        prefix = f"C · Risk {risk['position']}"
        put("risks", f"{prefix} · Risk", risk["description"])
        put("risks", f"{prefix} · Why it is likely", risk["why_likely"])
        put("risks", f"{prefix} · Mitigations", "\n".join(risk["mitigations"]))
    return out


def changes(before, after):
    """The fields that differ between two snapshot contents, in template order."""
    old, new = flatten(before), flatten(after)
    keys = list(new) + [key for key in old if key not in new]
    return [
        Change(section, label, old.get((section, label), ""), new.get((section, label), ""))
        for section, label in keys
        if old.get((section, label), "") != new.get((section, label), "")
    ]
