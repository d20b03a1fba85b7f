"""Benchmark of the milestone PDF: ``python -m bench.pdf`` (or ``make bench-pdf``).

Builds the demo in a throw-away SQLite database (``db.sqlite3`` and any ``DATABASE_URL``
are never touched), takes the largest demo milestone (Valley Community Health Center)
as seeded, or with ``--worst-case`` enlarged to 20 activities per capability and
2,000-character texts, then renders its PDF a few times and prints, per render, the wall time, the
Python heap peak (tracemalloc, in a separate traced render because tracing slows
rendering down) and the process's peak resident memory (ru_maxrss, which also counts
the native memory of Pango and cairo). CPU time is printed beside wall time because
other processes on a busy machine stretch the wall time. Goal on the 2-core CI machine:
under 2 s and under 300 MB.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc

DEMO_PRACTICE = "Valley Community Health Center"
GOAL_SECONDS = 2.0
GOAL_MEGABYTES = 300

SENTENCE = (
    "The practice will reconcile attribution rosters, review performance dashboards with "
    "leadership, agree on responsibilities with partners and document every decision. "
)


def long_text(label, length):
    """``length`` characters of ordinary prose, starting with ``label``."""
    text = f"{label}: "
    while len(text) < length:
        text += SENTENCE
    return text[:length].rstrip()


def enlarge(milestone, activities=20, text_length=2000, item_length=None):
    """Make ``milestone``'s content as large as a practice could plausibly make it.

    Every free text gets ``text_length`` characters; every entry of a list (activity,
    key decision, structural change, indicator's measure, mitigation) ``item_length``,
    by default the same.
    """
    from action_plans.models import ActionPlan, Activity, ProcessSummary

    item_length = text_length if item_length is None else item_length

    def text(label):
        return long_text(label, text_length)

    def item(label):
        return long_text(label, item_length)

    for rating in milestone.domain_ratings.select_related("domain"):
        rating.current_state = text(f"Current state {rating.domain.code}")
        rating.gaps = text(f"Gaps {rating.domain.code}")
        rating.rationale = text(f"Rationale {rating.domain.code}")
        rating.save()
    ProcessSummary.objects.filter(milestone=milestone).update(
        overview=text("Overview"), people_involved=text("People"), alignment=text("Alignment")
    )
    for capability in milestone.capabilities.all():
        capability.why_priority = text(f"Why capability {capability.position}")
        capability.save()
    for plan in ActionPlan.objects.filter(capability__milestone=milestone):
        for field in ("goals", "other_staff", "leadership_engagement", "leadership_needs"):
            setattr(plan, field, text(field.replace("_", " ").capitalize()))
        plan.save()
        existing = plan.activities.count()
        Activity.objects.bulk_create(
            Activity(
                plan=plan,
                description=item(f"Activity {n}"),
                target_month=(n % 12) + 1,
                target_year=2027 + n // 12,
            )
            for n in range(existing + 1, activities + 1)
        )
        plan.activities.update(description=item("Activity"))
        plan.key_decisions.update(description=item("Decision"))
        plan.structural_changes.update(description=item("Change"))
        plan.indicators.update(how_measured=item("Measured"))
    for risk in milestone.risks.all():
        risk.description = text(f"Risk {risk.position}")
        risk.why_likely = text(f"Why risk {risk.position}")
        risk.save()
        risk.mitigations.update(description=item("Mitigation"))


def _setup(database_dir):
    os.environ["DATABASE_URL"] = f"sqlite:///{database_dir}/bench.sqlite3"
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vbp_portal.settings")
    import django

    django.setup()


def _demo_content(enlargement):
    from django.core.management import call_command
    from django.utils import timezone

    from practices.models import Membership
    from submissions.demo import seed_demo
    from submissions.models import MilestoneSubmission
    from submissions.snapshot import milestone_content

    call_command("migrate", verbosity=0)
    seed_demo()
    milestone = MilestoneSubmission.objects.get(practice__name=DEMO_PRACTICE)
    if enlargement:
        enlarge(milestone, *enlargement)
    lead = Membership.objects.filter(practice=milestone.practice, role="lead").first().user
    return milestone_content(milestone, attested_by=lead, attested_at=timezone.now())


def _cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_rss_mb():
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--activities", type=int, default=20)
    parser.add_argument("--text-length", type=int, default=2000)
    parser.add_argument(
        "--item-length",
        type=int,
        help="characters per activity, decision, change, measure, mitigation "
        "(default: --text-length)",
    )
    parser.add_argument(
        "--worst-case",
        action="store_true",
        help="enlarge the demo milestone first (see --activities, --text-length)",
    )
    parser.add_argument("-o", "--output", help="also write the PDF here")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as database_dir:
        _setup(database_dir)
        import pypdf

        from submissions.pdf import render_pdf

        content = _demo_content(
            (args.activities, args.text_length, args.item_length) if args.worst_case else None
        )
        case = (
            "as seeded"
            if not args.worst_case
            else f"{args.activities} activities per capability, free texts of "
            f"{args.text_length} characters, list entries of "
            f"{args.item_length or args.text_length}"
        )
        print(f"{DEMO_PRACTICE} ({case}); peak RSS before the first render {_peak_rss_mb():.0f} MB")
        timings = []
        for run in range(1, args.runs + 1):
            started, cpu_started = time.perf_counter(), _cpu_seconds()
            pdf = render_pdf(content)
            elapsed = time.perf_counter() - started
            cpu = _cpu_seconds() - cpu_started
            timings.append(elapsed)
            label = "first (imports, fonts)" if run == 1 else "warm"
            print(
                f"  render {run}: {elapsed:5.2f} s wall, {cpu:5.2f} s CPU   "
                f"peak RSS {_peak_rss_mb():4.0f} MB   {len(pdf) / 1024:4.0f} KB   ({label})"
            )
        pages = len(pypdf.PdfReader(__import__("io").BytesIO(pdf)).pages)

        tracemalloc.start()
        render_pdf(content)
        heap_peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()

        worst = max(timings)
        warm = timings[1:] or timings
        rss = _peak_rss_mb()
        print(f"  pages: {pages}")
        print(
            f"  wall time: worst {worst:.2f} s, warm mean {sum(warm) / len(warm):.2f} s "
            f"(goal < {GOAL_SECONDS:.0f} s)"
        )
        print(
            f"  memory: peak RSS {rss:.0f} MB, Python heap peak of one render "
            f"{heap_peak:.0f} MB (goal < {GOAL_MEGABYTES} MB)"
        )
        if args.output:
            with open(args.output, "wb") as handle:
                handle.write(pdf)
            print(f"  wrote {args.output}")
        met = worst < GOAL_SECONDS and rss < GOAL_MEGABYTES
        print("  goal met" if met else "  GOAL NOT MET")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
