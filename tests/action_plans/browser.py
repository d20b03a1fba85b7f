"""What a browser without JavaScript would send: the fields of a page's form."""

from html.parser import HTMLParser


class _FormFields(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.in_template = 0
        self.fields = {}
        self._textarea = None
        self._select = None
        self._option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (self.form_id is None or attrs.get("id") == self.form_id):
            if attrs.get("method", "").lower() == "post":
                self.in_form = True
        if not self.in_form:
            return
        if tag == "template":
            # A <template> is inert: the browser sends none of its fields.
            self.in_template += 1
        if self.in_template:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields[name] = attrs.get("value", "on")
                return
            self.fields[name] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, None)
        elif tag == "option" and self._select:
            self._option = attrs
            if "selected" in attrs or self.fields[self._select] is None:
                self.fields[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "template" and self.in_template:
            self.in_template -= 1
        elif tag == "form":
            self.in_form = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea and not self.in_template:
            # Browsers drop the one newline right after <textarea>.
            text = self.fields[self._textarea] + data
            self.fields[self._textarea] = text[1:] if text.startswith("\n") else text


def form_data(response, form_id=None):
    """The fields the page's POST form would submit as it stands (no button pressed)."""
    parser = _FormFields(form_id)
    parser.feed(response.content.decode())
    return {name: value for name, value in parser.fields.items() if value is not None}


class _Text(HTMLParser):
    def __init__(self, element_id):
        super().__init__(convert_charrefs=True)
        self.element_id = element_id
        self.depth = 0
        self.parts = []
        self.found = False

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += 1
        elif dict(attrs).get("id") == self.element_id:
            self.depth, self.found = 1, True

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def text_of(page, element_id):
    """The text inside the element ``element_id`` of ``page`` (None when there is none)."""
    parser = _Text(element_id)
    parser.feed(page)
    return " ".join(" ".join(parser.parts).split()) if parser.found else None


class _NestedForms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open = 0
        self.nested = 0
        self.forms = 0

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            self.forms += 1
            self.nested += bool(self.open)
            self.open += 1

    def handle_endtag(self, tag):
        if tag == "form" and self.open:
            self.open -= 1


def nested_forms(page):
    """(forms on the page, how many of them open inside another form)."""
    parser = _NestedForms()
    parser.feed(page)
    return parser.forms, parser.nested
