"""The estimate's chart: earned vs possible dollars per measure, drawn on the server as
SVG the way ``assessments.chart`` draws the VaPCAT chart. A pure function of plain rows,
kept in Django's cache under the SHA-256 of those rows (other data, other key: nothing
to clear). The page and the PDF embed it as a ``data:`` image, so an estimate that was
only previewed, never saved, has its picture too."""

import base64
import io

import matplotlib
import matplotlib.ticker
from matplotlib.figure import Figure

from assessments.chart import kept_svg
from incentives.model import money


def chart_rows(estimate):
    """(code, earned $, possible $) per applicable measure, in the guide's order."""
    return [
        (m.code, str(money(m.dollars)), str(money(m.possible_dollars)))
        for m in estimate.measures
        if m.applicable
    ]


def chart_svg(rows):
    """``estimate_chart_svg(rows)``, drawn once per distinct data."""
    return kept_svg("incentive-chart", rows, estimate_chart_svg)


def chart_data_uri(rows):
    return "data:image/svg+xml;base64," + base64.b64encode(chart_svg(rows).encode()).decode()


def estimate_chart_svg(rows, title="Performance incentive by measure: earned and possible"):
    """An SVG document of ``rows``; same rows, same bytes. Earned bars are solid, possible
    bars hatched, so the two read apart without colour."""
    rows = list(rows)[::-1]
    names = [code for code, _, _ in rows]
    earned = [float(e) for _, e, _ in rows]
    possible = [float(p) for _, _, p in rows]
    positions = list(range(len(rows)))
    settings = {
        "svg.fonttype": "none",
        "svg.hashsalt": "incentive-chart",
        "font.family": "sans-serif",
        "font.size": 9,
    }
    with matplotlib.rc_context(settings):
        figure = Figure(figsize=(8, 0.45 * max(len(rows), 1) + 1.4), layout="constrained")
        axes = figure.subplots()
        height = 0.38
        axes.barh(
            [p + height / 2 for p in positions],
            possible,
            height=height,
            color="white",
            edgecolor="#1f5f99",
            hatch="///",
            label="Possible",
        )
        bars = axes.barh(
            [p - height / 2 for p in positions],
            earned,
            height=height,
            color="#1f5f99",
            label="Earned",
        )
        axes.bar_label(bars, labels=[f"${value:,.0f}" for value in earned], padding=3)
        axes.set_yticks(positions, names)
        axes.set_xlabel("Dollars per year")
        axes.xaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("${x:,.0f}"))
        top = max(possible + earned + [1.0])
        axes.set_xlim(0, top * 1.2)
        axes.grid(axis="x", color="#dddddd", linewidth=0.6)
        axes.set_axisbelow(True)
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(loc="lower right", frameon=False)
        figure.suptitle(title, fontsize=11)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def chart_alt(rows):
    parts = [f"{code}: ${float(e):,.2f} earned of ${float(p):,.2f} possible" for code, e, p in rows]
    return "Bar chart of the performance incentive per measure. " + "; ".join(parts) + "."
