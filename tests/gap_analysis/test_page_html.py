"""The gap-analysis pages as a browser reads them: one form per purpose, never a form
inside another (a browser closes the outer form at the inner ``</form>``, so Save would
post only the rows above it), and each reader's own buttons and token."""

from html.parser import HTMLParser

from django.test import Client
from django.urls import reverse

from gap_analysis.models import DomainRating
from submissions.models import MilestoneSubmission, ReviewComment
from tests.action_plans.browser import form_data

FIELDS = ["current_state", "maturity", "gaps", "priority", "rationale"]


def url(cast):
    return reverse("gap_analysis:edit", args=[cast.milestone.pk])


class _Forms(HTMLParser):
    """Each <form> (its attributes), the forms open around each named field or button,
    and every <form> that opened while another was open."""

    VOID = {"input", "br", "img", "hr", "meta", "link", "source", "wbr", "area", "col"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open_forms = []
        self.forms = {}
        self.nested = []
        self.fields = {}  # name -> id of the enclosing form (None outside any form)
        self.buttons = []  # (text so far, attrs, enclosing form id)
        self._button = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if self.open_forms:
                self.nested.append((self.open_forms[-1], attrs.get("id")))
            self.open_forms.append(attrs.get("id"))
            self.forms[attrs.get("id")] = attrs
            return
        enclosing = self.open_forms[-1] if self.open_forms else None
        if tag in ("input", "select", "textarea") and attrs.get("name"):
            self.fields.setdefault(attrs["name"], enclosing)
        if tag == "button":
            self._button = ["", attrs, enclosing]
            self.buttons.append(self._button)

    def handle_endtag(self, tag):
        if tag == "form" and self.open_forms:
            self.open_forms.pop()
        elif tag == "button":
            self._button = None

    def handle_data(self, data):
        if self._button is not None:
            self._button[0] += data


def parsed(html):
    parser = _Forms()
    parser.feed(html)
    return parser


def comment(cast, section="gap:C", body="Say more about your data feeds."):
    return ReviewComment.objects.create(
        milestone=cast.milestone, section=section, body=body, author=cast.coach, version=1
    )


def test_no_form_is_nested_and_every_row_is_inside_the_gap_analysis_form(cast, login):
    open_comment = comment(cast)
    comment(cast, section="gap:A", body="Who chairs the board?")
    html = login(cast.lead).get(url(cast)).content.decode()
    page = parsed(html)
    assert page.nested == []
    assert page.forms["gap-analysis-form"]["method"] == "post"
    for code in "ABCDE":
        for field in FIELDS:
            assert page.fields[f"rating-{code}-{field}"] == "gap-analysis-form"
    assert page.fields["revision"] == "gap-analysis-form"
    # The comment is shown in its row; its button posts a form of its own, outside.
    row_c = html[html.index('id="row-C"') : html.index('id="row-D"')]
    assert "Say more about your data feeds." in row_c
    buttons = {
        attrs["form"]: enclosing
        for text, attrs, enclosing in page.buttons
        if "Mark as addressed" in text
    }
    assert len(buttons) == 2
    own = f"address-comment-{open_comment.pk}"
    assert buttons[own] == "gap-analysis-form"  # shown in the row ...
    # ... but it belongs to the comment's own form, outside the gap-analysis form.
    address = reverse("submissions:comment_address", args=[cast.milestone.pk, open_comment.pk])
    assert page.forms[own]["action"] == address


def test_the_capabilities_page_has_no_nested_form(cast, login):
    comment(cast, section="capabilities", body="Too broad.")
    html = login(cast.lead).get(reverse("gap_analysis:capabilities", args=[cast.milestone.pk]))
    assert parsed(html.content.decode()).nested == []


def test_saving_beside_an_open_comment_keeps_every_row(cast):
    """What a browser posts: the gap-analysis form as it stands, with the reader's own
    CSRF token; then the comment's own form."""
    open_comment = comment(cast)
    DomainRating.objects.filter(milestone=cast.milestone, domain__code="E").update(
        rationale="Our MCP contract starts in January."
    )
    lead = Client(enforce_csrf_checks=True)
    lead.force_login(cast.lead)
    page = lead.get(url(cast))
    data = form_data(page, "gap-analysis-form")
    assert {f"rating-{code}-{field}" for code in "ABCDE" for field in FIELDS} <= set(data)
    data["rating-C-current_state"] = "A nightly feed from our EHR."
    assert lead.post(url(cast), data).status_code == 302
    ratings = DomainRating.objects.filter(milestone=cast.milestone).select_related("domain")
    stored = {r.domain.code: r for r in ratings}
    assert stored["C"].current_state == "A nightly feed from our EHR."
    assert stored["E"].rationale == "Our MCP contract starts in January."
    address = form_data(lead.get(url(cast)), f"address-comment-{open_comment.pk}")
    target = reverse("submissions:comment_address", args=[cast.milestone.pk, open_comment.pk])
    response = lead.post(target, address)
    assert response["Location"] == f"{url(cast)}#comment-{open_comment.pk}"
    open_comment.refresh_from_db()
    assert open_comment.addressed_by == cast.lead
    assert DomainRating.objects.get(pk=stored["E"].pk).rationale == (
        "Our MCP contract starts in January."
    )


def test_a_save_from_elsewhere_shows_at_once(cast, login):
    client = login(cast.lead)
    client.get(url(cast))
    rating = DomainRating.objects.get(milestone=cast.milestone, domain__code="B")
    rating.current_state = "Weekly reports."
    rating.save()
    assert "Weekly reports." in client.get(url(cast)).content.decode()


def test_each_reader_gets_the_buttons_of_their_role(cast, login, set_scores):
    set_scores({"A1": 0})
    comment(cast)
    add_gap = 'name="add_gap"'
    lead_page = login(cast.lead).get(url(cast)).content.decode()
    assert add_gap in lead_page and "Mark as addressed" in lead_page
    coach_page = login(cast.coach).get(url(cast)).content.decode()
    assert add_gap not in coach_page and 'name="rating-A-gaps"' in coach_page
    assert "Mark as addressed" not in coach_page
    assert "Say more about your data feeds." in coach_page
    assert add_gap in login(cast.admin).get(url(cast)).content.decode()
    MilestoneSubmission.objects.filter(pk=cast.milestone.pk).update(status="submitted")
    assert add_gap not in login(cast.lead).get(url(cast)).content.decode()
