from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LegalForm(models.TextChoices):
    GROUP = "group", _("Tổ hợp tác")
    COOPERATIVE = "cooperative", pgettext_lazy("legal form", "Hợp tác xã")
    UNION = "union", _("Liên hiệp hợp tác xã")


# Luật Hợp tác xã số 17/2023/QH15, Điều 4: minimum members of each legal form.
MINIMUM_MEMBERS = {LegalForm.GROUP: 2, LegalForm.COOPERATIVE: 5, LegalForm.UNION: 3}


class Sector(models.TextChoices):
    AGRICULTURE = "agriculture", _("Nông nghiệp")
    FISHERIES = "fisheries", _("Thủy sản")
    FORESTRY = "forestry", _("Lâm nghiệp")
    INDUSTRY = "industry", _("Công nghiệp, tiểu thủ công nghiệp")
    TRADE = "trade", _("Thương mại, dịch vụ")
    TRANSPORT = "transport", _("Vận tải")
    CONSTRUCTION = "construction", _("Xây dựng")
    CREDIT_FUND = "credit_fund", _("Quỹ tín dụng nhân dân")
    WATER_ENVIRONMENT = "water_environment", _("Dịch vụ nước sạch, môi trường")
    OTHER = "other", _("Khác")


class Status(models.TextChoices):
    ACTIVE = "active", _("Đang hoạt động")
    SUSPENDED = "suspended", _("Tạm ngừng hoạt động")
    DISSOLVED = "dissolved", _("Đã giải thể")


class Certification(models.TextChoices):
    VIETGAP = "vietgap", _("VietGAP")
    ORGANIC = "organic", _("Hữu cơ")
    OCOP_3 = "ocop_3", _("OCOP 3 sao")
    OCOP_4 = "ocop_4", _("OCOP 4 sao")
    OCOP_5 = "ocop_5", _("OCOP 5 sao")


OCOP_LEVELS = {Certification.OCOP_3, Certification.OCOP_4, Certification.OCOP_5}
