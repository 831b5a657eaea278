"""Every write to accounts data: ``<entity>_<action>(*, actor, ...)`` — validate, save, record, notify on commit."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import F, Model, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from hoptac.core.audit import acting_as
from hoptac.core.errors import DomainError
from hoptac.core.models import save_if_current
from hoptac.core.permissions import scope_kind

from . import roles, totp
from .models import (
    Language,
    LoginEvent,
    LoginEventKind,
    RecoveryCode,
    Role,
    RoleAssignment,
    TwoFactorDevice,
    User,
)

USER_EDITABLE_FIELDS = (
    "username",
    "email",
    "full_name",
    "phone",
    "unit",
    "job_title",
    "language",
    "email_notifications",
)


def _client_ip(request) -> str | None:
    """The same client address django-axes locks on (proxy-aware, see settings.BEHIND_PROXY)."""
    if request is None:
        return None
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or None


def record_login_event(request, kind: str, *, user: User | None = None, identifier: str = "") -> LoginEvent:
    return LoginEvent.objects.create(
        kind=kind,
        user=user if user is not None and user.pk else None,
        identifier=(identifier or "")[:254],
        ip_address=_client_ip(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:300],
    )


def _require_admin(actor: User) -> None:
    if not actor.is_system_admin:
        raise DomainError(_("Chỉ quản trị hệ thống được quản lý người dùng."), code="forbidden")


def user_create(*, actor: User, send_invitation: bool = True, **fields: Any) -> User:
    """Create an account without a password; the person sets it from the e-mailed link."""
    _require_admin(actor)
    user = User(**{name: value for name, value in fields.items() if name in USER_EDITABLE_FIELDS})
    user.set_unusable_password()
    user.full_clean()
    try:
        with transaction.atomic(), acting_as(actor):
            user.save()
            if send_invitation:
                password_reset_send(user=user, invitation=True)
    except IntegrityError as exc:  # the same user name or e-mail created by someone else a moment ago
        raise DomainError(
            _("Tên đăng nhập hoặc thư điện tử vừa được dùng cho một tài khoản khác."), code="duplicate"
        ) from exc
    return user


def user_update(*, actor: User, user: User, version: int, **fields: Any) -> User:
    _require_admin(actor)
    changed = []
    for name, value in fields.items():
        if name not in USER_EDITABLE_FIELDS:
            raise DomainError(_("Trường %(field)s không sửa được ở đây.") % {"field": name})
        if getattr(user, name) != value:
            setattr(user, name, value)
            changed.append(name)
    user.full_clean()
    if changed:
        with acting_as(actor):
            save_if_current(user, version, changed)
    return user


def user_set_active(*, actor: User, user: User, active: bool) -> User:
    _require_admin(actor)
    if user.pk == actor.pk and not active:
        raise DomainError(_("Bạn không thể tự vô hiệu hoá tài khoản của chính mình."), code="self")
    with transaction.atomic():
        if not active and user.is_system_admin:
            _ensure_another_admin_remains(user)
        if user.is_active != active:
            user.is_active = active
            with acting_as(actor):
                user.save(update_fields=["is_active"])
    return user


def user_set_preferences(*, actor: User, language: str, email_notifications: bool | None = None) -> User:
    """A person's own preferences (any logged-in user, for themselves only)."""
    if language not in Language.values:
        raise DomainError(_("Ngôn ngữ không được hỗ trợ."), code="language")
    actor.language = language
    fields = ["language"]
    if email_notifications is not None:
        actor.email_notifications = email_notifications
        fields.append("email_notifications")
    with acting_as(actor):
        actor.save(update_fields=fields)
    return actor


def _ensure_another_admin_remains(user: User) -> None:
    others = (
        RoleAssignment.objects.filter(role__code=roles.SYSTEM_ADMIN, user__is_active=True)
        .exclude(user=user)
        .exists()
    )
    if not others:
        raise DomainError(_("Phải còn ít nhất một quản trị hệ thống đang hoạt động."), code="last_admin")


