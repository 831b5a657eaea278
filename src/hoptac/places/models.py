"""Vietnam's administrative units since 1 July 2025, and the provinces they replaced.

Nghị quyết 202/2025/QH15 merged the 63 provinces into 34 (28 provinces and 6 centrally-run cities) and
abolished the district level, leaving 3,321 communes, wards and special zones directly under a province. The
rows are reference data loaded by migration ``0002`` from the ``vietnam-provinces`` package (official codes,
Quyết định 19/2025/QĐ-TTg) and from ``data/provinces-2025-merger.csv`` (the 63 → 34 map); nobody types them.

Each row carries two derived columns computed by :mod:`hoptac.core.text`: ``folded_name`` (lower case, no
diacritics) for matching and searching, and ``sort_key`` for Vietnamese alphabetical order, which the
database cannot produce itself (no ICU collation).
"""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils.translation import gettext_lazy as _

from hoptac.core.audit import audited
from hoptac.core.fields import SortKeyField
from hoptac.core.models import DerivedColumns
from hoptac.core.text import fold, sort_key

from .choices import CommuneKind, ProvinceKind


class _NamedPlace(DerivedColumns, models.Model):
    """Recomputes ``folded_name`` and ``sort_key`` on every ``save()``.

    These columns are pure functions of a name field, so keeping them in step here carries no business rule
    that a bulk write could skip by accident; bulk writers (the data migration) call the same
    :mod:`hoptac.core.text` functions themselves. Abstract, so migrations do not depend on it.
    """

    fold_source = "name"
    sort_source = "name"

    class Meta:
        abstract = True

    derived_columns = ("folded_name", "sort_key")

    @property
    def derived_from(self) -> tuple[str, ...]:
        return (self.fold_source, self.sort_source)

    def refresh_derived(self) -> None:
        self.folded_name = fold(getattr(self, self.fold_source))
        self.sort_key = sort_key(getattr(self, self.sort_source))


@audited()
class Province(_NamedPlace):
    """One of the 34 provincial units (tỉnh, thành phố trực thuộc trung ương).

    ``name`` is the package's official name verbatim ("Thành phố Hà Nội", "Cao Bằng"); ``short_name`` drops the
    kind word ("Hà Nội"); lists show the official name but sort by the short one, and matching uses both.
    """

    code = models.CharField(_("mã"), max_length=2, unique=True, help_text=_("Mã hai chữ số, ví dụ 08."))
    name = models.CharField(_("tên"), max_length=100)
    short_name = models.CharField(_("tên ngắn"), max_length=100)
    kind = models.CharField(_("loại"), max_length=20, choices=ProvinceKind.choices)
    folded_name = models.CharField(_("tên không dấu"), max_length=100, editable=False, db_index=True)
    sort_key = SortKeyField(db_index=True)

    # Matching and searching use the short name: "ha noi", not "thanh pho ha noi".
    fold_source = "short_name"
    sort_source = "short_name"

    class Meta:
        verbose_name = _("tỉnh/thành phố")
        verbose_name_plural = _("tỉnh/thành phố")
        ordering = ["sort_key"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{2}$"), name="province_code_two_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.short_name


@audited()
class Commune(_NamedPlace):
    """A commune-level unit (xã, phường, đặc khu) — since 2025 directly under its province.

    ``sort_key`` is computed from ``short_name`` so that a province's list reads alphabetically by the
    commune's own name ("Phường An Bình" next to "Xã An Hòa"), not grouped by kind word.
    ``folded_name`` is folded from the full name, so "xa tan lap" and "tan lap" both find "Xã Tân Lập".
    """

    code = models.CharField(_("mã"), max_length=5, unique=True, help_text=_("Mã năm chữ số, ví dụ 00070."))
    name = models.CharField(_("tên"), max_length=100)
    short_name = models.CharField(_("tên ngắn"), max_length=100)
    province = models.ForeignKey(
        Province, verbose_name=_("tỉnh/thành phố"), on_delete=models.PROTECT, related_name="communes"
    )
    kind = models.CharField(_("loại"), max_length=20, choices=CommuneKind.choices)
    folded_name = models.CharField(_("tên không dấu"), max_length=100, editable=False)
    sort_key = SortKeyField()

    sort_source = "short_name"

    class Meta:
        verbose_name = _("xã/phường/đặc khu")
        verbose_name_plural = _("xã/phường/đặc khu")
        ordering = ["sort_key"]
        indexes = [
            models.Index(fields=["province", "sort_key"], name="places_commune_prov_sort"),
            # Substring search on the folded name ("every word appears") is served by a trigram index.
            GinIndex(fields=["folded_name"], opclasses=["gin_trgm_ops"], name="places_commune_folded_trgm"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{5}$"), name="commune_code_five_digits"
            ),
            # Target of the registry's composite foreign key (commune, province): a record's commune lies in
            # its province, enforced by the database.
            models.UniqueConstraint(fields=["id", "province"], name="commune_id_province_unique"),
        ]

    def __str__(self) -> str:
        return self.name


@audited()
class FormerProvince(_NamedPlace):
    """One of the 63 provinces that existed until 30 June 2025, and the current province it became part of.

    Kept because most spreadsheets and records written before July 2025 name these provinces
    (Nghị quyết 202/2025/QH15).
    """

    code = models.CharField(_("mã cũ"), max_length=2, unique=True)
    name = models.CharField(_("tên"), max_length=100)
    province = models.ForeignKey(
        Province,
        verbose_name=_("nay thuộc tỉnh/thành phố"),
        on_delete=models.PROTECT,
        related_name="former_provinces",
    )
    folded_name = models.CharField(_("tên không dấu"), max_length=100, editable=False, db_index=True)
    sort_key = SortKeyField()

    class Meta:
        verbose_name = _("tỉnh/thành phố trước sáp nhập")
        verbose_name_plural = _("tỉnh/thành phố trước sáp nhập")
        ordering = ["sort_key"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{2}$"), name="former_province_code_two_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.name
