from hoptac.core.testing.matrix import Expect, only

ROLE_MATRIX = [
    Expect("party:member_list", only("party_secretary")),
    Expect("party:my_record", only("party_secretary", "party_member")),
    Expect("party:admission_list", only("party_secretary")),
]
