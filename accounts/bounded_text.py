"""Bounds on free text: how many characters a field may hold, how many lines a paragraph
may break into, the messages that say so, and the count shown beside the field.

Every app's models and forms use this module (accounts lies below them all):

- a model gives each text field a ``max_length`` and, in ``Meta.constraints``,
  ``length_checks(...)``, so that the database refuses a longer value too (SQLite does
  not enforce ``varchar(n)``, and a ``TextField``'s ``max_length`` is never enforced);
- a form draws each such field as a ``BoundedTextField`` (a ModelForm through
  ``Meta.formfield_callback = bounded_formfield``): it refuses a longer text with a
  message naming the field and both numbers, keeps what was typed, and draws the
  "1,234 of 2,000 characters" count that ``static/js/charcount.js`` keeps up to date.

A line break counts as one character, as the browser counts it (it posts "\\r\\n").
Characters are code points, as Python, SQLite and PostgreSQL count them.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.html import format_html

# The longest text of each kind, in characters.
NAME = 200  # a name or a short label
ENTRY = 500  # one entry of a list: an activity, a key decision, a mitigation
SHORT_PARAGRAPH = 1000
PARAGRAPH = 2000  # a current state, a rationale, goals
LONG_PARAGRAPH = 4000
COMMENT = 5000

LINE_BREAK = re.compile(r"\r\n?")
# A text at its longest still reads as prose, not as a column of short lines (a text of
# nothing but line breaks would otherwise be thousands of lines, hundreds of pages of
# the PDF): an entry of a list takes a few lines, a paragraph one per this many
# characters of its limit, and never more than PARAGRAPH_LINES.
ENTRY_LINES = 5
CHARACTERS_PER_LINE = 30
PARAGRAPH_LINES = 60


class LengthCheck(models.CheckConstraint):
    """``Length(field) <= limit``, enforced by the database. Model validation checks it in
    Python: Django's own check would ask the database, one query per text per save."""

    @property
    def field_name(self):
        return self.condition.lhs.source_expressions[0].name

    @property
    def limit(self):
        return self.condition.rhs

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        if exclude and self.field_name in exclude:
            return
        value = getattr(instance, self.field_name)
        if value is not None and len(value) > self.limit:
            raise ValidationError(
                self.get_violation_error_message(), code=self.violation_error_code
            )


def length_checks(model_name, *fields):
    """Constraints refusing, in the database, a text longer than its field's
    ``max_length``; ``fields`` are (field name, max_length) pairs."""
    return [
        LengthCheck(
            condition=LessThanOrEqual(Length(name), limit),
            name=f"{model_name}_{name}_length",
            violation_error_message=f"Keep the {name.replace('_', ' ')} to {limit:,} characters.",
        )
        for name, limit in fields
    ]


