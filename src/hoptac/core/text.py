"""The one place where Vietnamese text is folded (for matching) and keyed (for sorting).

Every search column, import header match, province match and list ordering goes through these two
functions, so "Đắk Lắk", "dak lak", "ĐẮK LẮK" and a decomposed (NFD) "Đắk Lắk" are the same thing everywhere.

The embedded PostgreSQL has no ICU, so the database cannot sort Vietnamese; :func:`sort_key` returns a plain
string whose code-point order (what both Python and PostgreSQL's C collation compare) is Vietnamese
dictionary order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, a word's tone after its letters
(ngang, huyền, hỏi, ngã, sắc, nặng), lower case before upper case.
"""

from __future__ import annotations

import re
import unicodedata

# Combining marks in Unicode decomposition (NFD).
# Tone marks in dictionary order: huyền, hỏi, ngã, sắc, nặng (ngang = 0, no mark).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Some keyboards type tone marks with these look-alike code points.
_TONE_ALIASES = {"\u0340": "\u0300", "\u0341": "\u0301", "\u0342": "\u0303"}

_ALPHABET = (
    list("0123456789")
    + ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n"]
    + ["o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z"]
)
# Primary weights are printable ASCII starting at "0" (0x30); the word separator (space, 0x20) sorts before
# any letter, and the level separator (0x01) before everything, so "An" < "An Giang" < "Anh".
_WEIGHT = {letter: chr(0x30 + index) for index, letter in enumerate(_ALPHABET)}
_LEVEL = "\x01"


# Files converted from the old TCVN3/VNI encodings write Đ/đ with the Icelandic eth (Ð U+00D0 / ð U+00F0).
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})


# Combining marks (the blocks NFD produces for Latin text): part of a word, removed by fold().
_MARK_RANGES = ((0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F))
_MARK_CLASS = "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in _MARK_RANGES)
# Letters, digits and combining marks make words; everything else (punctuation, spaces, "_") separates them.
# One C-level regex split instead of a Python loop over characters: fold() runs on every imported cell.
_SEPARATORS = re.compile(f"(?:[^\\w{_MARK_CLASS}]|_)+")
_MARKS = re.compile(f"[{_MARK_CLASS}]+")
# Once the marks are gone, any run of non-word characters (or "_") separates words.
_WORD_BREAKS = re.compile(r"[\W_]+")


def _words(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFD", (text or "").translate(_LOOKALIKES))
    for alias, tone in _TONE_ALIASES.items():
        decomposed = decomposed.replace(alias, tone)
    return [word for word in _SEPARATORS.split(decomposed) if word]


def fold(text: str | None) -> str:
    """Lower case, no diacritics (đ → d), punctuation and runs of spaces turned into one space.

    >>> fold("  Hợp tác xã  Đắk-Lắk ")
    'hop tac xa dak lak'
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_LOOKALIKES))
    stripped = _MARKS.sub("", decomposed).replace("đ", "d").replace("Đ", "D").casefold()
    # Empty pieces (separators at the ends, or a "word" of stray marks: "a \u0301 b") leave no extra space.
    return " ".join(piece for piece in _WORD_BREAKS.split(stripped) if piece)


_TONE_MARK = re.compile("[" + "".join(_TONES) + "]")
_OTHER_MARKS = re.compile(f"[{_MARK_CLASS}]")
# Each letter (ă, â, ê, ô, ơ, ư, đ composed) to its one-character weight; a letter outside the alphabet keeps
# itself, which sorts after every weight (weights are ASCII).
_WEIGHTS = str.maketrans(_WEIGHT)


def sort_key(text: str | None) -> str:
    """A string whose code-point order is Vietnamese dictionary order (case, NFC/NFD, tone placement agnostic).

    Per word: its tone (one per syllable, wherever the mark was typed: hoà = hòa) is taken out, the letter marks
    (breve, circumflex, horn) are composed back onto their letters, and each letter becomes its weight — all with
    C-level string operations, since every imported row computes one key. Vietnamese has a few thousand
    syllables, so each word's key is computed once and cached (an import of 100,000 names spent 18 µs a name
    recomputing the same syllables).
    """
    primary, tones, cases = [], [], []
    cache = _WORD_KEYS
    for word in _words(text or ""):
        key = cache.get(word)
        if key is None:
            key = _word_key(word)
            if len(cache) >= _WORD_KEYS_LIMIT:
                cache.clear()
            cache[word] = key
        primary.append(key[0])
        tones.append(key[1])
        cases.append(key[2])
    return " ".join(primary) + _LEVEL + "".join(tones) + _LEVEL + "".join(cases)


_WORD_KEYS: dict[str, tuple[str, str, str]] = {}
_WORD_KEYS_LIMIT = 50_000


def _word_key(word: str) -> tuple[str, str, str]:
    """(primary weights, tone digit, case digits) of one word (already NFD, split by :func:`_words`)."""
    marks = _TONE_MARK.findall(word)
    tone = str(_TONES[marks[-1]]) if marks else "0"
    base = unicodedata.normalize("NFC", _TONE_MARK.sub("", word))
    base = _OTHER_MARKS.sub("", base)  # marks of other scripts that did not compose
    lower = base.lower()
    case = (
        "".join("0" if a == b else "1" for a, b in zip(base, lower, strict=False))
        if base != lower
        else "0" * len(lower)
    )
    return lower.translate(_WEIGHTS), tone, case


def contains_all_words(haystack_folded: str, query: str) -> bool:
    """True when every folded word of ``query`` appears in ``haystack_folded`` (already folded)."""
    return all(word in haystack_folded for word in fold(query).split())
