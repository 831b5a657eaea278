"""Choices of the party module, with Vietnamese labels (the glossary's terms)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Position(models.TextChoices):
    """A place on the cell committee (chi ủy) during a term."""

    SECRETARY = "secretary", _("Bí thư")
    DEPUTY_SECRETARY = "deputy_secretary", _("Phó Bí thư")
    COMMITTEE_MEMBER = "committee_member", _("Chi ủy viên")


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class TheoryLevel(models.TextChoices):
    """Political theory level (trình độ lý luận chính trị)."""

    NONE = "", _("Chưa qua đào tạo")
    ELEMENTARY = "elementary", _("Sơ cấp")
    INTERMEDIATE = "intermediate", _("Trung cấp")
    ADVANCED = "advanced", _("Cao cấp")
    BACHELOR = "bachelor", _("Cử nhân")


class MemberStatus(models.TextChoices):
    """A member's standing with the cell; the congress computes the summoned members from it (QĐ 190, Điều 30)."""

    ACTIVE = "active", _("Đang sinh hoạt")
    EXEMPTED = "exempted", _("Miễn sinh hoạt")
    TEMPORARILY_TRANSFERRED = "temporarily_transferred", _("Chuyển sinh hoạt tạm thời")
    SUSPENDED = "suspended", _("Đình chỉ sinh hoạt / bị truy tố")
    TRANSFERRED_OUT = "transferred_out", _("Đã chuyển sinh hoạt chính thức đi nơi khác")
    DECEASED = "deceased", _("Đã từ trần")
    # Not recognised as a full member after probation, or struck off (xóa tên) — Điều lệ Đảng, Điều 5 and 8.
    REMOVED = "removed", _("Đã xóa tên")


# Statuses after which the person is no longer on the cell's roll.
OFF_ROLL = frozenset({MemberStatus.TRANSFERRED_OUT, MemberStatus.DECEASED, MemberStatus.REMOVED})


class ReviewForm(models.TextChoices):
    """Which self-review form (Hướng dẫn 43-HD/BTCTW) the member fills in — chosen by the committee (M)."""

    FORM_2A = "2A", _("Mẫu 2A — đảng viên giữ chức vụ lãnh đạo, quản lý")
    FORM_2B = "2B", _("Mẫu 2B — đảng viên không giữ chức vụ lãnh đạo, quản lý")
    FORM_2C = "2C", _("Mẫu 2C — đảng viên khác (nghỉ hưu, được miễn công tác…)")


class FeeBasis(models.TextChoices):
    """How a member's monthly party fee is set (Quyết định 342-QĐ/TW)."""

    SALARY = "salary", _("Theo tiền lương đóng bảo hiểm xã hội")
    PENSION = "pension", _("Theo lương hưu")
    FIXED = "fixed", _("Mức cố định")


class AdmissionStage(models.TextChoices):
    """The way from outstanding candidate to full member."""

    CANDIDATE = "candidate", _("Quần chúng ưu tú")
    TRAINING = "training", _("Học lớp nhận thức về Đảng")
    VETTING = "vetting", _("Giới thiệu, thẩm tra lý lịch")
    PROBATIONARY = "probationary", _("Đảng viên dự bị")
    FULL_MEMBER = "full_member", _("Công nhận đảng viên chính thức")
    NOT_RECOGNISED = "not_recognised", _("Không công nhận đảng viên chính thức")
    WITHDRAWN = "withdrawn", _("Dừng xem xét")


ADMISSION_ORDER = [
    AdmissionStage.CANDIDATE,
    AdmissionStage.TRAINING,
    AdmissionStage.VETTING,
    AdmissionStage.PROBATIONARY,
]
ADMISSION_FINAL = frozenset(
    {AdmissionStage.FULL_MEMBER, AdmissionStage.NOT_RECOGNISED, AdmissionStage.WITHDRAWN}
)


class MeetingKind(models.TextChoices):
    """Hướng dẫn 12-HD/BTCTW: a regular meeting monthly, a thematic one at least once a quarter."""

    REGULAR = "regular", _("Sinh hoạt thường kỳ")
    THEMATIC = "thematic", _("Sinh hoạt chuyên đề")
    COMBINED = "combined", _("Thường kỳ kết hợp chuyên đề")


