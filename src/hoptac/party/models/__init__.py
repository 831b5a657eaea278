"""The party module's models, one file per part of the cell's work (STYLE.md: models/ when past ~600 lines)."""

from .admission import AdmissionCase, AdmissionStep
from .cell import CellRules, CommitteePosition, PartyCell, Term
from .evaluation import EvaluationYear, MemberEvaluation, TermTarget
from .fees import FeeCharge, FeeMonth, FeePayment
from .meetings import AgendaItem, Attendance, Conclusion, FollowUpTask, Meeting, MeetingDocument, Notice
from .members import BadgeAward, MemberStatusPeriod, PartyMember
from .residence import ResidenceFeedback
from .study import Directive, Recognition, StudyRecord, StudySession
from .supervision import SupervisionItem, SupervisionPlan

__all__ = [
    "AdmissionCase",
    "AdmissionStep",
    "AgendaItem",
    "Attendance",
    "BadgeAward",
    "CellRules",
    "CommitteePosition",
    "Conclusion",
    "Directive",
    "EvaluationYear",
    "FeeCharge",
    "FeeMonth",
    "FeePayment",
    "FollowUpTask",
    "Meeting",
    "MeetingDocument",
    "MemberEvaluation",
    "MemberStatusPeriod",
    "Notice",
    "PartyCell",
    "PartyMember",
    "Recognition",
    "ResidenceFeedback",
    "StudyRecord",
    "StudySession",
    "SupervisionItem",
    "SupervisionPlan",
    "Term",
    "TermTarget",
]
