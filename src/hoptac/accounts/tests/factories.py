import factory
from django.contrib.contenttypes.models import ContentType

from hoptac.accounts.models import OrgUnit, Role, RoleAssignment, UnitKind, User


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"don-vi-{n}")
    name = factory.Sequence(lambda n: f"Phòng Nghiệp vụ {n}")
    kind = UnitKind.INSTITUTE_DEPARTMENT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@vienkhcnmt.vn")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    password = factory.PostGenerationMethodCall("set_password", "Mat-khau-2026")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create:
            self.save()
        for spec in extracted or ():
            role_code, scope = spec if isinstance(spec, tuple) else (spec, None)
            grant(self, role_code, scope)


def grant(user: User, role_code: str, scope=None) -> RoleAssignment:
    assignment = RoleAssignment.objects.create(
        user=user,
        role=Role.objects.get(code=role_code),
        scope_type=ContentType.objects.get_for_model(scope) if scope is not None else None,
        scope_id=scope.pk if scope is not None else None,
    )
    user.forget_roles()
    return assignment
