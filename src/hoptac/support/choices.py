"""The vocabulary of support requests (Vietnamese labels; codes are stable English)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Category(models.TextChoices):
    SCIENCE_CONSULTING = "science_consulting", _("Tư vấn ứng dụng khoa học và công nghệ")
    TECHNOLOGY_TRANSFER = "technology_transfer", _("Chuyển giao công nghệ")
    ENVIRONMENT = (
        "environment",
        _("Tuân thủ môi trường (giấy phép, hồ sơ môi trường, xử lý chất thải, nước thải)"),
    )
    QUALITY_TESTING = "quality_testing", _("Kiểm nghiệm chất lượng")
    CERTIFICATION = "certification", _("Chứng nhận (VietGAP, hữu cơ, OCOP)")
    TRAINING = "training", _("Đào tạo, tập huấn")
    DIGITAL = "digital", _("Chuyển đổi số")
    OTHER = "other", _("Khác")


class State(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Chờ tỉnh xác nhận")
    RETURNED = "returned", _("Cần bổ sung thông tin")
    ENDORSED = "endorsed", _("Chờ Viện tiếp nhận")
    ASSIGNED = "assigned", _("Đã phân công")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    RESOLVED = "resolved", _("Đã xử lý, chờ xác nhận")
    CLOSED = "closed", _("Đã đóng")
    DECLINED = "declined", _("Bị từ chối")
    WITHDRAWN = "withdrawn", _("Đã rút")


OPEN_STATES = (
    State.SUBMITTED,
    State.RETURNED,
    State.ENDORSED,
    State.ASSIGNED,
    State.IN_PROGRESS,
    State.RESOLVED,
)
FINAL_STATES = (State.CLOSED, State.DECLINED, State.WITHDRAWN)


class Stage(models.TextChoices):
    """The stages an SLA measures, and the state each covers."""

    ENDORSEMENT = "endorsement", _("Tỉnh xác nhận")
    ACCEPTANCE = "acceptance", _("Viện tiếp nhận")
    RESOLUTION = "resolution", _("Xử lý")


STAGE_OF_STATE = {
    State.SUBMITTED: Stage.ENDORSEMENT,
    State.ENDORSED: Stage.ACCEPTANCE,
    State.ASSIGNED: Stage.RESOLUTION,
    State.IN_PROGRESS: Stage.RESOLUTION,
}
# Issue 4 defaults, in working days; administrators change them per category and stage (SlaPolicy).
DEFAULT_SLA_DAYS = {Stage.ENDORSEMENT: 5, Stage.ACCEPTANCE: 5, Stage.RESOLUTION: 30}


class Priority(models.TextChoices):
    LOW = "low", _("Thấp")
    NORMAL = "normal", _("Bình thường")
    HIGH = "high", _("Cao")
    URGENT = "urgent", _("Khẩn")


class Channel(models.TextChoices):
    ONLINE = "online", _("Hợp tác xã gửi trực tuyến")
    PROVINCE = "province", _("Liên minh HTX tỉnh nhập")
    PHONE = "phone", _("Điện thoại đến Viện")
    VISIT = "visit", _("Làm việc trực tiếp")
    LETTER = "letter", _("Công văn, thư điện tử")


INSTITUTE_CHANNELS = (Channel.PHONE, Channel.VISIT, Channel.LETTER)


class DeclinedBy(models.TextChoices):
    PROVINCE = "province", _("Liên minh HTX tỉnh")
    INSTITUTE = "institute", _("Viện")


class WorkKind(models.TextChoices):
    VISIT = "visit", _("Khảo sát, làm việc tại cơ sở")
    CONSULTATION = "consultation", _("Tư vấn")
    DOCUMENT = "document", _("Soạn thảo tài liệu, hồ sơ")
    TESTING = "testing", _("Lấy mẫu, kiểm nghiệm")
    TRAINING = "training", _("Tập huấn")
    OTHER = "other", _("Khác")


class EventKind(models.TextChoices):
    CREATED = "created", pgettext_lazy("event", "Tạo yêu cầu")
    SUBMITTED = "submitted", pgettext_lazy("event", "Gửi yêu cầu")
    RETURNED = "returned", pgettext_lazy("event", "Trả lại để bổ sung")
    ENDORSED = "endorsed", pgettext_lazy("event", "Tỉnh xác nhận")
    ENDORSED_ON_BEHALF = "endorsed_on_behalf", pgettext_lazy("event", "Viện xác nhận thay tỉnh")
    RECORDED_BY_INSTITUTE = "recorded_by_institute", pgettext_lazy("event", "Viện ghi nhận trực tiếp")
    DECLINED = "declined", pgettext_lazy("event", "Từ chối")
    ACCEPTED = "accepted", pgettext_lazy("event", "Viện tiếp nhận và phân công")
    REASSIGNED = "reassigned", pgettext_lazy("event", "Phân công lại")
    STARTED = "started", pgettext_lazy("event", "Bắt đầu thực hiện")
    RESOLVED = "resolved", pgettext_lazy("event", "Đã xử lý")
    REOPENED = "reopened", pgettext_lazy("event", "Mở lại")
    CONFIRMED = "confirmed", pgettext_lazy("event", "Hợp tác xã xác nhận và đánh giá")
    AUTO_CLOSED = "auto_closed", pgettext_lazy("event", "Tự động đóng")
    WITHDRAWN = "withdrawn", pgettext_lazy("event", "Rút yêu cầu")
