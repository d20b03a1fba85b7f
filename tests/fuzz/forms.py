"""Every form of the product that accepts a POST: where it is shown, who may change
anything through it, and what to try in its fields beyond what the page offers.

``FORMS`` is keyed by URL name; ``test_coverage`` fails when a POST-accepting URL pattern
has no entry here. The fields themselves are read from the rendered page (``pages``), so
a field added to a template is fuzzed without an entry here.
"""

import re
from dataclasses import dataclass, replace
from urllib.parse import quote

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import strategies as st

from action_plans.models import Activity, Indicator, KeyDecision, Mitigation, StructuralChange
from assessments.instrument_sheet import write_xlsx
from assessments.instruments import instrument_spec
from incentives.models import SavedEstimate
from practices.models import Membership
from tests.factories import PASSWORD
from tests.fuzz.values import MISSING, junk, texts, typed_text

ROLES = ["anonymous", "respondent", "lead", "other_lead", "coach", "other_coach", "admin"]
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
EDITORS = frozenset({"lead", "admin"})
REVIEWERS = frozenset({"coach", "admin"})
ANSWERERS = frozenset({"lead", "respondent"})

NEW_PASSWORD = "a brand new passphrase 2026"
HUGE_PK = 2**63  # beyond every database's integer
EVIL = ["//evil.example/", "/\\evil.example", "https://evil.example/", "javascript:alert(1)"]


def always(strategy):
    """A field value drawn from ``strategy`` whatever the page had loaded."""
    return lambda loaded: strategy


def loaded_or(strategy):
    return lambda loaded: st.one_of(st.just(loaded), strategy)


@dataclass(frozen=True)
class Form:
    name: str  # the URL name it posts to
    page: object  # world -> path of the page showing the form
    loaded_as: str  # a role that sees the form
    writers: frozenset  # roles that may change anything through it
    action: object = None  # world -> path it posts to (default: the page)
    state: str = "draft"  # the milestone's status when the form is shown
    content: bool = False  # part of the milestone: a read-only milestone stores nothing
    keeps_typing: bool = True  # a refusal shows the form again with what was typed
    values: object = None  # world -> {field name regex: loaded value -> strategy}
    paths: object = None  # world -> strategy of other paths to post the same form to
    example: object = None  # (loaded POST, world) -> a POST that works
    stores: bool = True  # the example changes what is stored (or sends an e-mail)
    skipped_prefixes: object = None  # POST -> prefixes not shown again (removed rows)
    custom: object = None  # world -> strategy of whole POSTs (forms without a page)
    before_post: object = None  # (client, world, path) -> path (e.g. a GET first)
    examples: int = 100  # hypothesis examples per test run

    def action_path(self, world):
        return (self.action or self.page)(world)

    def prepare(self, client, world, path):
        return self.before_post(client, world, path) if self.before_post else path


def _milestone(world):
    return world.milestone.pk


def _url(name, *args):
    return lambda world: reverse(name, args=[a(world) if callable(a) else a for a in args])


def _with(**changes):
    return lambda post, world: {**post, **changes}


# --- accounts ----------------------------------------------------------------------------

VALID_RESET = "<the set-password page of a valid link>"


def _reset_link(world):
    return reverse("accounts:password_reset_confirm", args=[world.reset_uid, world.reset_token])


def _open_reset_link(client, world, path):
    """The confirm view keeps the token in the session and redirects to set-password."""
    if path != VALID_RESET:
        return path
    response = client.get(_reset_link(world))
    return response["Location"] if response.status_code == 302 else _reset_link(world)


def _passwords():
    return st.one_of(st.just(NEW_PASSWORD), st.just(PASSWORD), st.just("short"), typed_text(30))


def _emails(world, *extra):
    cast = world.cast
    known = [cast.lead.email, cast.respondent.email, cast.other_lead.email, cast.coach.email]
    return st.one_of(
        st.sampled_from(["someone.new@alder.test", "Someone.New@ALDER.test", *extra]),
        st.sampled_from(known),
        typed_text(40),
    )


