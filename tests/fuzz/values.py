"""What the fuzz tests type into fields: hypothesis strategies of nasty values.

Every strategy yields what a browser (or an attacker) can send as one POST field: a
string, a list of strings (the field sent several times), or ``MISSING`` (left out).
"""

import string

from hypothesis import strategies as st

MISSING = object()  # the field is not in the POST at all

ONE_MB = 2**20

CONTROL = [chr(c) for c in range(0x20)] + ["\x7f", "\x85", "\x9b"]
# Bidirectional overrides, zero-width and byte-order marks: invisible, but stored.
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2028", "\u2029", "\ufeff"]
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
SAMPLES = [
    "",
    " ",
    "\t\n\r ",
    "\x00",
    "a\x00b",
    "\x00" * 3,
    "مرحبا بالعالم",  # Arabic (RTL)
    "שלום עולם",  # Hebrew (RTL)
    "\u202egnp.exe",  # right-to-left override
    "👩🏽‍⚕️🏥🩺 care team 🇺🇸",
    "Zalgo: Z̵̡̛̰a̶̧͉l̸̨̛g̷̢̛o̵̧̕",
    "𝕳𝖊𝖑𝖑𝖔 𝟙𝟚𝟛",
    "ｆｕｌｌｗｉｄｔｈ　ｓｐａｃｅ",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7|add:7 }} {% csrf_token %}",
    "' OR '1'='1'; DROP TABLE practices_practice; --",
    "%s %d %n %(name)s {0}",
    "../../etc/passwd",
    "line one\r\nline two\rline three\n",
    "\ud7ff\ue000\uffff",
    "\U0010ffff",
    "NaN",
    "None",
    "null",
    "[]",
    "{}",
    "true",
]
NUMBERS = [
    "0",
    "-0",
    "-1",
    "-999999999999",
    "1",
    "7",
    "13",
    "2027",
    "65535",
    "65536",
    "2147483648",
    "9223372036854775808",
    "9" * 40,
    "9" * 5000,  # beyond Python's int() digit limit
    "1e3",
    "1e309",
    "-1e309",
    "1e-999999999",
    "NaN",
    "inf",
    "-Infinity",
    "1_000",
    "0x1F",
    "0b101",
    "٣",  # Arabic-Indic digit three
    "５",  # full-width five
    "1.5",
    "12,5",
    "  42  ",
    "+3",
    "--3",
    "3-",
    "",
]

_no_surrogates = st.characters(blacklist_categories=("Cs",))


def huge():
    """About 1 MB of one repeated piece of text (hypothesis draws cannot be that big)."""
    pieces = st.sampled_from(["x", "é", "😀", "&<>\"'", "مرحبا ", "a\x00", "\u202e"])
    return pieces.map(lambda piece: piece * (ONE_MB // len(piece.encode()) + 1))


def unicode_text(max_size=200):
    """Any Unicode text (no lone surrogates: they cannot be sent as UTF-8)."""
    return st.text(_no_surrogates, max_size=max_size)


def typed_text(max_size=60):
    """Text a person could type and expect to be kept: anything but NUL and control
    characters other than tab and newlines."""
    return st.text(
        st.characters(
            blacklist_categories=("Cs", "Cc"),
            whitelist_characters="\t\n",
        ),
        max_size=max_size,
    )


def control_text():
    return st.text(st.sampled_from(CONTROL + INVISIBLE + BIDI + ["a", " "]), min_size=1)


def numbers():
    return st.one_of(
        st.sampled_from(NUMBERS),
        st.integers(-(10**30), 10**30).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(str),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
    )


def several():
    """The field sent more than once (``?a=1&a=2``)."""
    return st.lists(st.one_of(st.sampled_from(SAMPLES), unicode_text(10)), min_size=2, max_size=3)


def with_nul():
    """Text with a NUL character somewhere: Django's forms refuse it, PostgreSQL errors."""
    return st.tuples(unicode_text(20), unicode_text(20)).map(lambda ab: f"{ab[0]}\x00{ab[1]}")


def texts():
    """Any one string of the kinds above (not a list, never missing)."""
    return st.one_of(
        st.sampled_from(SAMPLES), unicode_text(), control_text(), with_nul(), numbers(), huge()
    )


def junk():
    """Anything at all for one field."""
    return st.one_of(texts(), several(), st.just(MISSING))


def junk_name():
    """A field name the form does not expect."""
    return st.one_of(
        st.sampled_from(["id", "pk", "milestone", "status", "is_staff", "csrfmiddlewaretoken"]),
        st.text(string.ascii_letters + "-_", min_size=1, max_size=20),
        unicode_text(20).filter(bool),
    )
