"""The working-day calendar: the dates on which the ordinary week (Monday–Friday) does not hold.

A working day is a Monday to Friday that is not a day off, or a Saturday/Sunday declared a make-up working day
(ngày làm bù). Only the exceptions are stored, one row per date: public holidays and Tết (Bộ luật Lao động 2019,
Điều 112), compensatory days off when a holiday falls on the weekly rest day (Điều 111 khoản 3), days off
swapped with a Saturday by the Prime Minister's yearly decision, and those make-up Saturdays. The institute
follows the public sector's calendar (cán bộ, công chức, viên chức), whose weekly rest days are Saturday and
Sunday (Quyết định 188/1999/QĐ-TTg).

Rows for 2025–2027 come from the data migration ``0002``; administrators correct and extend them on the
screens (every change is audited). Deadlines are computed by :mod:`hoptac.workdays.calendar`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hoptac.core.audit import audited
from hoptac.core.models import Versioned

from .choices import WEEKDAY_NAMES, WEEKDAY_ONLY_KINDS, DayKind

DATE_TAKEN = _("Ngày này đã có trong lịch; hãy sửa dòng đã có thay vì thêm dòng mới.")
MAKEUP_ON_WEEKDAY = _(
    "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật (ngày nghỉ hằng tuần được chuyển thành ngày làm việc)."
)
DAY_OFF_ON_WEEKEND = _(
    "Ngày nghỉ bù và ngày nghỉ hoán đổi phải rơi vào một ngày làm việc từ thứ Hai đến thứ Sáu."
)

# ISO weekday numbers (EXTRACT(ISODOW …)): Monday = 1 … Sunday = 7.
_SATURDAY_ISO = 6


@audited(exclude=["updated_at"])
class CalendarDay(Versioned, models.Model):
    """One date departing from the ordinary week (see the module docstring)."""

    date = models.DateField(_("ngày"), unique=True, error_messages={"unique": DATE_TAKEN})
    kind = models.CharField(_("loại ngày"), max_length=20, choices=DayKind.choices)
    name = models.CharField(
        _("tên"),
        max_length=200,
        help_text=_("Ví dụ: Tết Nguyên đán, Giỗ Tổ Hùng Vương, Nghỉ bù Quốc khánh, Làm bù cho ngày 02/01."),
    )
    legal_basis = models.TextField(
        _("căn cứ"),
        help_text=_("Điều luật và văn bản công bố lịch nghỉ của năm (số, ngày, cơ quan ban hành)."),
    )
    provisional = models.BooleanField(
        _("dự kiến"),
        default=False,
        help_text=_("Đánh dấu khi chưa có thông báo chính thức; bỏ đánh dấu khi đã đối chiếu với văn bản."),
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("ngày trong lịch làm việc")
        verbose_name_plural = _("lịch làm việc")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=DayKind.values), name="workdays_day_kind_valid"),
            models.CheckConstraint(condition=~Q(name=""), name="workdays_day_name_not_empty"),
            models.CheckConstraint(
                condition=~Q(kind=DayKind.MAKEUP) | Q(date__iso_week_day__gte=_SATURDAY_ISO),
                name="workdays_makeup_day_on_weekend",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=sorted(WEEKDAY_ONLY_KINDS)) | Q(date__iso_week_day__lt=_SATURDAY_ISO),
                name="workdays_replacement_day_off_on_weekday",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.name}"

    @property
    def weekday_name(self):
        return WEEKDAY_NAMES[self.date.weekday()]

    @property
    def is_day_off(self) -> bool:
        return self.kind != DayKind.MAKEUP

    def clean(self) -> None:
        super().clean()
        if self.name is not None:
            self.name = self.name.strip()
        if self.date is None:
            return
        weekend = self.date.weekday() >= 5
        if self.kind == DayKind.MAKEUP and not weekend:
            raise ValidationError({"date": MAKEUP_ON_WEEKDAY})
        if self.kind in WEEKDAY_ONLY_KINDS and weekend:
            raise ValidationError({"date": DAY_OFF_ON_WEEKEND})
