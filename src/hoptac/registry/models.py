"""Cooperatives, cooperative groups and unions of cooperatives: the one record every module refers to."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hoptac.core.audit import audited
from hoptac.core.fields import SortKeyField
from hoptac.core.models import DerivedColumns, Versioned
from hoptac.core.text import fold, sort_key

from .choices import MINIMUM_MEMBERS, OCOP_LEVELS, Certification, LegalForm, Sector, Status

TAX_CODE_REQUIRED = _("Hợp tác xã và liên hiệp hợp tác xã phải có mã số thuế.")
TAX_CODE_TAKEN = _("Mã số thuế này đã có trong sổ đăng ký.")
NAME_TAKEN = _("Tổ hợp tác cùng tên đã có ở tỉnh/thành phố này.")


def _members_condition() -> Q:
    condition = Q()
    for form, minimum in MINIMUM_MEMBERS.items():
        condition |= Q(legal_form=form, member_count__gte=minimum)
    return condition


@audited(exclude=["search_text", "sort_key", "folded_name", "updated_at"])
class Cooperative(DerivedColumns, Versioned, models.Model):
    legal_form = models.CharField(
        _("loại hình"), max_length=20, choices=LegalForm.choices, default=LegalForm.COOPERATIVE
    )
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    # NULL, not "", for a cooperative group without a tax code: the unique constraint must ignore them.
    tax_code = models.CharField(  # noqa: DJ001
        _("mã số thuế"),
        max_length=14,
        null=True,
        blank=True,
        help_text=_("10 chữ số, hoặc 13 chữ số với đơn vị phụ thuộc."),
    )
    registration_date = models.DateField(_("ngày đăng ký"), null=True, blank=True)
    province = models.ForeignKey(
        "places.Province",
        verbose_name=_("tỉnh/thành phố"),
        on_delete=models.PROTECT,
        related_name="cooperatives",
    )
    commune = models.ForeignKey(
        "places.Commune",
        verbose_name=_("xã, phường, đặc khu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cooperatives",
    )
    address = models.CharField(
        _("địa chỉ"), max_length=500, blank=True, help_text=_("Ghi như trong hồ sơ đăng ký.")
    )
    sectors = ArrayField(
        models.CharField(max_length=30, choices=Sector.choices),
        verbose_name=_("lĩnh vực"),
        default=list,
        blank=True,
    )
    member_count = models.PositiveIntegerField(_("số thành viên"), validators=[MinValueValidator(2)])
    charter_capital = models.DecimalField(
        _("vốn điều lệ (đồng)"),
        max_digits=18,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    representative = models.CharField(_("người đại diện theo pháp luật"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    status = models.CharField(_("tình trạng"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    certifications = ArrayField(
        models.CharField(max_length=20, choices=Certification.choices),
        verbose_name=_("chứng nhận"),
        default=list,
        blank=True,
    )
    notes = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ngày cập nhật"), auto_now=True)

    # Derived columns (core.text): searching without diacritics, Vietnamese order, the key of tax-less groups.
    folded_name = models.CharField(max_length=255, editable=False, default="")
    search_text = models.TextField(editable=False, default="")
    sort_key = SortKeyField()

    class Meta:
        verbose_name = _("hợp tác xã")
        verbose_name_plural = _("hợp tác xã")
        ordering = ["sort_key", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tax_code"],
                name="cooperative_tax_code_unique",
                violation_error_message=TAX_CODE_TAKEN,
            ),
            models.UniqueConstraint(
                fields=["province", "folded_name"],
                condition=Q(tax_code__isnull=True),
                name="cooperative_group_without_tax_code_unique",
                violation_error_message=NAME_TAKEN,
            ),
            models.CheckConstraint(
                condition=Q(legal_form=LegalForm.GROUP) | Q(tax_code__isnull=False),
                name="cooperative_tax_code_required",
                violation_error_message=TAX_CODE_REQUIRED,
            ),
            models.CheckConstraint(
                condition=Q(tax_code__isnull=True) | Q(tax_code__regex=r"^[0-9]{10}(-[0-9]{3})?$"),
                name="cooperative_tax_code_format",
            ),
            models.CheckConstraint(condition=_members_condition(), name="cooperative_minimum_members"),
            models.CheckConstraint(
                condition=Q(charter_capital__isnull=True) | Q(charter_capital__gte=0),
                name="cooperative_capital_positive",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="cooperative_name_required"),
        ]
        indexes = [
            models.Index(fields=["sort_key", "id"], name="coop_sort_keyset"),
            models.Index(fields=["province", "sort_key", "id"], name="coop_province_sort"),
            models.Index(fields=["status"], name="coop_status"),
            GinIndex(OpClass("search_text", name="gin_trgm_ops"), name="coop_search_trgm"),
            GinIndex(fields=["sectors"], name="coop_sectors"),
            # The import's (and the form's) look-up of a cooperative group by folded name within a province: without
            # it each import batch scanned the whole table (70 ms a batch at 100,000 rows). It replaces an index on
            # UPPER(name) that no query used.
            models.Index(fields=["province", "folded_name"], name="coop_province_name"),
        ]

    def __str__(self) -> str:
        return self.name

    derived_from = ("name", "short_name", "tax_code", "representative", "address")
    derived_columns = ("folded_name", "search_text", "sort_key")

    def save(self, *args, **kwargs):
        if kwargs.get("update_fields") is not None:  # auto_now is written only when named
            kwargs["update_fields"] = {*kwargs["update_fields"], "updated_at"}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors: dict[str, list] = {}
        if self.legal_form != LegalForm.GROUP and not self.tax_code:
            errors.setdefault("tax_code", []).append(TAX_CODE_REQUIRED)
        elif (
            self.tax_code and Cooperative.objects.filter(tax_code=self.tax_code).exclude(pk=self.pk).exists()
        ):
            errors.setdefault("tax_code", []).append(TAX_CODE_TAKEN)
        minimum = MINIMUM_MEMBERS.get(self.legal_form)
        if minimum and self.member_count is not None and self.member_count < minimum:
            errors.setdefault("member_count", []).append(
                _("%(form)s cần ít nhất %(minimum)s thành viên (Luật Hợp tác xã 2023, Điều 4).")
                % {"form": LegalForm(self.legal_form).label, "minimum": minimum}
            )
        if len(set(self.certifications or []) & OCOP_LEVELS) > 1:
            errors.setdefault("certifications", []).append(_("Chỉ chọn một hạng OCOP."))
        if self.commune_id and self.province_id and self.commune.province_id != self.province_id:
            errors.setdefault("commune", []).append(_("Xã, phường này không thuộc tỉnh/thành phố đã chọn."))
        if errors:
            raise ValidationError(errors)

    def refresh_derived(self) -> None:
        """Recompute the derived columns from the fields people edit (bulk writers call this too)."""
        self.folded_name = fold(self.name)[:255]
        self.sort_key = sort_key(self.name)[:600]
        digits = (self.tax_code or "").replace("-", "")
        # One fold() over the rest: it runs for every imported row.
        rest = fold(" ".join(filter(None, [self.short_name, self.representative, self.address])))
        self.search_text = " ".join(filter(None, [self.folded_name, digits, rest]))

    def get_sectors_labels(self) -> list[str]:
        return [Sector(value).label for value in self.sectors if value in Sector.values]

    def get_certifications_labels(self) -> list[str]:
        return [Certification(value).label for value in self.certifications if value in Certification.values]
