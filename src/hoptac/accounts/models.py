"""Users, organisational units, roles and scoped role assignments, and the log-in journal."""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hoptac.core.audit import audited
from hoptac.core.fields import SortKeyField
from hoptac.core.models import DerivedColumns, Versioned
from hoptac.core.permissions import scope_kind
from hoptac.core.text import fold, sort_key

from . import roles


class Language(models.TextChoices):
    VI = "vi", "Tiếng Việt"  # each language named in itself
    EN = "en", "English"


class UnitKind(models.TextChoices):
    ALLIANCE = "alliance", _("Liên minh Hợp tác xã Việt Nam")
    ALLIANCE_BOARD = "alliance_board", _("Ban / Thường trực Liên minh")
    INSTITUTE = "institute", _("Viện")
    INSTITUTE_DEPARTMENT = "institute_department", _("Phòng, trung tâm thuộc Viện")
    LAB = "lab", _("Trung tâm kiểm nghiệm")
    PROVINCIAL_ALLIANCE = "provincial_alliance", _("Liên minh HTX tỉnh/thành phố")


@audited()
class OrgUnit(DerivedColumns, models.Model):
    """An organisation or unit users belong to: the institute and its departments, the testing center,
    the VCA's boards, the 34 provincial cooperative alliances."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=80, blank=True)
    kind = models.CharField(_("loại"), max_length=30, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    province = models.ForeignKey(
        "places.Province", verbose_name=_("tỉnh/thành phố"), null=True, blank=True, on_delete=models.PROTECT
    )
    sort_key = SortKeyField(db_index=True)

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["sort_key"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="provincial_alliance") | models.Q(province__isnull=False),
                name="orgunit_provincial_alliance_has_province",
            ),
            models.UniqueConstraint(
                fields=["province"],
                condition=models.Q(kind="provincial_alliance"),
                name="orgunit_one_alliance_per_province",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    derived_from = ("name",)
    derived_columns = ("sort_key",)

    def refresh_derived(self) -> None:
        self.sort_key = sort_key(self.name)


EMAIL_TAKEN = _("Địa chỉ thư điện tử này đã được dùng cho người dùng khác.")
USERNAME_TAKEN = _("Tên đăng nhập này đã có người dùng.")


class HoptacUserManager(UserManager):
    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


@audited(exclude=["password", "last_login", "two_factor_stamp"])
class User(DerivedColumns, Versioned, AbstractUser):
    """A person who logs in. Log-in by user name or e-mail (both unique, case-insensitive)."""

    # No "@" in user names: whatever contains "@" is looked up as an e-mail address at log-in, so a user name
    # equal to someone's e-mail would log in as, and lock out, the wrong person.
    username = models.CharField(
        _("tên đăng nhập"),
        max_length=150,
        unique=True,
        validators=[
            RegexValidator(
                r"^[\w.+-]+\Z", _("Tên đăng nhập chỉ gồm chữ cái, chữ số và các ký tự . + - _ (không có @).")
            )
        ],
        help_text=_("Chữ cái, chữ số và các ký tự . + - _ (tối đa 150 ký tự)."),
        error_messages={"unique": USERNAME_TAKEN},
    )
    first_name = None  # Vietnamese names are written whole: "Nguyễn Thị Lan"
    last_name = None
    full_name = models.CharField(_("họ và tên"), max_length=150)
    email = models.EmailField(_("thư điện tử"), max_length=254)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    job_title = models.CharField(_("chức vụ"), max_length=150, blank=True)
    language = models.CharField(
        _("ngôn ngữ giao diện"), max_length=5, choices=Language.choices, default=Language.VI
    )
    email_notifications = models.BooleanField(_("nhận thông báo qua thư điện tử"), default=True)
    search_text = models.TextField(editable=False, default="")
    sort_key = SortKeyField(db_index=True)
    # Changed whenever the second factor is turned on, off, reset or its recovery codes renewed: it is part of
    # the session hash, so every other session of the person ends (services.two_factor_stamp_rotate).
    two_factor_stamp = models.CharField(max_length=32, blank=True, default="", editable=False)

    REQUIRED_FIELDS = ["email", "full_name"]
    objects = HoptacUserManager()

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["sort_key"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), name="user_email_unique_ci", violation_error_message=EMAIL_TAKEN
            ),
            models.UniqueConstraint(
                Lower("username"), name="user_username_unique_ci", violation_error_message=USERNAME_TAKEN
            ),
            models.CheckConstraint(condition=~models.Q(email=""), name="user_email_required"),
            models.CheckConstraint(
                condition=~models.Q(username__contains="@"), name="user_username_without_at"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def _get_session_auth_hash(self, secret=None):
        """The password's session hash, plus the second-factor stamp once there is one (an empty stamp keeps the
        hash Django computed before, so sessions survive the upgrade)."""
        if not self.two_factor_stamp:
            return super()._get_session_auth_hash(secret=secret)
        from django.utils.crypto import salted_hmac

        return salted_hmac(
            "hoptac.accounts.User.get_session_auth_hash",
            f"{self.password}:{self.two_factor_stamp}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    def clean(self):
        super().clean()
        self.email = (self.email or "").strip().lower()
        errors = {}
        if self.email and User.objects.filter(email__iexact=self.email).exclude(pk=self.pk).exists():
            errors["email"] = EMAIL_TAKEN
        if self.username and User.objects.filter(username__iexact=self.username).exclude(pk=self.pk).exists():
            errors["username"] = USERNAME_TAKEN
        if errors:
            raise ValidationError(errors)

    derived_from = ("full_name", "username", "email", "phone")
    derived_columns = ("search_text", "sort_key")

    def refresh_derived(self) -> None:
        self.email = (self.email or "").strip().lower()
        self.search_text = fold(" ".join([self.full_name, self.username, self.email, self.phone]))
        self.sort_key = sort_key(self.full_name or self.username)

    # --- roles -------------------------------------------------------------------------------------------
    @cached_property
    def role_grants(self) -> tuple[tuple[str, str, int | None], ...]:
        """(role code, scope kind, scope id) for every assignment; loaded once per request."""
        if not self.pk:
            return ()
        return tuple(
            (code, kind or "", scope_id)
            for code, kind, scope_id in self.role_assignments.values_list(
                "role__code", "role__scope_kind", "scope_id"
            )
        )

    def forget_roles(self) -> None:
        self.__dict__.pop("role_grants", None)

    @property
    def role_codes(self) -> frozenset[str]:
        return frozenset(code for code, _kind, _id in self.role_grants)

    def has_role(self, *codes: str) -> bool:
        return bool(self.role_codes.intersection(codes))

    def scope_ids(self, *codes: str) -> set[int]:
        """Ids of the objects the user's assignments of these roles are limited to."""
        return {
            scope_id for code, _kind, scope_id in self.role_grants if code in codes and scope_id is not None
        }

    @property
    def is_system_admin(self) -> bool:
        return self.has_role(roles.SYSTEM_ADMIN)

    @property
    def is_institute_wide(self) -> bool:
        return bool(self.role_codes & roles.INSTITUTE_WIDE)


