"""The cohort charts on the board, drawn on the server as SVG like the VaPCAT chart
(``assessments.chart``): the chosen maturity per domain, the priorities per domain, the
most chosen capabilities and the milestones per status by week.

Each chart reads one query over the milestones of the board's practices, is drawn from
plain rows by a pure function, kept by ``kept_svg`` under the rows' digest, and comes
with the same rows as a table. Patterns and labels, not colour alone, tell its series
apart.
"""

import base64
import io
from collections import Counter, defaultdict
from datetime import timedelta

import matplotlib
from django.db.models import Count
from django.utils import timezone
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from assessments.chart import kept_svg
from gap_analysis.models import Capability, DomainRating, Priority
from submissions.models import MilestoneSubmission, Transition

SUBMITTED = (MilestoneSubmission.Status.SUBMITTED, MilestoneSubmission.Status.ACCEPTED)
MATURITIES = list(range(6))
PRIORITIES = [choice.value for choice in Priority]
TOP_CAPABILITIES = 10
HATCHES = ["", "//", "..", "xx", "\\\\", "oo"]
GREYS = ["#f4f4f4", "#d0d8e0", "#a9bccf", "#7f9cb8", "#4f7ba3", "#1f5f99"]
STATUSES = list(MilestoneSubmission.Status.choices)
LINE_STYLES = ["-", "--", ":", "-."]
MARKERS = ["o", "s", "^", "D"]
SETTINGS = {
    "svg.fonttype": "none",
    "svg.hashsalt": "cohort-chart",
    "font.family": "sans-serif",
    "font.size": 9,
    "hatch.linewidth": 0.6,
}


def _milestones(cycle, practices):
    return MilestoneSubmission.objects.filter(cycle=cycle, practice__in=practices.values("pk"))


# The data ---------------------------------------------------------------------------


def maturity_rows(cycle, practices):
    """[(domain name, [milestones at maturity 0, ..., 5])] over the submitted milestones."""
    counts = defaultdict(Counter)
    ratings = (
        DomainRating.objects.filter(
            milestone__in=_milestones(cycle, practices).filter(status__in=SUBMITTED),
            maturity__isnull=False,
        )
        .values_list("domain__order", "domain__name", "maturity")
        .annotate(n=Count("pk"))
        .order_by("domain__order")
    )
    for order, name, maturity, n in ratings:
        counts[(order, name)][maturity] += n
    return [(key[1], [counts[key][m] for m in MATURITIES]) for key in sorted(counts)]


def priority_rows(cycle, practices):
    """[(domain name, [high, medium, low])] over the submitted milestones."""
    counts = defaultdict(Counter)
    ratings = (
        DomainRating.objects.filter(
            milestone__in=_milestones(cycle, practices).filter(status__in=SUBMITTED)
        )
        .exclude(priority="")
        .values_list("domain__order", "domain__name", "priority")
        .annotate(n=Count("pk"))
        .order_by("domain__order")
    )
    for order, name, priority, n in ratings:
        counts[(order, name)][priority] += n
    return [(key[1], [counts[key][p] for p in PRIORITIES]) for key in sorted(counts)]


def capability_rows(cycle, practices):
    """[(capability name, milestones that chose it)], the most chosen first."""
    chosen = (
        Capability.objects.filter(
            milestone__in=_milestones(cycle, practices).filter(status__in=SUBMITTED)
        )
        .exclude(name="")
        .values_list("name")
        .annotate(n=Count("milestone", distinct=True))
        .order_by("-n", "name")[:TOP_CAPABILITIES]
    )
    return [(name, n) for name, n in chosen]


def progress_rows(cycle, practices, today=None):
    """[(week starting, [milestones in each status at the week's end])], from the
    milestones' start and their transitions, week by week up to ``today``."""
    today = today or timezone.localdate()
    milestones = _milestones(cycle, practices)
    events = [
        (created.date(), pk, MilestoneSubmission.Status.DRAFT)
        for pk, created in milestones.values_list("pk", "created_at")
    ]
    events += [
        (at.date(), pk, status)
        for pk, at, status in Transition.objects.filter(milestone__in=milestones)
        .order_by("at", "pk")
        .values_list("milestone_id", "at", "to_status")
    ]
    if not events:
        return []
    events.sort(key=lambda event: event[0])
    week = min(event[0] for event in events)
    week -= timedelta(days=week.weekday())
    rows, status_of, position = [], {}, 0
    while week <= today:
        end = week + timedelta(days=7)
        while position < len(events) and events[position][0] < end:
            _, pk, status = events[position]
            status_of[pk] = status
            position += 1
        counted = Counter(status_of.values())
        rows.append((week, [counted[value] for value, _ in STATUSES]))
        week = end
    return rows


