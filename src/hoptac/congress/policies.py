"""Who sees what of a congress (core.permissions): the cell's party roles, and the congress's duty holders.

* Congress, its documents, service bodies, elections and candidate lists: every party role of the cell (a
  congress is the cell's own business). Votes and results are shown only once a count is closed — selectors and
  templates read ``Election.state``; ballots themselves are for the counting committee.
* The summoned list (with each exclusion's reason): the cell committee and the congress's duty holders; a member
  sees their own line.
* Ballots and their entries: the counting committee of that congress only (scope kind "congress").
* Change history: the cell committee's, except for ballots and their readings — the counting committee's, once
  the count is closed.
* Nobody else — the administrator included — sees anything (decision 0008).
Changes go through :mod:`hoptac.congress.services`, which check the acting role per action.
"""

from __future__ import annotations

from django.db.models import Q

from hoptac.accounts import roles
from hoptac.core.permissions import VIEW, history_policy, policy
from hoptac.party.policies import committee_cells, member_cells

from .models import (
    Ballot,
    BallotEntry,
    BodyVote,
    Candidate,
    Congress,
    CongressDocument,
    Duty,
    Election,
    Summons,
)


def duty_congresses(user, *codes: str) -> set[int]:
    return user.scope_ids(*(codes or roles.CONGRESS_ROLES))


def _cell_wide(congress_path: str):
    cell_path = f"{congress_path}cell_id"

    def rule(user, action):
        if action == VIEW:
            cells = member_cells(user)
            return Q(**{f"{cell_path}__in": cells}) if cells else False
        committee = committee_cells(user)
        duties = duty_congresses(user, roles.CONGRESS_PRESIDIUM, roles.CONGRESS_SECRETARIAT)
        condition = Q(**{f"{cell_path}__in": committee}) if committee else None
        if duties:
            on_duty = Q(**{f"{congress_path}id__in" if congress_path else "id__in": duties})
            condition = on_duty if condition is None else condition | on_duty
        return condition if condition is not None else False

    return rule


def _summons(user, action):
    committee = committee_cells(user)
    duties = duty_congresses(user)
    condition = Q(congress__cell_id__in=committee) if committee else None
    if duties:
        on_duty = Q(congress_id__in=duties)
        condition = on_duty if condition is None else condition | on_duty
    if action == VIEW and member_cells(user):
        own = Q(member__user_id=user.pk) & Q(congress__cell_id__in=member_cells(user))
        condition = own if condition is None else condition | own
    return condition if condition is not None else False


def _counting(congress_path: str):
    def rule(user, action):
        counters = duty_congresses(user, roles.CONGRESS_COUNTER)
        return Q(**{f"{congress_path}__in": counters}) if counters else False

    return rule


policy(Congress)(_cell_wide(""))
policy(CongressDocument)(_cell_wide("congress__"))
policy(BodyVote)(_cell_wide("congress__"))
policy(Duty)(_cell_wide("congress__"))
policy(Election)(_cell_wide("congress__"))
policy(Candidate)(_cell_wide("election__congress__"))
policy(Summons)(_summons)
policy(Ballot)(_counting("election__congress_id"))
policy(BallotEntry)(_counting("ballot__election__congress_id"))


def _committee_history(cell_path: str):
    def rule(user, action):
        committee = committee_cells(user)
        return Q(**{f"{cell_path}__in": committee}) if committee else False

    return rule


for _model, _path in {
    Congress: "cell_id",
    CongressDocument: "congress__cell_id",
    BodyVote: "congress__cell_id",
    Duty: "congress__cell_id",
    Election: "congress__cell_id",
    Candidate: "election__congress__cell_id",
    Summons: "congress__cell_id",
}.items():
    history_policy(_model)(_committee_history(_path))


def _ballot_history(election_path: str):
    """The history of ballots and readings holds every mark: like the ballots themselves it is the counting
    committee's, and only once the count is closed — before that it would show votes (issue 7 §6) and let a
    second reader see the first reading."""

    def rule(user, action):
        counters = duty_congresses(user, roles.CONGRESS_COUNTER)
        if not counters:
            return False
        return Q(**{f"{election_path}congress_id__in": counters}) & Q(**{f"{election_path}state": "closed"})

    return rule


history_policy(Ballot)(_ballot_history("election__"))
history_policy(BallotEntry)(_ballot_history("ballot__election__"))
