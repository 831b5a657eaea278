"""Find the current province a piece of text names — a current name, a former (pre-2025) name or an alias.

Spreadsheets and forms name provinces in every way people write them: "Tỉnh Hà Giang", "tinh ha giang",
"HÀ GIANG", "TP.HCM", "Thừa Thiên - Huế", "Daklak". :func:`match_province` accepts all of these and nothing
vaguer: the text is folded (:func:`hoptac.core.text.fold`: case, diacritics, đ, punctuation, NFC/NFD and
tone placement all ignored), a leading kind word ("tỉnh", "thành phố", "TP") is dropped, and what is left
must equal a known name exactly. There is deliberately no fuzzy matching: a wrong province silently attached
to a cooperative is worse than a clear "không tìm thấy" the user can correct.

Precedence, when one folded text is several things at once:

1. the short or full name of a **current** province — ``former`` is None. "Quảng Trị", "Tây Ninh" and
   "Đồng Tháp" are both current and former names; the text names the current province.
2. the name of a **former** province — ``former`` is that province. "Quảng Bình" → Quảng Trị, former
   Quảng Bình; "Hà Giang" → Tuyên Quang, former Hà Giang.
3. an entry of :data:`ALIASES`.

Names of the current and former provinces never collide with each other in a way that needs a guess (each
former name that is also a current name merged into that same-named province). Only an alias could name a
different province than a name or another alias does; that is reported as :class:`AmbiguousProvince`
rather than resolved by guessing.

The three tables (34 + 63 rows and the aliases) are read once per process and kept in a dict
(:func:`_index`); they change only by migration. Tests that alter them call :func:`clear_cache`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hoptac.core.errors import DomainError
from hoptac.core.text import fold

from .models import FormerProvince, Province

# Folded kind words dropped from the start of the text. "TP.HCM" folds to "tp hcm", so "hcm" is looked up.
PREFIXES = ("tinh ", "thanh pho ", "tp ")

# Other ways people write a province, each mapped to the current or former name it means. Keys and targets
# are folded before use, so spelling them with or without diacritics, upper or lower case, hyphens or dots
# makes no difference; only genuinely different spellings belong here. Variants that folding already unifies
# ("Hoà Bình"/"Hòa Bình", "Thanh Hoá", "Bà Rịa-Vũng Tàu", "Kon-Tum", "Ha Noi") need no entry.
ALIASES: dict[str, str] = {
    # Thành phố Hồ Chí Minh: initials and the city's former name.
    "HCM": "Hồ Chí Minh",
    "HCMC": "Hồ Chí Minh",
    "TPHCM": "Hồ Chí Minh",
    "TP.HCM": "Hồ Chí Minh",  # "tp hcm" → "hcm" after the prefix; listed for readers
    "Sài Gòn": "Hồ Chí Minh",
    "Saigon": "Hồ Chí Minh",
    # Thành phố Hà Nội and the other cities, written as one word (English usage, addresses typed abroad).
    "Hanoi": "Hà Nội",
    "HN": "Hà Nội",
    "Haiphong": "Hải Phòng",
    "Danang": "Đà Nẵng",
    "Cantho": "Cần Thơ",
    # Former Bà Rịa - Vũng Tàu (now Thành phố Hồ Chí Minh).
    "BR-VT": "Bà Rịa - Vũng Tàu",
    "BRVT": "Bà Rịa - Vũng Tàu",
    "Vũng Tàu": "Bà Rịa - Vũng Tàu",
    # Former Thừa Thiên Huế (now Thành phố Huế; "Huế" itself is the current short name).
    "TT Huế": "Thừa Thiên Huế",
    "TT-Huế": "Thừa Thiên Huế",
    "TTH": "Thừa Thiên Huế",
    # Đắk Lắk and former Đắk Nông: the "Đắc"/"Lắc" spellings and the one-word forms are common.
    "Daklak": "Đắk Lắk",
    "Dak Lac": "Đắk Lắk",
    "Đắc Lắc": "Đắk Lắk",
    "Đắc Lắk": "Đắk Lắk",
    "Daknong": "Đắk Nông",
    "Đắc Nông": "Đắk Nông",
    # Former Kon Tum (now Quảng Ngãi) and Bắc Kạn (now Thái Nguyên): one-word and "C" spellings.
    "Kontum": "Kon Tum",
    "Bắc Cạn": "Bắc Kạn",
}


class ProvinceMatchError(DomainError):
    """The text could not be tied to exactly one province; ``message`` says why, in Vietnamese."""

    def __init__(self, text: str, message, *, code: str):
        super().__init__(message, code=code)
        self.text = text


class ProvinceNotFound(ProvinceMatchError):
    def __init__(self, text: str):
        if (text or "").strip():
            message = _("Không tìm thấy tỉnh/thành phố nào tên là “%(text)s”.") % {"text": text.strip()}
        else:
            message = _("Chưa ghi tên tỉnh/thành phố.")
        super().__init__(text, message, code="province_not_found")


class AmbiguousProvince(ProvinceMatchError):
    def __init__(self, text: str, candidates: list[ProvinceMatch]):
        names = ", ".join(sorted({m.province.short_name for m in candidates}))
        message = _("“%(text)s” có thể là nhiều tỉnh/thành phố (%(names)s); hãy ghi rõ tên.") % {
            "text": text.strip(),
            "names": names,
        }
        super().__init__(text, message, code="province_ambiguous")
        self.candidates = candidates


@dataclass(frozen=True)
class ProvinceMatch:
    """The current province the text names, and the former province when the text used a former name.

    The instances come from a per-process cache: read them, do not modify them.
    """

    province: Province
    former: FormerProvince | None = None


def normalise(text: str | None) -> str:
    """The look-up key of ``text``: folded, without a leading "tỉnh" / "thành phố" / "TP"."""
    key = fold(text)
    for prefix in PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix) :]
    return key


@dataclass(frozen=True)
class _Index:
    current: dict[str, ProvinceMatch]
    former: dict[str, ProvinceMatch]
    aliases: dict[str, list[ProvinceMatch]]


@functools.cache
def _index() -> _Index:
    """Read the provinces, former provinces and aliases once per process (two queries)."""
    current: dict[str, ProvinceMatch] = {}
    for province in Province.objects.all():
        for name in (province.short_name, province.name):
            current[normalise(name)] = ProvinceMatch(province)
    former: dict[str, ProvinceMatch] = {}
    for old in FormerProvince.objects.select_related("province"):
        former[normalise(old.name)] = ProvinceMatch(old.province, old)
    aliases: dict[str, list[ProvinceMatch]] = {}
    for alias, target in ALIASES.items():
        target_key = normalise(target)
        match = current.get(target_key) or former.get(target_key)
        if match is None:
            # A typo in the table above: fail loudly rather than silently never matching.
            raise LookupError(
                f"Alias {alias!r} points at {target!r}, which is neither a current nor a former name."
            )
        matches = aliases.setdefault(normalise(alias), [])
        if match not in matches:
            matches.append(match)
    return _Index(current=current, former=former, aliases=aliases)


def clear_cache() -> None:
    """Forget the cached tables (tests that change provinces or :data:`ALIASES` call this)."""
    _index.cache_clear()


def match_province(text: str | None) -> ProvinceMatch:
    """The province ``text`` names; raises :class:`ProvinceNotFound` or :class:`AmbiguousProvince`.

    >>> match_province("tinh Ha Giang")  # doctest: +SKIP
    ProvinceMatch(province=<Province: Tuyên Quang>, former=<FormerProvince: Hà Giang>)
    """
    key = normalise(text)
    if not key:
        raise ProvinceNotFound(text or "")
    index = _index()
    named = index.current.get(key) or index.former.get(key)
    candidates = [named] if named else []
    for alias_match in index.aliases.get(key, []):
        # An alias that agrees with the name (or another alias) adds nothing; one that disagrees is a conflict.
        if all(alias_match.province != c.province for c in candidates):
            candidates.append(alias_match)
    if not candidates:
        raise ProvinceNotFound(text or "")
    if len(candidates) > 1:
        raise AmbiguousProvince(text or "", candidates)
    return candidates[0]
