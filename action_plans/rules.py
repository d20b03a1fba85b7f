"""The template's minimums for an action plan, and the allowed target months.

Forms (row-level messages) and the completeness check (milestone-level messages) both
read these; nowhere else states them.
"""

from dataclasses import dataclass

EARLIEST_TARGET = (2025, 1)
YEARS_AFTER_DUE = 5
RISKS_REQUIRED = 2


@dataclass(frozen=True)
class Minimum:
    relation: str
    singular: str
    plural: str
    at_least: int


MINIMUMS = [
    Minimum("activities", "activity", "activities", 3),
    Minimum("key_decisions", "key decision", "key decisions", 2),
    Minimum("structural_changes", "structural change", "structural changes", 1),
    Minimum("indicators", "indicator", "indicators", 1),
]

# The most rows of each list: room for any real plan, and a bound on the PDF, which
# prints every row. The formsets refuse more (``action_plans.forms``).
MAXIMUMS = {
    "activities": 20,
    "key_decisions": 10,
    "structural_changes": 10,
    "indicators": 10,
    "mitigations": 10,
}

MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def target_bounds(cycle):
    """(earliest, latest) target as (year, month): January 2025 to five years after due."""
    due = cycle.due_on
    return EARLIEST_TARGET, (due.year + YEARS_AFTER_DUE, due.month)


def format_month(year, month):
    return f"{MONTH_NAMES[month - 1]} {year}"


def bounds_text(cycle):
    """ "January 2025 and May 2031": the allowed target months, for help text."""
    earliest, latest = target_bounds(cycle)
    return f"{format_month(*earliest)} and {format_month(*latest)}"


def target_value_error(cycle, month, year):
    """Why a (partly) given target cannot be stored, even in a draft; None when it can.

    A draft may leave the month or the year out (the completeness check asks for them
    later), but what it does give must be a real month within the bounds.
    """
    if month is not None and not 1 <= month <= 12:
        return "choose a month between 1 and 12"
    earliest, latest = target_bounds(cycle)
    out_of_bounds = f"choose a month between {format_month(*earliest)} and {format_month(*latest)}"
    if month and year:
        if not earliest <= (year, month) <= latest:
            return out_of_bounds
    elif year is not None and not earliest[0] <= year <= latest[0]:
        return out_of_bounds
    return None


def year_in_bounds(cycle, year):
    earliest, latest = target_bounds(cycle)
    return earliest[0] <= year <= latest[0]


def target_error(cycle, month, year):
    """Why a target month/year is not acceptable at completion, or None when it is."""
    if not month:
        return "choose a completion month"
    if not year:
        return "choose a completion year"
    return target_value_error(cycle, month, year)
