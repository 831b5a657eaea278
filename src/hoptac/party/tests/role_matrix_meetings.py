from hoptac.core.testing.matrix import Expect, only

ROLE_MATRIX = [
    Expect("party:meeting_list", only("party_secretary", "party_member")),
    Expect("party:notice_list", only("party_secretary", "party_member")),
]