THEMATIC_KINDS = frozenset({MeetingKind.THEMATIC, MeetingKind.COMBINED})


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("Đã lên lịch")
    NOTIFIED = "notified", _("Đã thông báo")
    HELD = "held", _("Đã họp, đang hoàn thiện biên bản")
    CLOSED = "closed", _("Đã chốt biên bản")
    CANCELLED = "cancelled", _("Đã hủy")


class Presence(models.TextChoices):
    PRESENT = "present", _("Có mặt")
    ABSENT_WITH_REASON = "absent_with_reason", _("Vắng có lý do")
    ABSENT_WITHOUT_REASON = "absent_without_reason", _("Vắng không lý do")


class MeetingQuality(models.TextChoices):
    """The meeting's own assessment, recorded in the minutes (Hướng dẫn 12-HD/BTCTW)."""

    NONE = "", _("Chưa đánh giá")
    GOOD = "good", _("Tốt")
    FAIR = "fair", _("Khá")
    AVERAGE = "average", _("Trung bình")
    WEAK = "weak", _("Kém")


class ConclusionKind(models.TextChoices):
    CONCLUSION = "conclusion", _("Kết luận")
    RESOLUTION = "resolution", _("Nghị quyết")


class DirectiveKind(models.TextChoices):
    RESOLUTION = "resolution", _("Nghị quyết")
    DIRECTIVE = "directive", _("Chỉ thị")
    CONCLUSION = "conclusion", _("Kết luận")
    REGULATION = "regulation", _("Quy định")
    GUIDANCE = "guidance", _("Hướng dẫn")


class EssayAssessment(models.TextChoices):
    NONE = "", _("Chưa chấm")
    EXCELLENT = "excellent", _("Xuất sắc")
    GOOD = "good", _("Tốt")
    PASS = "pass", _("Đạt")
    FAIL = "fail", _("Chưa đạt")


class RecognitionKind(models.TextChoices):
    """Commendations and reminders/criticisms the cell records; they feed the yearly evaluation."""

    COMMENDATION = "commendation", _("Khen thưởng, biểu dương")
    REMINDER = "reminder", _("Nhắc nhở")
    CRITICISM = "criticism", _("Phê bình")
    DISCIPLINE = "discipline", _("Kỷ luật")


NEGATIVE_RECOGNITIONS = frozenset(
    {RecognitionKind.REMINDER, RecognitionKind.CRITICISM, RecognitionKind.DISCIPLINE}
)


class SupervisionKind(models.TextChoices):
    INSPECTION = "inspection", _("Kiểm tra")
    SUPERVISION = "supervision", _("Giám sát")


class SupervisionState(models.TextChoices):
    PLANNED = "planned", _("Theo kế hoạch")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    CONCLUDED = "concluded", _("Đã kết luận")


class ResidenceAssessment(models.TextChoices):
    """What the residence organisation writes of the member (Quy định 213-QĐ/TW)."""

    GOOD = "good", _("Gương mẫu, thực hiện tốt")
    FAIR = "fair", _("Thực hiện đầy đủ")
    POOR = "poor", _("Chưa thực hiện tốt")


class Level(models.TextChoices):
    """The four quality levels (Quy định 366-QĐ/TW); codes are those of :mod:`hoptac.party.rules`."""

    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    COMPLETE = "complete", _("Hoàn thành nhiệm vụ")
    NOT_COMPLETE = "not_complete", _("Không hoàn thành nhiệm vụ")


class EvaluationStep(models.TextChoices):
    """Quy định 366-QĐ/TW: self-review → comments → the cell's proposal by vote → the superior's decision."""

    DRAFT = "draft", _("Đang tự kiểm điểm")
    SUBMITTED = "submitted", _("Đã nộp bản tự kiểm điểm")
    PROPOSED = "proposed", _("Chi bộ đã biểu quyết đề xuất")
    DECIDED = "decided", _("Cấp ủy cấp trên đã quyết định")
    NOTIFIED = "notified", _("Đã thông báo cho đảng viên")


class TargetMode(models.TextChoices):
    AT_LEAST_LEVEL = "or_above", _("Mức này trở lên")
    EXACT_LEVEL = "exactly", _("Đúng mức này")


class TargetComparison(models.TextChoices):
    AT_LEAST = "gte", _("từ … trở lên (≥)")
    MORE_THAN = "gt", _("trên … (>)")


class TargetSource(models.TextChoices):
    COMMITTEE = "committee", _("Chi ủy nhập")
    CONGRESS = "congress", _("Nghị quyết đại hội chi bộ")
