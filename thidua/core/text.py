"""Vietnamese text helpers: accent folding for search, and the collation key for personal names.

Vietnamese names are written family name first ("Trần Thị Hoa Lý") but are sorted by the given name (the last word),
then the family name, then the middle names. Letters follow the Vietnamese alphabet (a < ă < â < b … d < đ …);
tone marks only break ties. The key is plain ASCII digits and letters so that every database collation orders it
the same way (no punctuation or spaces, which some collations ignore).
"""

import unicodedata

_VARIANT_MARKS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}  # breve (ă), circumflex (â ê ô), horn (ơ ư)
# Tone order used by Vietnamese dictionaries: level, grave, hook, tilde, acute, dot below.
_TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_WORD_LETTERS = 16
_NAME_WORDS = 5
_PAD = "00"

SORT_KEY_LENGTH = _NAME_WORDS * _WORD_LETTERS * 3


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ → d) and collapse white space: "Nguyễn  Văn An" → "nguyen van an"."""
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return " ".join(stripped.lower().split())


def normalize_name(text: str) -> str:
    """A person's name as stored: NFC, single spaces, each word capitalised as typed (not forced)."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def _letter_keys(word: str) -> tuple[str, str]:
    """Primary (letters with their alphabet variant) and secondary (tones) keys of one word."""
    primary: list[str] = []
    tones: list[str] = []
    for ch in unicodedata.normalize("NFC", word.lower()):
        if ch == "đ":
            primary.append("d1")
            tones.append("0")
            continue
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        if not base.isalnum():
            continue
        if base.isdigit():
            primary.append("1" + base)  # digits before letters, after padding
        else:
            variant = max((_VARIANT_MARKS.get(m, 0) for m in marks), default=0)
            primary.append(base + str(variant))
        tones.append(str(max((_TONE_MARKS.get(m, 0) for m in marks), default=0)))
    primary = primary[:_WORD_LETTERS]
    tones = tones[:_WORD_LETTERS]
    return "".join(primary) + _PAD * (_WORD_LETTERS - len(primary)), "".join(tones) + "0" * (_WORD_LETTERS - len(tones))


def name_parts(full_name: str) -> tuple[str, str, str]:
    """(family, middle, given) of a Vietnamese name; a single word is the given name."""
    words = normalize_name(full_name).split(" ")
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def name_sort_key(full_name: str) -> str:
    """Collation key: given name, then family name, then middle names; Vietnamese alphabet; tones break ties."""
    family, middle, given = name_parts(full_name)
    words = [given, family, *middle.split(" ")] if middle else [given, family]
    words = [w for w in words if w][:_NAME_WORDS]
    keys = [_letter_keys(w) for w in words]
    blank = (_PAD * _WORD_LETTERS, "0" * _WORD_LETTERS)
    keys += [blank] * (_NAME_WORDS - len(keys))
    return "".join(k[0] for k in keys) + "".join(k[1] for k in keys)