ACCOUNT_FORMS = [
    Form(
        "login",
        page=_url("login"),
        loaded_as="anonymous",
        writers=frozenset(),  # a log-in changes the session only
        values=lambda w: {
            "username": always(_emails(w, "LEAD@alder.test", "nobody@alder.test")),
            "password": always(_passwords()),
        },
        paths=lambda w: st.sampled_from(
            [reverse("login")] + [f"{reverse('login')}?next={quote(url)}" for url in EVIL]
        ),
        example=lambda post, w: {**post, "username": w.cast.lead.email, "password": PASSWORD},
        stores=False,
        examples=120,
    ),
    Form(
        "logout",
        page=_url("submissions:milestone", _milestone),
        action=_url("logout"),
        loaded_as="lead",
        writers=frozenset(),
        stores=False,
        examples=40,
    ),
    Form(
        "accounts:accept",
        page=lambda w: reverse("accounts:accept", args=[w.invitation_token]),
        loaded_as="anonymous",
        writers=frozenset({"anonymous"}),  # someone logged in is asked to log out first
        values=lambda w: {
            "full_name": always(st.one_of(typed_text(150), st.just("Nadia New"))),
            "password[12]": always(_passwords()),
        },
        paths=lambda w: st.sampled_from(
            [
                reverse("accounts:accept", args=[w.invitation_token]),
                reverse("accounts:accept", args=["not-a-real-token"]),
                "/account/invitation/%00/",
                f"/account/invitation/{quote('😀' * 50)}/",
            ]
        ),
        example=_with(full_name="Nadia New", password1=NEW_PASSWORD, password2=NEW_PASSWORD),
    ),
    Form(
        "accounts:password_change",
        page=_url("accounts:password_change"),
        loaded_as="lead",
        writers=SIGNED_IN,
        values=lambda w: {
            "old_password": always(_passwords()),
            "new_password[12]": always(_passwords()),
        },
        example=_with(
            old_password=PASSWORD, new_password1=NEW_PASSWORD, new_password2=NEW_PASSWORD
        ),
    ),
    Form(
        "accounts:password_reset",
        page=_url("accounts:password_reset"),
        loaded_as="anonymous",
        writers=EVERYONE,  # it sends an e-mail, whoever asks
        values=lambda w: {"email": always(_emails(w, "nobody@alder.test"))},
        example=lambda post, w: {**post, "email": w.cast.lead.email},
    ),
    Form(
        "accounts:password_reset_confirm",
        page=lambda w: VALID_RESET,
        loaded_as="anonymous",
        writers=EVERYONE,  # whoever holds the link
        before_post=_open_reset_link,
        values=lambda w: {"new_password[12]": always(_passwords())},
        paths=lambda w: st.sampled_from(
            [
                VALID_RESET,
                reverse("accounts:password_reset_confirm", args=[w.reset_uid, "set-password"]),
                reverse("accounts:password_reset_confirm", args=["MQ", "not-a-token"]),
                reverse("accounts:password_reset_confirm", args=["AAAAAAAAAAAAAAAA", "x-y"]),
                "/account/password/reset/%00/%00-%00/",
            ]
        ),
        example=_with(new_password1=NEW_PASSWORD, new_password2=NEW_PASSWORD),
    ),
]

# --- practices ---------------------------------------------------------------------------


def _practice(world):
    return world.cast.practice.pk


def _membership(world, user):
    """The user's membership of practice A (or of their only practice)."""
    memberships = Membership.objects.filter(user=user).order_by("pk")
    return (memberships.filter(practice=world.cast.practice).first() or memberships.get()).pk


def _invitation(world):
    return world.cast.practice.invitations.get(email="new.respondent@alder.test").pk


def _invitation_button(name):
    """A resend or cancel button of the practice's pending invitation."""
    return Form(
        name,
        page=_url("practices:invitations", _practice),
        action=lambda w: reverse(name, args=[_practice(w), _invitation(w)]),
        loaded_as="lead",
        writers=EDITORS,
        paths=lambda w: st.sampled_from(
            [reverse(name, args=[_practice(w), pk]) for pk in (_invitation(w), HUGE_PK)]
        ),
        examples=40,
    )


def _practice_values(world):
    return {
        "name": always(
            st.one_of(
                typed_text(80),
                st.sampled_from(["Alder Family Medicine", "Birch Community Health", "Cedar"]),
            )
        )
    }


