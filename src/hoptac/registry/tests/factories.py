import itertools

import factory
from stdnum.vn import mst

from hoptac.places.models import Province
from hoptac.registry.choices import LegalForm, Sector
from hoptac.registry.models import Cooperative

_sequence = itertools.count(1)


def valid_tax_code(prefix: str = "60") -> str:
    """The next valid 10-digit tax code (python-stdnum computes the check digit; some sequences have none)."""
    while True:
        body = f"{prefix}{next(_sequence):07d}"
        try:
            return mst.validate(body + mst.calc_check_digit(body))
        except (mst.ValidationError, ValueError):
            continue


class CooperativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cooperative

    legal_form = LegalForm.COOPERATIVE
    name = factory.Sequence(lambda n: f"Hợp tác xã Nông nghiệp Thử Nghiệm {n}")
    tax_code = factory.LazyFunction(valid_tax_code)
    province = factory.LazyFunction(lambda: Province.objects.get(code="66"))
    member_count = 12
    sectors = factory.LazyFunction(lambda: [Sector.AGRICULTURE])
    representative = "Nguyễn Văn Thử"
