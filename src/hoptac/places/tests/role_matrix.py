"""Province screens are reference data: every logged-in persona reads them; anonymous visitors log in first."""

from hoptac.core.testing.matrix import Expect, logged_in

ROLE_MATRIX = [
    Expect("places:province_list", logged_in(200)),
    Expect("places:province_detail", logged_in(200), kwargs=lambda ctx: {"code": "66"}),
]
