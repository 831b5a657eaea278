"""Who sees what of the party module (core.permissions): party roles of the cell only — nobody else, ever.

* The cell committee (secretary, deputy secretary, committee members) sees everything of its cell.
* A member sees their own records (profile, status, badges, study, commendations, residence feedback, fees,
  evaluations) and the cell's shared matters: notices, meetings once notified, published documents, minutes,
  directives and study sessions, the committee's composition and the term targets.
* The system administrator, the institute's leader and every other role see nothing unless they also hold a
  party role of the cell (PRODUCT.md) — there is no bypass in :func:`hoptac.core.permissions.restrict`.
* The change history of party records is readable by the committee only (issue 6 §1).

Changes go through :mod:`hoptac.party.services`, which check the acting role per action; a policy's CHANGE is
only the outer bound (the committee of the cell).
"""

from __future__ import annotations

from django.db.models import Q

from hoptac.accounts import roles
from hoptac.core.permissions import VIEW, history_policy, policy

from . import models as m

COMMITTEE_ROLES = frozenset({roles.CELL_SECRETARY, roles.CELL_DEPUTY_SECRETARY, roles.CELL_COMMITTEE_MEMBER})
# The secretary and deputy run the cell's books (fees, evaluations' proposals) as well; committee members too —
# the regulations give the committee collective responsibility, so every committee role may act.
ALL_PARTY_ROLES = roles.PARTY_ROLES


def committee_cells(user) -> set[int]:
    return user.scope_ids(*COMMITTEE_ROLES)


def member_cells(user) -> set[int]:
    return user.scope_ids(*ALL_PARTY_ROLES)


def is_committee(user, cell_id: int | None = None) -> bool:
    cells = committee_cells(user)
    return bool(cells) if cell_id is None else cell_id in cells


def _cell_wide(cell_path: str, *, members_see: Q | None = None):
    """Committee: every row of its cells; members: rows of their cell (narrowed by ``members_see``), view only."""

    def rule(user, action):
        committee = committee_cells(user)
        condition = Q(**{f"{cell_path}__in": committee}) if committee else None
        member_only = member_cells(user) - committee if action == VIEW else set()
        if member_only:
            visible = Q(**{f"{cell_path}__in": member_only})
            if members_see is not None:
                visible &= members_see
            condition = visible if condition is None else condition | visible
        return condition if condition is not None else False

    return rule


def _personal(member_path: str):
    """Committee: the rows of its cell's members; a member: their own rows (view only)."""
    cell_path = f"{member_path}__cell_id" if member_path else "cell_id"
    user_path = f"{member_path}__user_id" if member_path else "user_id"

    def rule(user, action):
        committee = committee_cells(user)
        condition = Q(**{f"{cell_path}__in": committee}) if committee else None
        if action == VIEW and member_cells(user):
            own = Q(**{user_path: user.pk}) & Q(**{f"{cell_path}__in": member_cells(user)})
            condition = own if condition is None else condition | own
        return condition if condition is not None else False

    return rule


def _committee_only(cell_path: str):
    def rule(user, action):
        committee = committee_cells(user)
        return Q(**{f"{cell_path}__in": committee}) if committee else False

    return rule


NOTIFIED_STATES = ["notified", "held", "closed"]
NOTIFIED = Q(state__in=NOTIFIED_STATES)

policy(m.PartyCell)(_cell_wide("id"))
policy(m.Term)(_cell_wide("cell_id"))
policy(m.CommitteePosition)(_cell_wide("term__cell_id"))
policy(m.TermTarget)(_cell_wide("term__cell_id"))
policy(m.Notice)(_cell_wide("cell_id"))
policy(m.Meeting)(_cell_wide("cell_id", members_see=NOTIFIED))
policy(m.AgendaItem)(_cell_wide("meeting__cell_id", members_see=Q(meeting__state__in=NOTIFIED_STATES)))
policy(m.MeetingDocument)(
    _cell_wide(
        "meeting__cell_id",
        members_see=Q(published_at__isnull=False, meeting__state__in=NOTIFIED_STATES),
    )
)
policy(m.Attendance)(_cell_wide("meeting__cell_id", members_see=Q(meeting__state__in=["held", "closed"])))
policy(m.Conclusion)(_cell_wide("meeting__cell_id", members_see=Q(meeting__state__in=["held", "closed"])))
policy(m.FollowUpTask)(_cell_wide("cell_id", members_see=Q(supervision__isnull=True)))
policy(m.Directive)(_cell_wide("cell_id"))
policy(m.StudySession)(_cell_wide("directive__cell_id"))

policy(m.PartyMember)(_personal(""))
policy(m.MemberStatusPeriod)(_personal("member"))
policy(m.BadgeAward)(_personal("member"))
policy(m.StudyRecord)(_personal("member"))
policy(m.Recognition)(_personal("member"))
policy(m.ResidenceFeedback)(_personal("member"))
policy(m.FeeCharge)(_personal("member"))
policy(m.FeePayment)(_personal("charge__member"))
policy(m.MemberEvaluation)(_personal("member"))

policy(m.CellRules)(_committee_only("cell_id"))
policy(m.AdmissionCase)(_committee_only("cell_id"))
policy(m.AdmissionStep)(_committee_only("case__cell_id"))
policy(m.SupervisionPlan)(_committee_only("cell_id"))
policy(m.SupervisionItem)(_committee_only("plan__cell_id"))
policy(m.FeeMonth)(_committee_only("cell_id"))
policy(m.EvaluationYear)(_cell_wide("cell_id"))

# History of every party record: the committee of the cell only (issue 6 §1).
_HISTORY_PATHS = {
    m.PartyCell: "id",
    m.CellRules: "cell_id",
    m.Term: "cell_id",
    m.CommitteePosition: "term__cell_id",
    m.TermTarget: "term__cell_id",
    m.PartyMember: "cell_id",
    m.MemberStatusPeriod: "member__cell_id",
    m.BadgeAward: "member__cell_id",
    m.AdmissionCase: "cell_id",
    m.AdmissionStep: "case__cell_id",
    m.Meeting: "cell_id",
    m.AgendaItem: "meeting__cell_id",
    m.MeetingDocument: "meeting__cell_id",
    m.Attendance: "meeting__cell_id",
    m.Conclusion: "meeting__cell_id",
    m.FollowUpTask: "cell_id",
    m.Notice: "cell_id",
    m.Directive: "cell_id",
    m.StudySession: "directive__cell_id",
    m.StudyRecord: "member__cell_id",
    m.Recognition: "member__cell_id",
    m.SupervisionPlan: "cell_id",
    m.SupervisionItem: "plan__cell_id",
    m.ResidenceFeedback: "member__cell_id",
    m.FeeMonth: "cell_id",
    m.FeeCharge: "member__cell_id",
    m.FeePayment: "charge__member__cell_id",
    m.EvaluationYear: "cell_id",
    m.MemberEvaluation: "member__cell_id",
}
for _model, _path in _HISTORY_PATHS.items():
    history_policy(_model)(_committee_only(_path))
