"""The one place where Vietnamese text is folded (for matching) and keyed (for sorting).

Every search column, import header match, province match and list ordering goes through these two
functions, so "Đắk Lắk", "dak lak", "ĐẮK LẮK" and a decomposed (NFD) "Đắk Lắk" are the same thing everywhere.

The embedded PostgreSQL has no ICU, so the database cannot sort Vietnamese; :func:`sort_key` returns a plain
string whose code-point order (what both Python and PostgreSQL's C collation compare) is Vietnamese
dictionary order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, a word's tone after its letters
(ngang, huyền, hỏi, ngã, sắc, nặng), lower case before upper case.
"""

from __future__ import annotations

import unicodedata

# Combining marks in Unicode decomposition (NFD).
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_LETTER_MARKS = {_BREVE, _CIRCUMFLEX, _HORN}
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


def _words(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFD", (text or "").translate(_LOOKALIKES))
    for alias, tone in _TONE_ALIASES.items():
        decomposed = decomposed.replace(alias, tone)
    # Letters, digits and combining marks make words; everything else (punctuation, spaces) separates them.
    spaced = "".join(ch if unicodedata.category(ch)[0] in "LNM" else " " for ch in decomposed)
    return spaced.split()


def fold(text: str | None) -> str:
    """Lower case, no diacritics (đ → d), punctuation and runs of spaces turned into one space.

    >>> fold("  Hợp tác xã  Đắk-Lắk ")
    'hop tac xa dak lak'
    """
    folded = []
    for word in _words(text or ""):
        base = "".join(ch for ch in word if not unicodedata.combining(ch))
        if base:  # a "word" of stray combining marks only ("a \u0301 b") must not leave a double space
            folded.append(base.replace("đ", "d").replace("Đ", "D").casefold())
    return " ".join(folded)


def _letters_and_tone(word: str) -> tuple[list[str], int, list[bool]]:
    letters: list[str] = []
    upper: list[bool] = []
    tone = 0
    for ch in word:
        if ch in _TONES:
            tone = _TONES[ch]  # one tone per syllable, wherever it was typed (hoà = hòa)
        elif ch in _LETTER_MARKS and letters:
            letters[-1] = unicodedata.normalize("NFC", letters[-1] + ch)
        elif unicodedata.combining(ch):
            continue
        else:
            upper.append(ch != ch.lower())
            letters.append(ch.lower())
    return letters, tone, upper


def sort_key(text: str | None) -> str:
    """A string whose code-point order is Vietnamese dictionary order (case, NFC/NFD, tone placement agnostic)."""
    primary, tones, cases = [], [], []
    for word in _words(text or ""):
        letters, tone, upper = _letters_and_tone(word)
        primary.append("".join(_WEIGHT.get(letter, "~" + letter) for letter in letters))
        tones.append(str(tone))
        cases.append("".join("1" if flag else "0" for flag in upper))
    return " ".join(primary) + _LEVEL + "".join(tones) + _LEVEL + "".join(cases)


def contains_all_words(haystack_folded: str, query: str) -> bool:
    """True when every folded word of ``query`` appears in ``haystack_folded`` (already folded)."""
    return all(word in haystack_folded for word in fold(query).split())
