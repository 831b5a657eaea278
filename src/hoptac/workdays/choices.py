from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    """How a date departs from the ordinary week (Monday–Friday working, Saturday and Sunday off).

    Bộ luật Lao động 2019, Điều 112 (nghỉ lễ, tết) and Điều 111 khoản 3 (a holiday on the weekly rest day gives
    a compensatory day on the next working day); swaps are decided by the Prime Minister each year and
    announced by the Bộ Nội vụ (before March 2025 the Bộ Lao động - Thương binh và Xã hội).
    """

    HOLIDAY = "holiday", _("Ngày nghỉ lễ, Tết")
    COMPENSATORY = "compensatory", _("Ngày nghỉ bù")
    SWAPPED = "swapped", _("Ngày nghỉ hoán đổi")
    MAKEUP = "makeup", _("Ngày làm bù")


# Kinds that make a day off; a make-up day is the one kind that makes a weekend day a working day.
DAY_OFF_KINDS = frozenset({DayKind.HOLIDAY, DayKind.COMPENSATORY, DayKind.SWAPPED})
# A compensatory or swapped day off replaces a working weekday, so it cannot be a Saturday or Sunday.
WEEKDAY_ONLY_KINDS = frozenset({DayKind.COMPENSATORY, DayKind.SWAPPED})

# Index = date.weekday() (Monday = 0).
WEEKDAY_NAMES = (
    _("Thứ Hai"),
    _("Thứ Ba"),
    _("Thứ Tư"),
    _("Thứ Năm"),
    _("Thứ Sáu"),
    _("Thứ Bảy"),
    _("Chủ nhật"),
)
