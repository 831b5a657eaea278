"""The registry's personas: a cooperative representative, and how "cooperative:KEY" scopes resolve."""

from hoptac.core.testing.personas import Persona, register_persona, register_scope_resolver

OWN_TAX_CODE = "6000000018"  # the representative's own cooperative, in Đắk Lắk
OTHER_TAX_CODE = "9600000015"  # another cooperative, in Cà Mau


def cooperative(tax_code: str):
    """The fixed test cooperative with this tax code (created on first use inside the test's transaction)."""
    from hoptac.places.models import Province
    from hoptac.registry.models import Cooperative

    province_code = "66" if tax_code == OWN_TAX_CODE else "96"
    found = Cooperative.objects.filter(tax_code=tax_code).first()
    if found is None:
        found = Cooperative.objects.create(
            name=f"Hợp tác xã Dịch vụ Nông nghiệp {'Ea Tu' if province_code == '66' else 'Tân Hưng'}",
            tax_code=tax_code,
            province=Province.objects.get(code=province_code),
            member_count=25,
            representative="Y Bih Niê" if province_code == "66" else "Lý Văn Hưng",
        )
    return found


register_scope_resolver("cooperative", cooperative)
register_persona(
    Persona("cooperative_rep", "Y Bih Niê", (("cooperative_representative", f"cooperative:{OWN_TAX_CODE}"),))
)