def lines_allowed(max_length):
    """How many lines a multi-line text of at most ``max_length`` characters may have."""
    if max_length <= ENTRY:
        return ENTRY_LINES
    return min(PARAGRAPH_LINES, max_length // CHARACTERS_PER_LINE)


def normalise(text):
    return LINE_BREAK.sub("\n", text)


def line_count(text):
    return text.count("\n") + 1 if text else 0


def count_text(value, max_length):
    """What the count beside a field says: "1,234 of 2,000 characters"."""
    length = len(normalise(str(value or "")))
    text = f"{length:,} of {max_length:,} characters"
    if length > max_length:
        text += f" ({length - max_length:,} too many)"
    return text


class CharacterCount:
    """Draws, after the field, the count of its characters against its maximum (a live
    region that ``static/js/charcount.js`` updates as one types); a disabled field has
    none."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        field_id, limit = attrs.get("id"), attrs.get("data-max")
        if not field_id or not limit or attrs.get("disabled"):
            return super().render(name, value, attrs, renderer)
        count_id = f"{field_id}-count"
        described = attrs.get("aria-describedby")
        attrs["aria-describedby"] = f"{described} {count_id}" if described else count_id
        field = super().render(name, value, attrs, renderer)
        # Counted as the field will count it: without the spaces around it.
        text = normalise(str(value or "")).strip()
        over = len(text) > int(limit) or line_count(text) > int(attrs.get("data-max-lines", 1))
        return field + format_html(
            '<div id="{}" class="form-text char-count{}" aria-live="polite" '
            'data-count-for="{}">{}</div>',
            count_id,
            " char-count-over" if over else "",
            field_id,
            count_text(text, int(limit)),
        )


class CountedTextarea(CharacterCount, forms.Textarea):
    pass


class CountedTextInput(CharacterCount, forms.TextInput):
    pass


COUNTED = {forms.Textarea: CountedTextarea, forms.TextInput: CountedTextInput}


class BoundedTextField(forms.CharField):
    """A free text of at most ``max_length`` characters and ``max_lines`` lines.

    ``noun`` names the text in the messages ("Keep the rationale to 2,000 characters; it
    has 2,340."); by default the label, first letter lowered. A single-line field
    (``max_lines=1``) refuses a line break, which only a crafted request can send.
    """

    default_error_messages = {
        "max_length": "Keep the %(noun)s to %(limit)s characters; it has %(count)s.",
        "max_lines": "Keep the %(noun)s to %(limit)s lines; it has %(count)s. Join short "
        "lines into sentences, or keep the longest list in another field.",
        "one_line": "Keep the %(noun)s on one line.",
    }

    def __init__(self, *, max_length, max_lines=None, noun=None, **kwargs):
        widget = kwargs.get("widget") or self.widget
        if isinstance(widget, type):
            widget = widget()
        counted = COUNTED.get(type(widget))
        if counted is not None:
            kwargs["widget"] = counted(attrs=widget.attrs)
        self.noun = noun
        if max_lines is None:
            multi_line = isinstance(widget, forms.Textarea)
            max_lines = lines_allowed(max_length) if multi_line else 1
        self.max_lines = max_lines
        super().__init__(max_length=max_length, **kwargs)
        # The field's own check (``validate``) gives the message; Django's would say
        # "Ensure this value has at most 2000 characters (it has 2340)."
        self.validators = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]

    def to_python(self, value):
        value = super().to_python(value)
        return normalise(value) if isinstance(value, str) else value

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        # No maxlength: the browser would cut a long paste short without a word. The
        # count says how much is too much, and the server refuses it, keeping the text.
        attrs.pop("maxlength", None)
        if not widget.is_hidden:
            attrs["data-max"] = str(self.max_length)
            if self.max_lines > 1:
                attrs["data-max-lines"] = str(self.max_lines)
        return attrs

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        noun = self.noun or (self.label or "text")[:1].lower() + (self.label or "text")[1:]
        if len(value) > self.max_length:
            raise forms.ValidationError(
                self.error_messages["max_length"],
                code="max_length",
                params={"noun": noun, "limit": f"{self.max_length:,}", "count": f"{len(value):,}"},
            )
        lines = line_count(value)
        if lines > self.max_lines:
            code = "one_line" if self.max_lines == 1 else "max_lines"
            raise forms.ValidationError(
                self.error_messages[code],
                code=code,
                params={"noun": noun, "limit": f"{self.max_lines:,}", "count": f"{lines:,}"},
            )


def bounded_formfield(db_field, **kwargs):
    """``Meta.formfield_callback`` of a ModelForm: every free-text model field with a
    ``max_length`` becomes a ``BoundedTextField`` (a form's ``nouns`` and ``max_lines``
    are set by ``BoundedTextForm``)."""
    free_text = (
        isinstance(db_field, models.CharField | models.TextField)
        and not isinstance(db_field, models.EmailField)
        and not db_field.choices
        and db_field.max_length
    )
    if free_text and "form_class" not in kwargs:
        kwargs["form_class"] = BoundedTextField
    return db_field.formfield(**kwargs)


class BoundedTextForm:
    """A form whose ``nouns`` ({field name: noun}) name its texts in the messages."""

    nouns = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, noun in self.nouns.items():
            field = self.fields.get(name)
            if isinstance(field, BoundedTextField):
                field.noun = noun
