from hoptac.core.testing.matrix import Expect, only

ROLE_MATRIX = [
    Expect("party:evaluation_list", only("party_secretary", "party_member")),
    Expect("party:target_list", only("party_secretary", "party_member")),
]
