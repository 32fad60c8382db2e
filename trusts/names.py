"""Display names for trusts.

The ODS register writes names in capitals ("MANCHESTER UNIVERSITY NHS FOUNDATION TRUST");
NHS England's files and the public pages use ordinary capitalisation.
"""

_SMALL_WORDS = {"and", "of", "the", "for", "in", "on", "at", "with", "to", "upon"}
_UPPER_WORDS = {"NHS", "UK", "CIC", "ICB", "ICS", "LLP"}
_SUFFIXES = (" NHS Foundation Trust", " NHS Trust", " Foundation Trust")


def display_name(name: str) -> str:
    """Return `name` with ordinary capitalisation if it is written all in capitals."""
    name = " ".join(name.split())
    if name != name.upper():
        return name
    words = []
    for index, word in enumerate(name.split(" ")):
        words.append(_display_word(word, first=index == 0))
    return " ".join(words)


def _display_word(word: str, *, first: bool) -> str:
    if word in _UPPER_WORDS:
        return word
    lower = word.lower()
    if lower in _SMALL_WORDS and not first:
        return lower
    return lower[:1].upper() + lower[1:]


def short_name(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def same_name(a: str, b: str) -> bool:
    """Two spellings of one trust's name, ignoring capitals and spacing."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
