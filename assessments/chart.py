"""The VaPCAT chart: the five domains side by side, drawn on the server as SVG.

``domain_chart_svg`` is a pure function of plain data so the results page (through a
cached URL) and the PDF draw the same picture from the same numbers.
"""

import io
import textwrap

MAX_SCORE = 3
MAX_MATURITY = 5
LABEL_WIDTH = 24  # characters per line of a domain name


def domain_chart_svg(domain_rows, title="VaPCAT results by domain"):
    """An SVG document of ``domain_rows``: (domain name, mean consensus 0-3, suggested
    maturity 0-5) per domain, in order. Same data, same bytes."""
    # Imported here: matplotlib takes a noticeable time to import and only this needs it.
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    rows = list(domain_rows)
    names = [textwrap.fill(str(name), LABEL_WIDTH) for name, _, _ in rows][::-1]
    means = [float(mean or 0) for _, mean, _ in rows][::-1]
    maturities = [int(maturity or 0) for _, _, maturity in rows][::-1]
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
        _bars(score_axes, positions, means, MAX_SCORE, "Mean consensus score (0-3)", "#1f5f99")
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
    bars = axes.barh(list(positions), values, color=colour, height=0.6)
    axes.set_xlim(0, maximum + 0.5)  # room for the value label of a full bar
    axes.set_xticks(range(maximum + 1))
    axes.set_xlabel(label)
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    axes.spines[["top", "right"]].set_visible(False)
    labels = [f"{value:.1f}" if isinstance(value, float) else str(value) for value in values]
    axes.bar_label(bars, labels=labels, padding=3)


def domain_chart_alt(domain_rows):
    """A text alternative of the chart, with its numbers."""
    parts = [
        f"{name}: mean consensus {float(mean or 0):.1f} of 3, suggested maturity {maturity} of 5"
        for name, mean, maturity in domain_rows
    ]
    return "Bar chart of the VaPCAT domains. " + "; ".join(parts) + "."
