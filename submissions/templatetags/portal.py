"""The page components every page shows: the error summary, the edit-conflict notice,
the coach's comments on a section, a milestone's status badge, and a few filters.

They only draw what the view put in the context: no query and no access decision here
(the view passes the comments it read and flags such as ``can_address``).
"""

from django import template

from action_plans.rules import format_month
from practices.error_summary import collect_errors
from submissions import attachments
from submissions import template_words as template_words_module
from submissions.forms import ReplyForm, comment_named
from submissions.review import section_title as _section_title

register = template.Library()


@register.inclusion_tag("partials/_error_summary.html")
def error_summary(*forms_or_formsets):
    """``{% error_summary form formset errors %}``: every error, each linking to its field."""
    return {"errors": collect_errors(*forms_or_formsets)}


@register.inclusion_tag("partials/_conflict.html")
def edit_conflict(conflict, stored=None):
    """Shown when a save was refused because someone else saved first; ``stored`` is a
    list of (label, value) pairs: what is stored now."""
    return {"conflict": conflict, "stored": stored or []}


@register.inclusion_tag("partials/_section_comments.html", takes_context=True)
def section_comments(context, comments, *sections):
    """``{% section_comments comments "gap:A" %}``: the coach's comments on these
    sections, from the ``comments`` the view read, each linking to its conversation on
    the review page. The page's ``milestone`` and ``can_address`` (may the reader mark
    them addressed) come from its context."""
    request = context.get("request")
    milestone = context.get("milestone")
    return {
        "comments": [
            (c, comment_named(c)) for c in comments or () if not sections or c.section in sections
        ],
        "milestone": milestone,
        # Addressing is a change of the practice: offered only while it may edit.
        "can_address": context.get("can_address", False)
        and getattr(milestone, "is_editable", False),
        "next": request.get_full_path() if request is not None else "",
    }


@register.inclusion_tag("partials/_status_badge.html")
def status_badge(milestone):
    """A milestone's status as a badge ("Not started" for None)."""
    return {"milestone": milestone}


@register.filter
def month_year(row):
    """A row's target month as "March 2027" (rows are snapshot dicts or model objects)."""
    if isinstance(row, dict):
        month, year = row.get("month"), row.get("year")
    else:
        month, year = getattr(row, "target_month", None), getattr(row, "target_year", None)
    if month and year and 1 <= int(month) <= 12:
        return format_month(int(year), int(month))
    return ""


@register.inclusion_tag("submissions/_comment_thread.html", takes_context=True)
def comment_thread(context, comment):
    """``{% comment_thread comment %}``: the replies under a comment (prefetched by the
    view), oldest first, and the reply and reopen forms the page's ``can_reply`` and
    ``can_reopen`` allow; replies in the page's ``unread_replies`` are marked new."""
    request = context.get("request")
    can_reply = context.get("can_reply", False)
    return {
        "comment": comment,
        "named": comment_named(comment),
        "milestone": context.get("milestone"),
        "unread_replies": context.get("unread_replies") or (),
        "form": ReplyForm(comment=comment) if can_reply else None,
        "can_reopen": context.get("can_reopen", False) and comment.addressed_at is not None,
        "next": request.get_full_path() if request is not None else "",
    }


@register.filter
def comments_in(comments, section):
    """The comments of one section, from a list of ReviewComment."""
    return [c for c in comments or () if c.section == section]


@register.filter
def section_title(key):
    return _section_title(key)


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` (None when missing), for dicts keyed by a variable."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.simple_tag
def template_words(name):
    """``{% template_words "asterisk_rule" %}``: one of the template's own sentences
    (``submissions.template_words``), word for word; an unknown name is an error."""
    return template_words_module.WORDS[name]


@register.filter
def part_shown(part_label):
    """A snapshot's document ``part_label`` as the pages name it (``attachments.part_shown``)."""
    return attachments.part_shown(part_label)