PRACTICE_FORMS = [
    Form(
        "practices:create",
        page=_url("practices:create"),
        loaded_as="admin",
        writers=frozenset({"admin"}),
        values=_practice_values,
        example=_with(
            name="Cedar Clinic",
            organisation_type="independent",
            size_band="small",
            county="Alameda",
        ),
    ),
    Form(
        "practices:edit",
        page=_url("practices:edit", _practice),
        loaded_as="admin",
        writers=frozenset({"admin"}),
        values=_practice_values,
        example=_with(county="Fresno"),
    ),
    Form(
        "practices:invitations",
        page=_url("practices:invitations", _practice),
        loaded_as="lead",
        writers=EDITORS,
        values=lambda w: {"email": always(_emails(w))},
        example=_with(email="someone.new@alder.test"),
    ),
    Form(
        "practices:membership_remove",
        page=_url("practices:invitations", _practice),
        action=lambda w: reverse(
            "practices:membership_remove", args=[_practice(w), _membership(w, w.cast.respondent)]
        ),
        loaded_as="lead",
        writers=EDITORS,
        paths=lambda w: st.sampled_from(
            [
                reverse("practices:membership_remove", args=[_practice(w), pk])
                for pk in (
                    _membership(w, w.cast.respondent),
                    _membership(w, w.cast.lead),  # the only lead: refused
                    _membership(w, w.cast.other_lead),  # another practice's: 404
                    HUGE_PK,
                )
            ]
        ),
        examples=60,
    ),
    _invitation_button("practices:invitation_resend"),
    _invitation_button("practices:invitation_cancel"),
    Form(
        "practices:start",
        page=lambda w: reverse("practices:detail", args=[w.unstarted_practice]),
        action=lambda w: reverse(
            "practices:start", args=[w.unstarted_practice, w.cast.other_cycle.pk]
        ),
        loaded_as="lead",
        writers=EDITORS,
        paths=lambda w: st.sampled_from(
            [
                reverse("practices:start", args=[practice, cycle])
                for practice in (w.unstarted_practice, _practice(w))
                for cycle in (w.cast.other_cycle.pk, w.cast.cycle.pk, HUGE_PK)
            ]
        ),
        examples=60,
    ),
    Form(
        "practices:extension",
        page=_url("practices:extension", _practice, lambda w: w.cast.cycle.pk),
        loaded_as="admin",
        writers=frozenset({"admin"}),
        values=lambda w: {
            "due_on": always(
                st.one_of(
                    st.dates().map(str), st.sampled_from(["2026-02-30", "31/12/2026"]), junk()
                )
            ),
            "reason": always(texts()),
        },
        example=_with(due_on="2026-07-15", reason="The clinic flooded in May."),
    ),
    Form(
        "practices:move",
        page=lambda w: reverse("practices:move", args=[w.draft_practice, w.draft_milestone]),
        loaded_as="admin",
        writers=frozenset({"admin"}),
        values=lambda w: {"reason": always(texts())},
        example=lambda post, w: {
            **post,
            "cycle": str(w.cast.other_cycle.pk),
            "reason": "Joined the program late.",
        },
        examples=40,
    ),
]

# --- submissions -------------------------------------------------------------------------


def _comment(world, milestone):
    return milestone.comments.get().pk


def _attachment(world):
    return world.milestone.attachments.get(removed_at=None).pk


def _attach_a_pdf(post, world):
    minutes = _Rereadable("minutes-april.pdf", b"%PDF-1.7 April board minutes")
    return {**post, "file": minutes, "description": "Board minutes, April 2026"}


def _reopen_posts(world):
    return st.fixed_dictionaries(
        {"next": st.one_of(st.sampled_from(["/", *EVIL]), typed_text(30), junk())}
    )


def _note():
    return always(st.one_of(typed_text(200), st.just(""), st.just("x" * 5001), junk()))


