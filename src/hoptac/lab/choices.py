from django.db import models
from django.utils.translation import gettext_lazy as _


class LimitSetKind(models.TextChoices):
    """How a limit set decides: pass/fail against one interval, or a grade among ordered quality classes."""

    LIMITS = "limits", _("Giới hạn (đạt / không đạt)")
    CLASSES = "classes", _("Phân hạng chất lượng")


class Confidence(models.TextChoices):
    """How sure we are of shipped reference data (shared/domain/environment-standards.md)."""

    HIGH = "H", _("Cao — nhiều nguồn công khai thống nhất")
    MEDIUM = "M", _("Trung bình — một nguồn tốt")
    LOW = "L", _("Thấp — chưa xác minh, giá trị mặc định")
