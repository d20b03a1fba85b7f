"""When two entries of a list are the same entry, and when a text is empty.

The template's minimums ("a minimum of 3 steps", "at least two key decisions", three
capabilities) count *different* entries, so copies cannot meet them. Two entries are the
same when they are equal after Unicode NFKC normalisation, case folding, removing
invisible and format characters (category Cf, such as U+200B ZERO WIDTH SPACE) and
punctuation, and collapsing whitespace. A text with nothing left after that is empty.

Every rule that counts entries or asks for a text calls these; nothing else decides it.
"""

import unicodedata


def same_text_key(text):
    """The form of ``text`` that two copies of one entry share ("" for an empty text)."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Cf" or category.startswith("P"):
            continue
        # Control characters (line breaks, tabs) and separators are all spacing.
        kept.append(" " if char.isspace() or category.startswith(("Z", "Cc")) else char)
    return " ".join("".join(kept).split())


def is_blank(text):
    """True when ``text`` has nothing but spacing, invisible characters or punctuation."""
    return not same_text_key(text)


def repeats(texts):
    """``{index: earlier index}`` for each entry that repeats an earlier one (0-based).

    Empty entries are never repeats: they are reported as missing, where at all.
    """
    seen = {}
    found = {}
    for index, text in enumerate(texts):
        key = same_text_key(text)
        if not key:
            continue
        if key in seen:
            found[index] = seen[key]
        else:
            seen[key] = index
    return found


def distinct_count(texts):
    """How many different, non-empty entries ``texts`` holds."""
    return len({key for key in map(same_text_key, texts) if key})