SUBMISSION_FORMS = [
    Form(
        "submissions:attachments",
        page=_url("submissions:attachments", _milestone),
        loaded_as="lead",
        writers=EDITORS,
        content=True,
        values=lambda w: {
            "description": always(st.one_of(typed_text(200), st.just("x" * 1001), junk())),
            "part": loaded_or(st.sampled_from(["vapcat", "gap_analysis", "risks", "gap", "x", ""])),
        },
        example=_attach_a_pdf,
        examples=60,
    ),
    Form(
        "submissions:attachment_remove",
        page=_url("submissions:attachments", _milestone),
        action=_url("submissions:attachment_remove", _milestone, _attachment),
        loaded_as="lead",
        writers=EDITORS,
        content=True,
        paths=lambda w: st.sampled_from(
            [
                reverse("submissions:attachment_remove", args=[_milestone(w), _attachment(w)]),
                reverse("submissions:attachment_remove", args=[_milestone(w), HUGE_PK]),
                reverse(
                    "submissions:attachment_remove",
                    args=[w.cast.other_milestone.pk, _attachment(w)],
                ),
            ]
        ),
        examples=40,
    ),
    Form(
        "submissions:submit",
        page=_url("submissions:submit", _milestone),
        loaded_as="lead",
        writers=EDITORS,
        content=True,
        values=lambda w: {
            "attest": always(st.sampled_from(["on", MISSING])),
            "password": always(_passwords()),
        },
        example=_with(attest="on", password=PASSWORD),
    ),
    Form(
        "submissions:request_changes",
        page=_url("submissions:review", _milestone),
        action=_url("submissions:request_changes", _milestone),
        state="submitted",
        loaded_as="coach",
        writers=REVIEWERS,
        values=lambda w: {"note": _note()},
        example=_with(note="Please name an owner for each mitigation."),
    ),
    Form(
        "submissions:accept",
        page=_url("submissions:review", _milestone),
        action=_url("submissions:accept", _milestone),
        state="submitted",
        loaded_as="coach",
        writers=REVIEWERS,
        values=lambda w: {"note": _note()},
        example=_with(note="Thank you."),
    ),
    Form(
        "submissions:reopen",
        page=_url("submissions:milestone", _milestone),
        action=_url("submissions:reopen", _milestone),
        state="accepted",
        loaded_as="admin",
        writers=frozenset({"admin"}),
        values=lambda w: {"note": _note()},
        example=_with(note="The target dates need fixing."),
    ),
    Form(
        "submissions:comment_create",
        page=_url("submissions:review", _milestone),
        action=_url("submissions:comment_create", _milestone),
        state="submitted",
        loaded_as="coach",
        writers=REVIEWERS,
        values=lambda w: {"body": always(st.one_of(typed_text(200), st.just("x" * 10001)))},
        example=_with(section="risks", body="Name an owner for each mitigation."),
    ),
    Form(
        "submissions:comment_address",
        page=_url("submissions:milestone", _milestone),
        action=lambda w: reverse(
            "submissions:comment_address",
            args=[w.milestone.pk, _comment(w, w.milestone)],
        ),
        loaded_as="lead",
        writers=EDITORS,
        values=lambda w: {
            "next": loaded_or(st.one_of(st.sampled_from(["/", *EVIL]), typed_text(30)))
        },
        paths=lambda w: st.sampled_from(
            [
                reverse("submissions:comment_address", args=[w.milestone.pk, pk])
                for pk in (
                    _comment(w, w.milestone),
                    _comment(w, w.cast.other_milestone),
                    HUGE_PK,
                )
            ]
        ),
        examples=60,
    ),
    Form(
        "submissions:reply_create",
        page=_url("submissions:review", _milestone),
        action=lambda w: reverse(
            "submissions:reply_create", args=[w.milestone.pk, _comment(w, w.milestone)]
        ),
        state="changes_requested",
        loaded_as="lead",
        writers=frozenset({"lead", "coach", "admin"}),
        values=lambda w: {
            "body": always(st.one_of(typed_text(200), st.just("x" * 5001))),
            "next": loaded_or(st.one_of(st.sampled_from(["/", *EVIL]), typed_text(30))),
        },
        paths=lambda w: st.sampled_from(
            [
                reverse("submissions:reply_create", args=[w.milestone.pk, pk])
                for pk in (
                    _comment(w, w.milestone),
                    _comment(w, w.cast.other_milestone),
                    HUGE_PK,
                )
            ]
        ),
        example=_with(body="Row C names the billing staff."),
    ),
    Form(
        "submissions:comment_reopen",
        page=_url("submissions:review", _milestone),
        action=lambda w: reverse(
            "submissions:comment_reopen", args=[w.milestone.pk, _comment(w, w.milestone)]
        ),
        state="submitted",
        loaded_as="coach",
        writers=REVIEWERS,
        # Only an addressed comment has the button: the world's comment is open, so the
        # posts are made up and reopening it changes nothing.
        custom=_reopen_posts,
        stores=False,
        examples=40,
    ),
]

# --- assessments -------------------------------------------------------------------------


def _response(world, milestone, user):
    return milestone.responses.get(respondent=user).pk


