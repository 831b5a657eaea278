"""Choices of the congress app, with Vietnamese labels. Ballot kinds, styles and marks are those of
:mod:`hoptac.congress.rules` (one vocabulary)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CongressState(models.TextChoices):
    PREPARING = "preparing", _("Đang chuẩn bị")
    IN_SESSION = "in_session", _("Đang họp")
    CLOSED = "closed", _("Đã bế mạc")


class DocumentKind(models.TextChoices):
    POLITICAL_REPORT = "political_report", _("Báo cáo chính trị")
    SELF_REVIEW = "self_review", _("Báo cáo kiểm điểm của chi ủy")
    DRAFT_RESOLUTION = "draft_resolution", _("Dự thảo nghị quyết")
    OTHER = "other", _("Tài liệu khác")


class SummonsStatus(models.TextChoices):
    """Whether a full member counts among those summoned (Quyết định 190-QĐ/TW, Điều 30)."""

    SUMMONED = "summoned", _("Được triệu tập")
    TEMPORARILY_TRANSFERRED = "temporarily_transferred", _("Không tính: chuyển sinh hoạt tạm thời")
    EXEMPTED_ABSENT = "exempted_absent", _("Không tính: miễn sinh hoạt và vắng mặt")
    SUSPENDED = "suspended", _("Không tính: đình chỉ sinh hoạt, bị truy tố")
    ABSENT_WITH_REASON = "absent_with_reason", _("Không tính: vắng mặt có lý do được chấp thuận")
    PROBATIONARY = "probationary", _("Đảng viên dự bị: dự đại hội, không bầu cử")


class Attendance(models.TextChoices):
    UNKNOWN = "", _("Chưa điểm danh")
    PRESENT = "present", _("Có mặt")
    ABSENT_WITH_REASON = "absent_with_reason", _("Vắng có lý do được chấp thuận")
    ABSENT = "absent", _("Vắng không lý do")


class Body(models.TextChoices):
    """The congress's service bodies, approved by show of hands (Quyết định 190-QĐ/TW, Điều 8)."""

    PRESIDIUM = "presidium", _("Đoàn Chủ tịch")
    SECRETARIAT = "secretariat", _("Đoàn Thư ký")
    COUNTING = "counting", _("Ban Kiểm phiếu")


class ElectionKind(models.TextChoices):
    COMMITTEE = "committee", _("Bầu Chi ủy")
    SECRETARY = "secretary", _("Bầu Bí thư")
    DEPUTY_SECRETARY = "deputy_secretary", _("Bầu Phó Bí thư")
    DELEGATES = "delegates", _("Bầu đại biểu dự Đại hội cấp trên")


class ElectionState(models.TextChoices):
    NOMINATING = "nominating", _("Đang lập danh sách")
    VOTING = "voting", _("Đang bỏ phiếu, kiểm phiếu")
    CLOSED = "closed", _("Đã kết thúc kiểm phiếu")


class CandidateSource(models.TextChoices):
    CONVENING = "convening", _("Chi ủy triệu tập giới thiệu")
    SELF = "self", _("Tự ứng cử")
    FLOOR = "floor", _("Đại hội giới thiệu")


class Style(models.TextChoices):
    STRIKE = "strike", _("Gạch tên người không bầu (có dư)")
    AGREE = "agree", _("Đồng ý / không đồng ý (không dư)")


class EntryState(models.TextChoices):
    PENDING = "pending", _("Chờ nhập lần hai")
    ACCEPTED = "accepted", _("Đã khớp, được chấp nhận")
    MISMATCH = "mismatch", _("Hai lần nhập không khớp")
