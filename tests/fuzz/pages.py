"""Reading the forms of a rendered page the way a browser would submit them.

The fuzz tests start from what the page really offers (every input, textarea, select,
radio group, checkbox and named submit button of one ``<form method="post">``, and the
``<template>`` rows that "Add another" clones), so that a field added to a template is
fuzzed without anyone listing it here.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from tests.fuzz.values import MISSING

TEXT_KINDS = {"text", "textarea", "email", "search", "url", "tel"}


@dataclass
class Field:
    name: str
    kind: str  # an input type, or "textarea" / "select"
    value: object = MISSING  # what the browser sends as loaded (MISSING: nothing)
    options: list = field(default_factory=list)  # select, radio and checkbox values
    maxlength: int | None = None

    @property
    def is_text(self):
        return self.kind in TEXT_KINDS


@dataclass
class HtmlForm:
    action: str
    fields: dict = field(default_factory=dict)
    buttons: list = field(default_factory=list)  # (name, value) of named submit buttons
    templates: dict = field(default_factory=dict)  # template id -> {name: Field}

    def loaded(self, csrf=False):
        """What a browser sends when the form is submitted as loaded, with no button."""
        post = {
            name: f.value
            for name, f in self.fields.items()
            if f.value is not MISSING and (csrf or name != "csrfmiddlewaretoken")
        }
        return post

    @property
    def token(self):
        return self.fields["csrfmiddlewaretoken"].value


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.form = None
        self.template = None  # id of the <template> being read, if any
        self.textarea = None
        self.select = None
        self.option = None

    def _bucket(self):
        if self.template is not None:
            return self.form.templates.setdefault(self.template, {})
        return self.form.fields

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "post":
                self.form = HtmlForm(action=attrs.get("action") or "")
                self.forms.append(self.form)
            return
        if tag == "template":
            self.template = attrs.get("id", "")
            return
        if self.form is None:
            return
        name = attrs.get("name")
        disabled = "disabled" in attrs
        if tag == "input" and name and not disabled:
            self._input(name, attrs)
        elif tag == "button" and name and not disabled:
            if (attrs.get("type") or "submit").lower() == "submit" and self.template is None:
                self.form.buttons.append((name, attrs.get("value", "")))
        elif tag == "textarea" and name and not disabled:
            self.textarea = Field(name, "textarea", "", maxlength=_limit(attrs))
            self._bucket()[name] = self.textarea
        elif tag == "select" and name and not disabled:
            self.select = Field(name, "select")
            self._bucket()[name] = self.select
        elif tag == "option" and self.select is not None:
            self.option = [attrs.get("value"), "selected" in attrs, ""]

    def _input(self, name, attrs):
        kind = (attrs.get("type") or "text").lower()
        value = attrs.get("value", "")
        bucket = self._bucket()
        if kind in ("submit", "image"):
            if self.template is None:
                self.form.buttons.append((name, value))
        elif kind in ("radio", "checkbox"):
            value = attrs.get("value", "on")
            existing = bucket.setdefault(name, Field(name, kind))
            existing.options.append(value)
            if "checked" in attrs:
                existing.value = value
        elif kind not in ("reset", "button", "file"):
            bucket[name] = Field(name, kind, value, maxlength=_limit(attrs))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data
        elif self.option is not None:
            self.option[2] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "template":
            self.template = None
        elif tag == "textarea" and self.textarea is not None:
            # Browsers drop the newline that Django writes right after <textarea>.
            if self.textarea.value.startswith("\n"):
                self.textarea.value = self.textarea.value[1:]
            self.textarea = None
        elif tag == "option" and self.option is not None:
            value, selected, text = self.option
            value = text.strip() if value is None else value
            self.select.options.append(value)
            if selected:
                self.select.value = value
            self.option = None
        elif tag == "select" and self.select is not None:
            if self.select.value is MISSING and self.select.options:
                self.select.value = self.select.options[0]  # what a browser sends
            self.select = None


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _limit(attrs):
    """The most characters a field takes: ``maxlength``, or the ``data-max`` of a counted
    field (which has no maxlength, so that a long paste is not cut short)."""
    return _int(attrs.get("maxlength") or attrs.get("data-max"))


def post_forms(html):
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def find_form(html, action, page_url):
    """The POST form of ``html`` that submits to ``action`` (a path)."""
    forms = post_forms(html)
    for form in forms:
        if (form.action or page_url) == action:
            return form
    actions = [form.action or page_url for form in forms]
    raise AssertionError(f"no form posting to {action} on {page_url}; forms post to {actions}")


ROW_NAME = re.compile(r"^(?P<prefix>.+)-(?P<index>\d+)-(?P<field>[^-]+)$")
