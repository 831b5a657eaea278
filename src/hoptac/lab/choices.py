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


class SampleState(models.TextChoices):
    """A sample's way through the center: registered, received (chain of custody), analysed, verified, reported."""

    REGISTERED = "registered", _("Đã đăng ký")
    RECEIVED = "received", _("Đã nhận mẫu")
    IN_ANALYSIS = "in_analysis", _("Đang phân tích")
    RESULTS_VERIFIED = "results_verified", _("Đã soát xét kết quả")
    REPORTED = "reported", _("Đã trả kết quả")
    CANCELLED = "cancelled", _("Đã hủy")


class Condition(models.TextChoices):
    """The sample's condition when the center received it."""

    INTACT = "intact", _("Nguyên vẹn, đạt yêu cầu")
    DAMAGED = "damaged", _("Bao bì hư hỏng, rò rỉ")
    TEMPERATURE = "temperature", _("Nhiệt độ bảo quản không đạt")
    INSUFFICIENT = "insufficient", _("Không đủ lượng mẫu")
    PRESERVATION = "preservation", _("Chưa được bảo quản đúng (hóa chất, thời gian lưu)")
    OTHER = "other", _("Khác (ghi rõ)")


class PaymentStatus(models.TextChoices):
    UNPAID = "unpaid", _("Chưa thanh toán")
    PAID = "paid", _("Đã thanh toán")
    WAIVED = "waived", _("Miễn phí")


class ResultStatus(models.TextChoices):
    ENTERED = "entered", _("Đã nhập, chờ soát xét")
    VERIFIED = "verified", _("Đã soát xét")
    RETURNED = "returned", _("Bị trả lại")
