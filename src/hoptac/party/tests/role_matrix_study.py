from hoptac.core.testing.matrix import Expect, only

ROLE_MATRIX = [
    Expect("party:directive_list", only("party_secretary", "party_member")),
    Expect("party:supervision_list", only("party_secretary")),
    Expect("party:residence_list", only("party_secretary")),
]