def _autosave_posts(world):
    @st.composite
    def posts(draw):
        code = draw(st.one_of(st.sampled_from(world.item_codes), st.sampled_from(["", "ZZ9"])))
        code = draw(st.one_of(st.just(code), st.just(code + "\x00"), texts()))
        post = {
            "item": code,
            f"{code}-value": draw(
                st.one_of(st.sampled_from(["", "0", "1", "2", "3", "dk"]), junk())
            ),
            f"{code}-comment": draw(st.one_of(typed_text(80), junk())),
        }
        if draw(st.booleans()):
            post["item"] = draw(junk())
        return post

    return posts()


ASSESSMENT_FORMS = [
    Form(
        "assessments:overview",
        page=_url("assessments:overview", _milestone),
        loaded_as="respondent",
        writers=ANSWERERS,
        content=True,
        # A response already submitted is read-only: the redirect says so.
        keeps_typing=False,
        examples=160,
    ),
    Form(
        "assessments:autosave",
        page=_url("assessments:overview", _milestone),
        action=_url("assessments:autosave", _milestone),
        loaded_as="respondent",
        writers=ANSWERERS,
        content=True,
        custom=_autosave_posts,
        example=lambda post, w: {"item": "A1", "A1-value": "3", "A1-comment": "ok"},
        examples=120,
    ),
    Form(
        "assessments:respondents",
        page=_url("assessments:respondents", _milestone),
        loaded_as="lead",
        writers=EDITORS,
        values=lambda w: {"email": always(_emails(w))},
        example=_with(email="someone.new@alder.test"),
    ),
    Form(
        "assessments:reopen",
        page=_url("assessments:respondents", _milestone),
        action=lambda w: reverse(
            "assessments:reopen", args=[w.milestone.pk, _response(w, w.milestone, w.cast.lead)]
        ),
        loaded_as="lead",
        writers=EDITORS,
        content=True,
        paths=lambda w: st.sampled_from(
            [
                reverse("assessments:reopen", args=[w.milestone.pk, pk])
                for pk in (
                    _response(w, w.milestone, w.cast.lead),
                    _response(w, w.milestone, w.cast.respondent),  # not submitted: refused
                    _response(w, w.cast.other_milestone, w.cast.other_lead),  # 404
                    HUGE_PK,
                )
            ]
        ),
        examples=60,
    ),
    Form(
        "assessments:consensus",
        page=_url("assessments:results", _milestone),
        action=_url("assessments:consensus", _milestone, "A1"),
        loaded_as="lead",
        writers=EDITORS,
        content=True,
        values=lambda w: {"note": always(st.one_of(typed_text(100), st.just("x" * 2001)))},
        paths=lambda w: st.sampled_from(
            [
                f"/milestones/{w.milestone.pk}/vapcat/results/consensus/{quote(code, safe='')}/"
                for code in ("A1", "A1", "B3", "ZZ9", "😀", "\x00", "A\x001", "a" * 300, " A1")
            ]
        ),
        example=_with(score="2", note="Agreed at the team meeting."),
    ),
]

# --- gap analysis ------------------------------------------------------------------------


def _removed_capability(post):
    remove = post.get("remove")
    return {f"capability-{remove}"} if isinstance(remove, str) else set()


GAP_FORMS = [
    Form(
        "gap_analysis:edit",
        page=_url("gap_analysis:edit", _milestone),
        loaded_as="lead",
        writers=EDITORS,
        content=True,
        values=lambda w: {
            "add_gap": always(
                st.one_of(st.just(MISSING), st.sampled_from(w.gap_candidates or ["A:A1"]))
            )
        },
        examples=160,
    ),
    Form(
        "gap_analysis:capabilities",
        page=_url("gap_analysis:capabilities", _milestone),
        loaded_as="lead",
        writers=EDITORS,
        content=True,
        skipped_prefixes=_removed_capability,
        values=lambda w: {
            r"capability-\d-name": loaded_or(
                st.sampled_from(["Capability name 1", "Capability name 2", "Same name"])
            )
        },
        examples=160,
    ),
    Form(
        "gap_analysis:capability_remove",
        page=_url("gap_analysis:capability_remove", _milestone, 2),
        loaded_as="lead",
        writers=EDITORS,
        content=True,
        paths=lambda w: st.sampled_from(
            [
                reverse("gap_analysis:capability_remove", args=[w.milestone.pk, position])
                for position in (2, 2, 1, 3, 4, 0, 65536, HUGE_PK)
            ]
        ),
        examples=60,
    ),
]

