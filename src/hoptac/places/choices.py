"""Kinds of administrative unit, as the 2025 reorganisation names them (Vietnamese labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProvinceKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    MUNICIPALITY = "municipality", _("Thành phố trực thuộc trung ương")


class CommuneKind(models.TextChoices):
    WARD = "ward", _("Phường")
    COMMUNE = "commune", _("Xã")
    SPECIAL_ZONE = "special_zone", _("Đặc khu")
