"""The VaPCAT chart: the five domains side by side, drawn on the server as SVG.

``domain_chart_svg`` is a pure function of plain data so the results page and the PDF
draw the same picture from the same numbers. Drawing takes about 100 ms, so
``chart_svg`` keeps each picture in Django's cache under ``chart_digest``, the SHA-256
of the data it is drawn from: other data has another key, so a kept picture is never
out of date and nothing has to be cleared. The results page serves it at a URL that
carries the digest, which browsers may keep too.
"""

import hashlib
import io
import json
import textwrap

import matplotlib
from django.core.cache import cache
from matplotlib.figure import Figure

# The answer scale's lowest and highest values, ours unless the caller gives its own.
SCORE_RANGE = (0, 3)
MAX_MATURITY = 5
MAX_TICKS = 11  # a tick per value up to 10; a longer scale gets matplotlib's ticks
LABEL_WIDTH = 24  # characters per line of a domain name
CACHE_TIMEOUT = 7 * 24 * 3600  # a picture not asked for in a week is drawn again
NO_ANSWERS = "no answers yet"


def chart_digest(domain_rows):
    """The SHA-256 (hex) of the chart's data: its cache key and its URL's version."""
    data = json.dumps([list(row) for row in domain_rows], separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()


def kept_svg(name, rows, draw):
    """``draw(rows)``, drawn once per distinct data: kept under ``name`` and the data's
    SHA-256, so a picture of other data has another key and nothing is ever cleared.
    Every chart of the portal is kept this way."""
    key = f"{name}:{chart_digest(rows)}"
    svg = cache.get(key)
    if svg is None:
        svg = draw(rows)
        cache.set(key, svg, CACHE_TIMEOUT)
    return svg


def chart_svg(domain_rows, score_range=SCORE_RANGE):
    """``domain_chart_svg(domain_rows, score_range)``, drawn once per distinct data."""
    low, high = score_range
    return kept_svg(
        f"vapcat-chart:{low}-{high}",
        domain_rows,
        lambda rows: domain_chart_svg(rows, score_range=(low, high)),
    )


def domain_chart_svg(domain_rows, title="VaPCAT results by domain", score_range=SCORE_RANGE):
    """An SVG document of ``domain_rows``: (domain name, mean consensus score on the scale
    ``score_range`` (lowest, highest), suggested maturity 0-5) per domain, in order. Same
    data, same bytes."""
    low, high = score_range
    rows = list(domain_rows)
    names = [textwrap.fill(str(name), LABEL_WIDTH) for name, _, _ in rows][::-1]
    # None: nothing scored yet in that domain, drawn as an empty bar labelled so.
    means = [None if mean is None else float(mean) for _, mean, _ in rows][::-1]
    maturities = [None if maturity is None else int(maturity) for _, _, maturity in rows][::-1]
    positions = range(len(rows))

    settings = {
        "svg.fonttype": "none",  # keep text as text: smaller, searchable, selectable
        "svg.hashsalt": "vapcat-chart",  # stable element ids, hence stable bytes
        "font.family": "sans-serif",
        "font.size": 9,
    }
    with matplotlib.rc_context(settings):
        # Figure without pyplot: no global state, safe in a threaded server.
        figure = Figure(figsize=(8, 0.55 * max(len(rows), 1) + 1.3), layout="constrained")
        score_axes, maturity_axes = figure.subplots(1, 2, sharey=True, width_ratios=[1, 1])
        _bars(
            score_axes,
            positions,
            means,
            high,
            f"Mean consensus score ({low}-{high})",
            "#1f5f99",
        )
        _bars(
            maturity_axes,
            positions,
            maturities,
            MAX_MATURITY,
            "Suggested maturity (0-5)",
            "#2e7d4f",
        )
        score_axes.set_yticks(list(positions), names)
        figure.suptitle(title, fontsize=11)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _bars(axes, positions, values, maximum, label, colour):
    bars = axes.barh(list(positions), [value or 0 for value in values], color=colour, height=0.6)
    # Room for the value label of a full bar.
    axes.set_xlim(0, maximum + max(0.5, maximum / 12))
    if maximum < MAX_TICKS:
        axes.set_xticks(range(maximum + 1))
    axes.set_xlabel(label)
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    axes.spines[["top", "right"]].set_visible(False)
    labels = [_label(value) for value in values]
    axes.bar_label(bars, labels=labels, padding=3)


def _label(value):
    if value is None:
        return NO_ANSWERS
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def domain_chart_alt(domain_rows, score_range=SCORE_RANGE):
    """A text alternative of the chart, with its numbers."""
    high = score_range[1]
    parts = []
    for name, mean, maturity in domain_rows:
        if mean is None:
            parts.append(f"{name}: {NO_ANSWERS}")
        else:
            parts.append(
                f"{name}: mean consensus {float(mean):.1f} of {high}, suggested maturity "
                f"{maturity} of 5"
            )
    return "Bar chart of the VaPCAT domains. " + "; ".join(parts) + "."