@audited()
class Role(models.Model):
    """A role from PRODUCT.md, stored as data; ``scope_kind`` says what an assignment of it is limited to."""

    code = models.SlugField(_("mã"), max_length=50, unique=True)
    name = models.CharField(_("tên"), max_length=120)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=120)
    description = models.TextField(_("mô tả"), blank=True)
    scope_kind = models.CharField(_("phạm vi"), max_length=30, blank=True)
    is_party = models.BooleanField(_("vai trò của Đảng"), default=False)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "vi").startswith("en") else self.name


@audited()
class RoleAssignment(models.Model):
    """One role held by one user, limited to one scope object when the role has a scope kind."""

    user = models.ForeignKey(
        User, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.ForeignKey(
        Role, verbose_name=_("vai trò"), on_delete=models.PROTECT, related_name="assignments"
    )
    scope_type = models.ForeignKey(
        ContentType, verbose_name=_("loại phạm vi"), null=True, blank=True, on_delete=models.PROTECT
    )
    scope_id = models.PositiveBigIntegerField(_("mã đối tượng phạm vi"), null=True, blank=True)
    scope = GenericForeignKey("scope_type", "scope_id")
    granted_by = models.ForeignKey(
        User, verbose_name=_("người cấp"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(_("ngày cấp"), auto_now_add=True)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope_type__isnull=True, scope_id__isnull=True)
                | models.Q(scope_type__isnull=False, scope_id__isnull=False),
                name="roleassignment_scope_complete",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "scope_type", "scope_id"],
                nulls_distinct=False,
                name="roleassignment_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.role}" + (f" ({self.scope})" if self.scope_id else "")

    def clean(self):
        super().clean()
        if not self.role_id:
            return
        kind_code = self.role.scope_kind
        if not kind_code:
            if self.scope_type_id or self.scope_id:
                raise ValidationError(_("Vai trò này áp dụng cho toàn hệ thống, không gắn với phạm vi nào."))
            return
        kind = scope_kind(kind_code)
        if kind is None:
            raise ValidationError(_("Loại phạm vi của vai trò này chưa được hệ thống hỗ trợ."))
        if not self.scope_id:
            raise ValidationError(_("Vai trò này cần chọn phạm vi (%(kind)s).") % {"kind": kind.label})
        expected = ContentType.objects.get_for_model(kind.model())
        if self.scope_type_id != expected.pk:
            raise ValidationError(_("Phạm vi không đúng loại: cần %(kind)s.") % {"kind": kind.label})
        if not kind.model().objects.filter(pk=self.scope_id).exists():
            raise ValidationError(_("Không tìm thấy đối tượng phạm vi đã chọn."))


class LoginEventKind(models.TextChoices):
    LOGIN = "login", pgettext_lazy("log-in journal", "Đăng nhập")
    LOGOUT = "logout", pgettext_lazy("log-in journal", "Đăng xuất")
    FAILURE = "failure", _("Đăng nhập không thành công")
    LOCKED = "locked", _("Bị khoá tạm thời")
    PASSWORD_RESET_REQUEST = "reset_request", _("Yêu cầu đặt lại mật khẩu")
    PASSWORD_CHANGED = "password_changed", pgettext_lazy("log-in journal", "Đổi mật khẩu")
    TWO_FACTOR_ENABLED = "2fa_enabled", pgettext_lazy("log-in journal", "Bật xác thực hai lớp")
    TWO_FACTOR_DISABLED = "2fa_disabled", pgettext_lazy("log-in journal", "Tắt xác thực hai lớp")
    TWO_FACTOR_RESET = "2fa_reset", _("Quản trị hệ thống đặt lại xác thực hai lớp")
    RECOVERY_CODE_USED = "recovery_code_used", _("Đăng nhập bằng mã khôi phục")
    RECOVERY_CODES_RENEWED = "recovery_renewed", _("Tạo lại mã khôi phục")


class LoginEvent(models.Model):
    """The log-in journal: every log-in, log-out and failure, append-only.

    Not tracked by pghistory: it is itself an audit record and is never updated.
    """

    audit_exempt = "append-only journal; it is the audit record itself"

    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("sự kiện"), max_length=20, choices=LoginEventKind.choices)
    user = models.ForeignKey(
        User,
        verbose_name=_("người dùng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="login_events",
    )
    identifier = models.CharField(_("tên đăng nhập đã gõ"), max_length=254, blank=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    user_agent = models.CharField(_("trình duyệt"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("nhật ký đăng nhập")
        verbose_name_plural = _("nhật ký đăng nhập")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="loginevent_user_recent")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.identifier}"


@audited(exclude=["secret", "failed_codes", "failures_since"])
class TwoFactorDevice(models.Model):
    """A person's authenticator app (TOTP, RFC 6238): one per user.

    The secret is shown only while enrolling (QR code and text) and is never copied into the history tables.
    ``last_used_step`` is the time step of the last accepted code: a code of that step or an earlier one is
    refused, so a code seen over someone's shoulder cannot be used again.
    """

    user = models.OneToOneField(
        User, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="two_factor_device"
    )
    secret = models.BinaryField(_("khoá bí mật"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("thời điểm bật"), null=True, blank=True)
    last_used_step = models.BigIntegerField(_("bước thời gian dùng lần cuối"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    # Wrong codes of this person from any address since ``failures_since`` (the per-person limit, services).
    failed_codes = models.PositiveIntegerField(default=0, editable=False)
    failures_since = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("thiết bị xác thực hai lớp")
        verbose_name_plural = _("thiết bị xác thực hai lớp")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


@audited(exclude=["salt", "code_hash"])
class RecoveryCode(models.Model):
    """One single-use recovery code, for logging in without the phone; stored as a salted SHA-256 only.

    The codes carry about 59 bits of chance each (12 characters of 31), so a fast salted hash is enough: a
    slow password hasher would make checking ten of them at every log-in cost seconds.
    """

    user = models.ForeignKey(
        User, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="recovery_codes"
    )
    salt = models.CharField(max_length=32, editable=False)
    code_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    used_at = models.DateTimeField(_("thời điểm dùng"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã khôi phục")
        verbose_name_plural = _("mã khôi phục")

    def __str__(self) -> str:
        return f"{self.user} #{self.pk}"