# The pictures -----------------------------------------------------------------------


def _svg(figure):
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _stacked(rows, labels, title, axis_label):
    with matplotlib.rc_context(SETTINGS):
        figure = Figure(figsize=(8, 0.5 * max(len(rows), 1) + 1.6), layout="constrained")
        axes = figure.subplots()
        names = [name for name, _ in rows][::-1]
        lefts = [0] * len(rows)
        for index, label in enumerate(labels):
            values = [counts[index] for _, counts in rows][::-1]
            bars = axes.barh(
                names,
                values,
                left=lefts,
                label=label,
                color=GREYS[index % len(GREYS)],
                hatch=HATCHES[index % len(HATCHES)],
                edgecolor="#333333",
                linewidth=0.5,
            )
            axes.bar_label(bars, labels=[str(v) if v else "" for v in values], label_type="center")
            lefts = [left + value for left, value in zip(lefts, values, strict=True)]
        axes.set_xlabel(axis_label)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))  # milestones are counted
        # Three to a row: six maturity levels side by side are wider than the chart.
        axes.legend(
            loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=min(len(labels), 3), frameon=False
        )
        axes.spines[["top", "right"]].set_visible(False)
        figure.suptitle(title, fontsize=11)
        return _svg(figure)


def draw_maturity(rows):
    labels = [f"Maturity {m}" for m in MATURITIES]
    return _stacked(rows, labels, "Chosen maturity per domain", "Submitted milestones")


def draw_priorities(rows):
    labels = [choice.label for choice in Priority]
    return _stacked(rows, labels, "Priority for action per domain", "Submitted milestones")


def draw_capabilities(rows):
    with matplotlib.rc_context(SETTINGS):
        figure = Figure(figsize=(8, 0.4 * max(len(rows), 1) + 1.2), layout="constrained")
        axes = figure.subplots()
        names = [name[:60] for name, _ in rows][::-1]
        bars = axes.barh(
            names, [n for _, n in rows][::-1], color="#a9bccf", hatch="//", edgecolor="#333333"
        )
        axes.bar_label(bars, padding=3)
        axes.set_xlabel("Milestones that chose it")
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.spines[["top", "right"]].set_visible(False)
        figure.suptitle("Most chosen capabilities", fontsize=11)
        return _svg(figure)


def draw_progress(rows):
    with matplotlib.rc_context(SETTINGS):
        figure = Figure(figsize=(8, 3.4), layout="constrained")
        axes = figure.subplots()
        weeks = [week for week, _ in rows]
        for index, (_, label) in enumerate(STATUSES):
            axes.plot(
                weeks,
                [counts[index] for _, counts in rows],
                label=label,
                color="#1f2f3f",
                linestyle=LINE_STYLES[index],
                marker=MARKERS[index],
                markersize=4,
            )
        axes.set_ylabel("Milestones")
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_ylim(bottom=0)
        axes.set_xlabel("Week starting")
        axes.legend(frameon=False)
        axes.spines[["top", "right"]].set_visible(False)
        figure.autofmt_xdate()
        figure.suptitle("Milestones per status by week", fontsize=11)
        return _svg(figure)


def _data_uri(svg):
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def cohort_charts(cycle, practices):
    """The board's charts over ``practices`` (the board's selection) in ``cycle``: a list
    of dicts with the chart's key, title, picture (a data URI, or None without data),
    its text alternative and its rows."""
    charts = [
        ("maturity", "Chosen maturity per domain", maturity_rows(cycle, practices), draw_maturity),
        (
            "priorities",
            "Priority for action per domain",
            priority_rows(cycle, practices),
            draw_priorities,
        ),
        (
            "capabilities",
            "Most chosen capabilities",
            capability_rows(cycle, practices),
            draw_capabilities,
        ),
        (
            "progress",
            "Milestones per status by week",
            progress_rows(cycle, practices),
            draw_progress,
        ),
    ]
    return [
        {
            "key": key,
            "title": title,
            "rows": rows,
            "picture": _data_uri(kept_svg(f"cohort-{key}", _plain(rows), draw)) if rows else None,
        }
        for key, title, rows, draw in charts
    ]


def _plain(rows):
    """The rows as JSON can write them (weeks as ISO dates) for the digest."""
    return [[str(cell) if hasattr(cell, "isoformat") else cell for cell in row] for row in rows]