PARTY_ROLE_REFUSED = _("Vai trò của Đảng do chi bộ phân công trong phân hệ Đảng, không cấp ở đây.")


def role_assign(*, actor: User, user: User, role: Role, scope: Model | None = None) -> RoleAssignment:
    _require_admin(actor)
    if role.is_party:
        raise DomainError(PARTY_ROLE_REFUSED, code="party_role")
    assignment = RoleAssignment(user=user, role=role, granted_by=actor)
    if scope is not None:
        kind = scope_kind(role.scope_kind)
        if kind is None or not isinstance(scope, kind.model()):
            raise DomainError(_("Phạm vi không đúng loại cho vai trò này."), code="scope")
        assignment.scope_type = ContentType.objects.get_for_model(scope)
        assignment.scope_id = scope.pk
    assignment.full_clean(validate_constraints=False)
    duplicate = DomainError(_("Người dùng đã có vai trò này với phạm vi này."), code="duplicate")
    if RoleAssignment.objects.filter(
        user=user, role=role, scope_type=assignment.scope_type, scope_id=assignment.scope_id
    ).exists():
        raise duplicate
    try:
        with transaction.atomic(), acting_as(actor):
            assignment.save()
    except IntegrityError as exc:  # the same role granted by someone else a moment ago
        raise duplicate from exc
    user.forget_roles()
    return assignment


def role_revoke(*, actor: User, assignment: RoleAssignment) -> None:
    _require_admin(actor)
    if assignment.role.is_party:
        raise DomainError(PARTY_ROLE_REFUSED, code="party_role")
    if assignment.role.code == roles.SYSTEM_ADMIN and assignment.user_id == actor.pk:
        raise DomainError(_("Bạn không thể tự bỏ quyền quản trị hệ thống của mình."), code="self")
    with transaction.atomic(), acting_as(actor):
        if assignment.role.code == roles.SYSTEM_ADMIN:
            _ensure_another_admin_remains(assignment.user)
        assignment.delete()
    assignment.user.forget_roles()


def password_reset_send(*, user: User, invitation: bool = False, request=None) -> None:
    """Queue an e-mail with a one-time link to set a new password (sent by a background job after commit)."""
    if not user.is_active or not user.email:
        return
    from .tasks import send_password_link

    transaction.on_commit(lambda: send_password_link.defer(user_id=user.pk, invitation=invitation))
    if request is not None:
        record_login_event(request, LoginEventKind.PASSWORD_RESET_REQUEST, user=user, identifier=user.email)


def password_link_message(*, user_id: int, invitation: bool = False):
    """The e-mail carrying a fresh one-time link, in the person's language (None if the account is inactive)."""
    from django.conf import settings
    from django.core.mail import EmailMultiAlternatives

    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return None
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    context = {
        "user": user,
        "link": f"{settings.HOPTAC_BASE_URL.rstrip('/')}{path}",
        "invitation": invitation,
    }
    with translation.override(user.language):
        subject = render_to_string("accounts/email/password_reset_subject.txt", context).strip()
        body = render_to_string("accounts/email/password_reset.txt", context)
    return EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email]
    )


def password_reset_completed(*, request, user: User) -> None:
    """A new password set from an e-mailed link proves the person: lift their log-in lock-out and journal it."""
    from axes.utils import reset

    from .lockout import person_key

    reset(username=person_key(user))
    record_login_event(request, LoginEventKind.PASSWORD_CHANGED, user=user, identifier=user.get_username())


def login_lockout_lift(*, actor: User, user: User) -> int:
    """The administrator lifts a person's log-in lock-out (after checking who is calling)."""
    _require_admin(actor)
    from axes.utils import reset

    from .lockout import person_key

    return reset(username=person_key(user))


def login_is_locked(user: User) -> bool:
    from axes.models import AccessAttempt
    from django.conf import settings

    from .lockout import person_key

    return AccessAttempt.objects.filter(
        username=person_key(user), failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    ).exists()


# --- Two-factor log-in (TOTP with recovery codes; see docs/decisions/0007-two-factor.md) -------------------

RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I/L to misread
RECOVERY_CODE_LENGTH = 12
# Wrong codes of one person from any address: past this many within the window the code step refuses (django-axes
# counts per person *and* address, so many addresses would otherwise give unlimited guesses).
PERSON_FAILURE_LIMIT = 10
PERSON_FAILURE_WINDOW = timedelta(minutes=15)
WRONG_CODE = _("Mã xác thực không đúng, đã hết hạn hoặc đã được dùng. Hãy nhập mã đang hiện trong ứng dụng.")
WRONG_PROOF = _("Mã xác thực hoặc mã khôi phục không đúng.")
BAD_CODE_FORMAT = _(
    "Mã xác thực gồm đúng 6 chữ số 0–9; mã khôi phục gồm 12 chữ cái và chữ số in trên bản mã."
)
TOO_MANY_CODES = _(
    "Đã nhập sai mã xác thực quá nhiều lần trong 15 phút. Hãy đợi 15 phút rồi thử lại, "
    "hoặc liên hệ quản trị hệ thống."
)
NOT_ENABLED = _("Bạn chưa bật xác thực hai lớp.")
ALREADY_ENABLED = _("Xác thực hai lớp đã được bật cho tài khoản này.")
SETUP_EXPIRED = _("Phiên thiết lập đã hết hạn. Hãy quét lại mã QR mới rồi nhập mã.")
ENROL_SESSION_KEY = "hoptac_2fa_enrol"  # the secret being enrolled, in this session only, until confirmed

_TOTP_CODE = re.compile(r"[0-9]{6}")
_RECOVERY_CODE = re.compile(f"[{RECOVERY_ALPHABET}]{{{RECOVERY_CODE_LENGTH}}}")


def well_formed_code(text: str) -> bool:
    """Six ASCII digits (spaces allowed between) or a recovery code (dashes and spaces allowed); anything else —
    Arabic-Indic digits included — is refused before any comparison."""
    compact = "".join((text or "").split())
    return bool(_TOTP_CODE.fullmatch(compact) or _RECOVERY_CODE.fullmatch(_normalise_recovery(text)))


def _recovery_hash(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()


def _normalise_recovery(text: str) -> str:
    return "".join(ch for ch in (text or "").upper() if ch not in " -\t\n")


def _format_recovery(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def two_factor_stamp_rotate(user: User) -> None:
    """A new security stamp: the person's session hash changes, so Django ends every session made before (the
    acting one is kept by the view with ``update_session_auth_hash``)."""
    user.two_factor_stamp = secrets.token_hex(16)
    User.objects.filter(pk=user.pk).update(two_factor_stamp=user.two_factor_stamp)


def _notify(user: User, event: str) -> None:
    """E-mail the person that their second factor changed (queued after commit): a takeover is noticed."""
    if not user.email:
        return
    from .tasks import send_two_factor_notice

    transaction.on_commit(lambda: send_two_factor_notice.defer(user_id=user.pk, event=event))


TWO_FACTOR_NOTICES = {
    "enabled": _("Xác thực hai lớp đã được bật cho tài khoản của bạn."),
    "disabled": _("Xác thực hai lớp đã bị tắt cho tài khoản của bạn."),
    "reset": _("Quản trị hệ thống đã đặt lại xác thực hai lớp của tài khoản của bạn."),
    "renewed": _("Bộ mã khôi phục của tài khoản của bạn vừa được tạo lại; các mã cũ không còn dùng được."),
}


def two_factor_notice_message(*, user_id: int, event: str):
    """The notice e-mail in the person's language (None if the account is gone or has no address)."""
    from django.conf import settings
    from django.core.mail import EmailMultiAlternatives

    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None or event not in TWO_FACTOR_NOTICES:
        return None
    with translation.override(user.language):
        subject = str(_("Thay đổi xác thực hai lớp trên hoptac"))
        body = "\n\n".join(
            [
                str(TWO_FACTOR_NOTICES[event]),
                str(
                    _(
                        "Nếu không phải bạn làm việc này, hãy đổi mật khẩu ngay và báo cho quản trị hệ thống: "
                        "có thể người khác đang dùng tài khoản của bạn."
                    )
                ),
                f"{settings.HOPTAC_BASE_URL.rstrip('/')}{reverse('accounts:two_factor_setup')}",
            ]
        )
    return EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email]
    )


