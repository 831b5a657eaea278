from hoptac.core.testing.matrix import Expect, only

ROLE_MATRIX = [Expect("congress:congress_list", only("party_secretary", "party_member"))]