# --- action plans ------------------------------------------------------------------------

ROW_MODELS = {
    "activities": Activity,
    "key_decisions": KeyDecision,
    "structural_changes": StructuralChange,
    "indicators": Indicator,
}


def _foreign_rows(world, model, **lookup):
    """Primary keys of another practice's rows: smuggled into this practice's formsets."""
    return [str(pk) for pk in model.objects.filter(**lookup).values_list("pk", flat=True)[:3]]


def _plan_values(world):
    other = world.cast.other_milestone
    values = {}
    for prefix, model in ROW_MODELS.items():
        foreign = _foreign_rows(world, model, plan__capability__milestone=other)
        values[rf"{prefix}-\d+-id"] = loaded_or(st.sampled_from(foreign + ["", "0", "-1"]))
    values["suggest"] = always(
        st.one_of(st.just(MISSING), st.sampled_from(world.suggestions + ["ACT-ZZ-9"]))
    )
    values[r"indicators-\d+-(baseline|target)"] = loaded_or(
        st.sampled_from(["", "0", "12.5", "-3", "1e3", "NaN", "1" * 20, "12,5", "٣"])
    )
    values[r"activities-\d+-target_year|indicators-\d+-target_year"] = loaded_or(
        st.sampled_from(["", "2026", "2027", "2031", "2032", "1999", "65536", "-2027"])
    )
    return values


def _risk_values(world):
    foreign = _foreign_rows(world, Mitigation, risk__milestone=world.cast.other_milestone)
    return {r"risk-\d-mitigations-\d+-id": loaded_or(st.sampled_from(foreign + ["", "x"]))}


PLAN_FORMS = [
    Form(
        "action_plans:process",
        page=_url("action_plans:process", _milestone),
        loaded_as="lead",
        writers=EDITORS,
        content=True,
    ),
    Form(
        "action_plans:capability",
        page=_url("action_plans:capability", _milestone, 1),
        loaded_as="lead",
        writers=EDITORS,
        content=True,
        values=_plan_values,
        paths=lambda w: st.sampled_from(
            [
                reverse("action_plans:capability", args=[w.milestone.pk, position])
                for position in (1, 1, 1, 1, 2, 4)
            ]
        ),
        examples=180,
    ),
    Form(
        "action_plans:risks",
        page=_url("action_plans:risks", _milestone),
        loaded_as="lead",
        writers=EDITORS,
        content=True,
        values=_risk_values,
        examples=160,
    ),
]

# --- VBP payment estimates ---------------------------------------------------------------


def _estimate(milestone):
    return SavedEstimate.objects.get(milestone=milestone, name="Today").pk


def _estimate_paths(name):
    """A saved scenario of this milestone, another practice's under this milestone (404)
    and one that does not exist."""

    def paths(world):
        mine, ours = world.milestone.pk, _estimate(world.milestone)
        theirs = _estimate(world.cast.other_milestone)
        pks = (ours, ours, ours, theirs, HUGE_PK)
        return st.sampled_from([reverse(name, args=[mine, pk]) for pk in pks])

    return paths


def _amounts():
    return loaded_or(
        st.sampled_from(["", "0", "5", "12.5", "-1", "1e3", "NaN", "Infinity", "9" * 30, "٣"])
    )


def _estimate_values(world):
    return {
        "members": always(st.sampled_from(["", "1000", "0", "-5", "10000001", "1.5", "9" * 30])),
        "incentive_pmpm|population_health_pmpm|base_pmpm": _amounts(),
        r"m-[A-Z-]+(-[a-z_]+)?-(baseline|current|denominator)": _amounts(),
        r"p-.+-(female|male|unknown)": _amounts(),
        "hpi_decile": loaded_or(st.sampled_from(["", "1", "10", "0", "11", "x"])),
        "name": always(
            st.one_of(st.sampled_from(["Today", "What if", "", "  ", "x" * 201]), typed_text(100))
        ),
        "save": always(st.sampled_from([MISSING, "1"])),
    }


ESTIMATE_EXAMPLE = {
    "members": "1000",
    "incentive_pmpm": "5",
    "population_health_pmpm": "10",
    "m-CBP-baseline": "60",
    "m-CBP-current": "64",
    "m-CBP-denominator": "150",
    "name": "What if",
    "save": "1",
}