def _replace_recovery_codes(user: User) -> list[str]:
    """Ten new single-use codes replace the old ones; returned in clear text this once, stored hashed."""
    RecoveryCode.objects.filter(user=user).delete()
    codes = [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    rows = []
    for code in codes:
        salt = secrets.token_hex(16)
        rows.append(RecoveryCode(user=user, salt=salt, code_hash=_recovery_hash(salt, code)))
    RecoveryCode.objects.bulk_create(rows)
    return [_format_recovery(code) for code in codes]


def _accept_totp(device: TwoFactorDevice, code: str) -> bool:
    """A code of the current time step (±1) not older than the last one accepted; the step is consumed
    atomically, so the same code typed twice (or by two requests at once) is accepted once."""
    step = totp.matching_step(bytes(device.secret), code, after_step=device.last_used_step)
    if step is None:
        return False
    updated = (
        TwoFactorDevice.objects.filter(pk=device.pk)
        .filter(Q(last_used_step__isnull=True) | Q(last_used_step__lt=step))
        .update(last_used_step=step, last_used_at=timezone.now())
    )
    return updated == 1


def _accept_recovery_code(user: User, text: str) -> bool:
    code = _normalise_recovery(text)
    if not _RECOVERY_CODE.fullmatch(code):
        return False
    match = None
    for row in RecoveryCode.objects.filter(user=user, used_at__isnull=True):
        if hmac.compare_digest(row.code_hash, _recovery_hash(row.salt, code)) and match is None:
            match = row
    if match is None:
        return False
    return RecoveryCode.objects.filter(pk=match.pk, used_at__isnull=True).update(used_at=timezone.now()) == 1


def recovery_codes_left(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def confirmed_device(user: User) -> TwoFactorDevice | None:
    return TwoFactorDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def code_limit_reached(user: User) -> bool:
    """True while the person has typed ``PERSON_FAILURE_LIMIT`` wrong codes within the window, from any address."""
    since = timezone.now() - PERSON_FAILURE_WINDOW
    return TwoFactorDevice.objects.filter(
        user=user, failures_since__gte=since, failed_codes__gte=PERSON_FAILURE_LIMIT
    ).exists()


def code_failure_record(user: User) -> None:
    """Count one wrong code against the person (a new window once the old one has passed)."""
    now = timezone.now()
    since = now - PERSON_FAILURE_WINDOW
    devices = TwoFactorDevice.objects.filter(user=user)
    if not devices.filter(failures_since__gte=since).update(failed_codes=F("failed_codes") + 1):
        devices.update(failed_codes=1, failures_since=now)


def two_factor_begin(*, session) -> bytes:
    """The secret being enrolled by this session: new for each session (and each attempt after confirming or
    turning off), kept in the session only, so no other session ever sees it; the same one on every visit of
    this session until confirmed, so an app that already scanned it keeps working."""
    stored = session.get(ENROL_SESSION_KEY)
    if isinstance(stored, str):
        try:
            return totp.from_b32(stored)
        except ValueError:
            pass
    secret = totp.new_secret()
    session[ENROL_SESSION_KEY] = totp.b32(secret)
    return secret


def two_factor_confirm(*, actor: User, code: str, session, request=None) -> list[str]:
    """The first code from the app proves it holds this session's secret: the device is written and enabled, ten
    recovery codes are made, the security stamp changes (every other session of the person ends). Returns the
    recovery codes in clear text, to be shown this once."""
    stored = session.get(ENROL_SESSION_KEY)
    if not isinstance(stored, str):
        raise DomainError(SETUP_EXPIRED, code="no_secret")
    secret = totp.from_b32(stored)
    with transaction.atomic(), acting_as(actor):
        User.objects.select_for_update().filter(pk=actor.pk).first()  # one enrolment of a person at a time
        if confirmed_device(actor) is not None:
            raise DomainError(ALREADY_ENABLED, code="enabled")
        step = totp.matching_step(secret, code)
        if step is None:
            raise DomainError(WRONG_CODE, code="wrong_code")
        now = timezone.now()
        TwoFactorDevice.objects.filter(user=actor).delete()  # an unconfirmed row left by the former enrolment
        TwoFactorDevice.objects.create(
            user=actor, secret=secret, confirmed_at=now, last_used_step=step, last_used_at=now
        )
        codes = _replace_recovery_codes(actor)
        two_factor_stamp_rotate(actor)
        record_login_event(
            request, LoginEventKind.TWO_FACTOR_ENABLED, user=actor, identifier=actor.get_username()
        )
        _notify(actor, "enabled")
    session.pop(ENROL_SESSION_KEY, None)
    return codes


def two_factor_check(*, user: User, code: str, request=None) -> str | None:
    """The log-in's second step: "totp" or "recovery" when ``code`` is accepted (and consumed), else None."""
    device = confirmed_device(user)
    if device is None or not well_formed_code(code):
        return None
    if _accept_totp(device, code):
        return "totp"
    if _accept_recovery_code(user, code):
        record_login_event(
            request, LoginEventKind.RECOVERY_CODE_USED, user=user, identifier=user.get_username()
        )
        return "recovery"
    return None


def _require_proof(user: User, proof: str, request=None) -> TwoFactorDevice:
    """A current code from the app, or an unused recovery code (consumed): asked before 2FA is turned off or its
    recovery codes replaced, so a session left open — or a password that leaked — is not enough. A lost phone
    is the administrator's reset."""
    device = confirmed_device(user)
    if device is None:
        raise DomainError(NOT_ENABLED, code="no_device")
    if code_limit_reached(user):
        raise DomainError(TOO_MANY_CODES, code="too_many")
    if not well_formed_code(proof):
        raise DomainError(BAD_CODE_FORMAT, code="wrong_code")
    if two_factor_check(user=user, code=proof, request=request) is None:
        raise DomainError(WRONG_PROOF, code="wrong_code")
    return device


def recovery_codes_regenerate(*, actor: User, proof: str, request=None) -> list[str]:
    with transaction.atomic(), acting_as(actor):
        _require_proof(actor, proof, request)
        codes = _replace_recovery_codes(actor)
        two_factor_stamp_rotate(actor)
        record_login_event(
            request, LoginEventKind.RECOVERY_CODES_RENEWED, user=actor, identifier=actor.get_username()
        )
        _notify(actor, "renewed")
    return codes


def two_factor_disable(*, actor: User, proof: str, request=None) -> None:
    """The person turns their second factor off (a party role will ask them to enrol again at once)."""
    with transaction.atomic(), acting_as(actor):
        _require_proof(actor, proof, request)
        TwoFactorDevice.objects.filter(user=actor).delete()
        RecoveryCode.objects.filter(user=actor).delete()
        two_factor_stamp_rotate(actor)
        record_login_event(
            request, LoginEventKind.TWO_FACTOR_DISABLED, user=actor, identifier=actor.get_username()
        )
        _notify(actor, "disabled")


def two_factor_reset(*, actor: User, user: User, request=None) -> bool:
    """The administrator removes a person's authenticator and recovery codes (a lost phone). Recorded in the
    history tables with the administrator as the actor, and in the person's log-in journal with the
    administrator's user name; every session of the person ends and they are e-mailed. Their next log-in asks
    only for the password — and, for a party role, makes them enrol again before anything else. Returns False
    if there was nothing to reset."""
    _require_admin(actor)
    with transaction.atomic(), acting_as(actor):
        deleted, _ = TwoFactorDevice.objects.filter(user=user).delete()
        codes, _ = RecoveryCode.objects.filter(user=user).delete()
        if deleted or codes:
            two_factor_stamp_rotate(user)
            record_login_event(
                request, LoginEventKind.TWO_FACTOR_RESET, user=user, identifier=actor.get_username()
            )
            _notify(user, "reset")
    return bool(deleted or codes)
