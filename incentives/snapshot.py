"""The milestone's saved VBP payment estimates as plain data: what the snapshot keeps
(``submissions.snapshot`` adds it under ``incentive_estimates``) and the PDF's appendix
read from it. A snapshot frozen before estimates existed has no such key: no appendix."""

from incentives import model, selectors
from incentives.chart import chart_alt, chart_data_uri
from incentives.payment_model import default_model

SNAPSHOT_KEY = "incentive_estimates"


def estimates_content(milestone):
    """Each saved scenario: its name, whether the PDF prints it, its inputs and the
    estimate computed from them (as ``manage.py estimate_incentive`` prints it)."""
    payment_model = default_model()
    content = []
    for scenario in selectors.scenarios_of(milestone):
        entry = {
            "name": scenario.saved.name,
            "in_pdf": scenario.saved.in_pdf,
            "inputs": scenario.saved.inputs,
        }
        if scenario.estimate is None:
            entry["problems"] = list(scenario.problems)
        else:
            entry["result"] = model.as_dict(scenario.estimate, payment_model)
        content.append(entry)
    return content


def appendix(content):
    """The scenarios the practice chose to print, from a snapshot's content, each with
    its chart as a data: URI. [] for an older snapshot without estimates."""
    printed = []
    for entry in content.get(SNAPSHOT_KEY) or []:
        if not entry.get("in_pdf") or "result" not in entry:
            continue
        result = entry["result"]
        rows = [
            (m["code"], m["dollars"], m["dollars_possible"])
            for m in result["measures"]
            if m["applicable"]
        ]
        printed.append(
            {
                "name": entry["name"],
                "result": result,
                "measures": [m for m in result["measures"] if m["applicable"]],
                "chart_src": chart_data_uri(rows),
                "chart_alt": chart_alt(rows),
            }
        )
    return printed