def _scenario_page(world):
    return reverse("incentives:estimate", args=[world.milestone.pk])


def _scenario_shown(world):
    """The page with the saved scenario shown: its measures' indicator forms."""
    return f"{_scenario_page(world)}?scenario={_estimate(world.milestone)}"


INCENTIVE_FORMS = [
    Form(
        "incentives:estimate",
        page=_url("incentives:estimate", _milestone),
        action=lambda w: f"{_scenario_page(w)}#result",
        loaded_as="lead",
        writers=EDITORS,
        content=True,
        values=_estimate_values,
        example=lambda post, w: {**post, **ESTIMATE_EXAMPLE},
        examples=160,
    ),
    Form(
        "incentives:scenario",
        page=_scenario_page,
        action=lambda w: reverse(
            "incentives:scenario", args=[w.milestone.pk, _estimate(w.milestone)]
        ),
        loaded_as="lead",
        writers=EDITORS,
        content=True,
        values=lambda w: {
            "in_pdf": always(st.one_of(st.sampled_from([MISSING, "1", "0", "", "yes"]), junk())),
            "delete": always(st.sampled_from([MISSING, MISSING, "1", "", "0"])),
        },
        paths=_estimate_paths("incentives:scenario"),
        example=_with(in_pdf="1"),
        examples=80,
    ),
    Form(
        "incentives:indicator",
        page=_scenario_shown,
        action=lambda w: reverse(
            "incentives:indicator", args=[w.milestone.pk, _estimate(w.milestone)]
        ),
        loaded_as="lead",
        writers=EDITORS,
        content=True,
        values=lambda w: {
            "measure": loaded_or(
                st.sampled_from(
                    ["CBP", "GSD", "AHU", "DSF-E:screening", "DSF-E", "ZZ9", "CBP:x", ":", ""]
                )
            ),
            "target": loaded_or(st.sampled_from(["attainment", "improvement", "x", ""])),
            "capability": loaded_or(st.sampled_from(["1", "2", "4", "0", "-1", "99", "1.0"])),
        },
        paths=_estimate_paths("incentives:indicator"),
        examples=100,
    ),
]

# --- exports -----------------------------------------------------------------------------

EXPORT_FORMS = [
    Form(
        "exports:bundle_new",
        page=_url("exports:bundle_new"),
        loaded_as="admin",
        writers=frozenset({"admin"}),
        keeps_typing=False,  # a bundle started is its own page; a bad cycle is refused
        example=_with(),
    ),
]

# --- instrument versions -----------------------------------------------------------------


def _instrument(world):
    return world.cast.instrument.pk


class _Rereadable(SimpleUploadedFile):
    """A file the same POST sends twice (without, then with its CSRF token) whole."""

    def read(self, *args):
        self.seek(0)
        return super().read(*args)


def _upload_a_new_version(post, world):
    """The cast's version downloaded and uploaded again as version 2 (a new draft)."""
    spec = replace(instrument_spec(world.cast.instrument), version="2")
    return {**post, "files": _Rereadable("vapcat-v2.xlsx", write_xlsx(spec))}


INSTRUMENT_FORMS = [
    Form(
        "instruments:upload",
        page=_url("instruments:upload"),
        loaded_as="admin",
        writers=frozenset({"admin"}),
        keeps_typing=False,  # only a file input, which no browser fills in again
        example=_upload_a_new_version,
        examples=40,
    ),
    Form(
        "instruments:publish",
        page=_url("instruments:detail", _instrument),
        action=_url("instruments:publish", _instrument),
        loaded_as="admin",
        writers=frozenset({"admin"}),
        example=_with(),
        examples=40,
    ),
]

ALL = (
    ACCOUNT_FORMS
    + PRACTICE_FORMS
    + SUBMISSION_FORMS
    + ASSESSMENT_FORMS
    + GAP_FORMS
    + PLAN_FORMS
    + INCENTIVE_FORMS
    + EXPORT_FORMS
    + INSTRUMENT_FORMS
)
FORMS = {form.name: form for form in ALL}
assert len(FORMS) == len(ALL), "one entry per URL name"


def values_for(form, world):
    """{compiled regex: loaded value -> strategy} of the form's special fields."""
    values = form.values(world) if form.values else {}
    return [(re.compile(pattern), make) for pattern, make in values.items()]
