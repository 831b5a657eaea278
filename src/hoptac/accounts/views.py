"""Accounts screens: log-in/out, password reset, own preferences, and user administration."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from hoptac.core.errors import DomainError
from hoptac.core.pagination import paginate
from hoptac.core.permissions import CHANGE, get_visible_or_404
from hoptac.core.views_helpers import require_role, run_service

from . import roles, second_factor, selectors, services, totp
from .forms import (
    LoginForm,
    PasswordResetRequestForm,
    PreferencesForm,
    RoleAssignmentForm,
    TwoFactorCodeForm,
    TwoFactorConfirmForm,
    TwoFactorProofForm,
    UserForm,
)
from .lockout import lockout_response
from .models import Language, RoleAssignment, User


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if services.confirmed_device(user) is not None:
            # The password was right, but the session is not logged in until the second step.
            second_factor.start_pending(self.request, user, next_url=self.get_success_url())
            return redirect("accounts:two_factor_verify")
        return super().form_valid(form)


@sensitive_post_parameters("code")
@never_cache
def two_factor_verify(request):
    """The log-in's second step: a code from the app (or a recovery code) within five minutes of the password."""
    from django.conf import settings

    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    waiting = second_factor.pending(request)
    if waiting is None:
        return redirect("accounts:login")
    if waiting.expired:
        second_factor.clear_pending(request)
        messages.error(
            request, _("Bước nhập mã đã hết hạn (quá 5 phút) hoặc không còn hợp lệ. Hãy đăng nhập lại.")
        )
        return redirect("accounts:login")
    user = waiting.user
    if not second_factor.allowed(request, user):
        second_factor.clear_pending(request)
        return lockout_response(request, credentials=second_factor.credentials_of(user))
    if services.code_limit_reached(user):
        second_factor.clear_pending(request)
        messages.error(request, services.TOO_MANY_CODES)
        return redirect("accounts:login")
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        method = services.two_factor_check(user=user, code=form.cleaned_data["code"], request=request)
        if method is not None:
            second_factor.complete_login(request, user, backend=waiting.backend)
            if method == "recovery":
                messages.warning(
                    request,
                    _(
                        "Bạn vừa dùng một mã khôi phục; mỗi mã chỉ dùng được một lần. Còn %(count)s mã. "
                        "Hãy tạo bộ mã mới nếu sắp hết."
                    )
                    % {"count": services.recovery_codes_left(user)},
                )
            return redirect(waiting.next_url or settings.LOGIN_REDIRECT_URL)
        services.code_failure_record(user)
        if second_factor.count_failure(request, user):
            second_factor.clear_pending(request)  # the lock-out page replaces this response (axes middleware)
        elif second_factor.pending_wrong_code(request):
            messages.error(request, _("Đã nhập sai mã 3 lần. Hãy đăng nhập lại từ đầu."))
            return redirect("accounts:login")
        form.add_error("code", services.WRONG_CODE)
    return render(request, "accounts/two_factor_verify.html", {"form": form}, status=200)


class LogoutView(auth_views.LogoutView):
    pass


def password_reset_request(request):
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for user in User.objects.filter(email__iexact=form.cleaned_data["email"], is_active=True):
            services.password_reset_send(user=user, request=request)
        # The same answer whether or not an account exists (no enumeration of addresses).
        return redirect("accounts:password_reset_done")
    return render(request, "accounts/password_reset_form.html", {"form": form})


def password_reset_done(request):
    return render(request, "accounts/password_reset_done.html")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_reset_completed(request=self.request, user=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        from .models import LoginEventKind

        services.record_login_event(self.request, LoginEventKind.PASSWORD_CHANGED, user=self.request.user)
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return response


@require_POST
def set_language(request):
    """Switch the interface language: stored on the user when logged in, in a cookie otherwise."""
    from django.conf import settings
    from django.utils.http import url_has_allowed_host_and_scheme

    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or reverse("core:home")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = reverse("core:home")
    if language not in Language.values:
        messages.error(request, _("Ngôn ngữ không được hỗ trợ."))
        return redirect(next_url)
    if request.user.is_authenticated:
        services.user_set_preferences(actor=request.user, language=language)
    response = redirect(next_url)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax")
    return response


@login_required
def profile(request):
    form = PreferencesForm(
        request.POST or None,
        initial={"language": request.user.language, "email_notifications": request.user.email_notifications},
    )
    if request.method == "POST" and form.is_valid():
        services.user_set_preferences(
            actor=request.user,
            language=form.cleaned_data["language"],
            email_notifications=form.cleaned_data["email_notifications"],
        )
        messages.success(request, _("Đã lưu tuỳ chọn của bạn."))
        return redirect("accounts:profile")
    context = {
        "form": form,
        "assignments": selectors.assignments_of(user=request.user, target=request.user),
        "events": selectors.login_events(user=request.user, of_user=request.user, limit=20),
        "two_factor": selectors.two_factor_status(user=request.user, of_user=request.user),
    }
    return render(request, "accounts/profile.html", context)


# --- Two-factor log-in: enrolment and management by the person themselves -----------------------------------


@sensitive_post_parameters("code")
@never_cache
@login_required
def two_factor_setup(request):
    """Enrol (QR code, the secret as text, confirm with a first code) or, once enrolled, manage."""
    required = second_factor.requires_two_factor(request.user)
    device = services.confirmed_device(request.user)
    if device is not None:
        context = {
            "device": device,
            "required": required,
            "codes_left": services.recovery_codes_left(request.user),
            "recovery_form": TwoFactorProofForm(auto_id="recovery_%s"),
            "disable_form": TwoFactorProofForm(auto_id="disable_%s"),
        }
        return render(request, "accounts/two_factor_manage.html", context)
    form = TwoFactorConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = run_service(
            request,
            form,
            services.two_factor_confirm,
            actor=request.user,
            code=form.cleaned_data["code"],
            session=request.session,
            request=request,
        )
        if codes is not None:
            update_session_auth_hash(request, request.user)  # this session stays; every other one ends
            second_factor.mark_verified(request.session)
            return render(request, "accounts/two_factor_codes.html", {"codes": codes, "enabled_now": True})
    secret = services.two_factor_begin(session=request.session)
    context = {
        "form": form,
        "required": required,
        "secret_groups": totp.grouped(secret),
        "qr_data_uri": _qr_data_uri(
            totp.provisioning_uri(secret, account=request.user.get_username(), issuer="hoptac")
        ),
    }
    return render(request, "accounts/two_factor_setup.html", context)


def _qr_data_uri(uri: str) -> str:
    """The otpauth URI as an SVG QR code in a data: URI (the CSP allows data: images, not inline styles)."""
    import segno

    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def _checked_proof(request, service):
    """Run a service that needs a current code or an unused recovery code; wrong answers count towards the
    lock-out (from this address and for the person). On success this session is kept and every other one ends."""
    if not second_factor.allowed(request, request.user):
        return None, lockout_response(request, credentials=second_factor.credentials_of(request.user))
    form = TwoFactorProofForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["proof"][0] if "proof" in form.errors else services.WRONG_PROOF)
        return None, redirect("accounts:two_factor_setup")
    try:
        result = service(actor=request.user, proof=form.cleaned_data["proof"], request=request)
    except DomainError as exc:
        if exc.code == "wrong_code":
            services.code_failure_record(request.user)
            second_factor.count_failure(request, request.user)
        messages.error(request, exc.message)
        return None, redirect("accounts:two_factor_setup")
    update_session_auth_hash(request, request.user)
    return result, None


@sensitive_post_parameters("proof")
@never_cache
@login_required
@require_POST
def two_factor_recovery_codes(request):
    codes, refused = _checked_proof(request, services.recovery_codes_regenerate)
    if refused is not None:
        return refused
    return render(request, "accounts/two_factor_codes.html", {"codes": codes, "enabled_now": False})


@sensitive_post_parameters("proof")
@never_cache
@login_required
@require_POST
def two_factor_disable(request):
    _result, refused = _checked_proof(request, services.two_factor_disable)
    if refused is not None:
        return refused
    second_factor.mark_none(request.session)
    messages.success(request, _("Đã tắt xác thực hai lớp."))
    return redirect(
        "accounts:two_factor_setup" if second_factor.requires_two_factor(request.user) else "accounts:profile"
    )


# --- User administration (system administrator only) ------------------------------------------------------


@login_required
@require_role(roles.SYSTEM_ADMIN)
def user_list(request):
    filters = {
        "query": request.GET.get("q", "").strip()[:100],
        "role": request.GET.get("role", ""),
        "active": request.GET.get("active", ""),
    }
    page = paginate(request, selectors.user_list(user=request.user, **filters))
    context = {"page": page, "filters": filters, "roles": selectors.role_list(user=request.user)}
    template = "accounts/_user_rows.html" if request.headers.get("HX-Request") else "accounts/user_list.html"
    return render(request, template, context)


@login_required
@require_role(roles.SYSTEM_ADMIN)
def user_create(request):
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.USER_EDITABLE_FIELDS}
        user = run_service(request, form, services.user_create, actor=request.user, **fields)
        if user is not None:
            messages.success(
                request,
                _("Đã tạo tài khoản %(name)s và gửi thư mời đặt mật khẩu.") % {"name": user.display_name},
            )
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


@login_required
@require_role(roles.SYSTEM_ADMIN)
def user_detail(request, pk: int):
    target = selectors.user_get(user=request.user, pk=pk)
    context = {
        "target": target,
        "assignments": selectors.assignments_of(user=request.user, target=target),
        "events": selectors.login_events(user=request.user, of_user=target, limit=20),
        "role_form": RoleAssignmentForm(),
        "login_locked": services.login_is_locked(target),
        "two_factor": selectors.two_factor_status(user=request.user, of_user=target),
    }
    return render(request, "accounts/user_detail.html", context)


@login_required
@require_role(roles.SYSTEM_ADMIN)
def user_edit(request, pk: int):
    target = selectors.user_get(user=request.user, pk=pk, action=CHANGE)
    form = UserForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.USER_EDITABLE_FIELDS}
        version = form.cleaned_data.get("version") or 0
        # The form mutated ``target`` in place; start the service from the stored row.
        fresh = selectors.user_get(user=request.user, pk=pk, action=CHANGE)
        if run_service(
            request, form, services.user_update, actor=request.user, user=fresh, version=version, **fields
        ):
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("accounts:user_detail", pk=pk)
    return render(request, "accounts/user_form.html", {"form": form, "target": target, "creating": False})


@login_required
@require_role(roles.SYSTEM_ADMIN)
@require_POST
def user_set_active(request, pk: int):
    target = selectors.user_get(user=request.user, pk=pk, action=CHANGE)
    active = request.POST.get("active") == "1"
    if run_service(request, None, services.user_set_active, actor=request.user, user=target, active=active):
        messages.success(
            request, _("Đã kích hoạt lại tài khoản.") if active else _("Đã vô hiệu hoá tài khoản.")
        )
    return redirect("accounts:user_detail", pk=pk)


@login_required
@require_role(roles.SYSTEM_ADMIN)
@require_POST
def user_send_reset(request, pk: int):
    target = selectors.user_get(user=request.user, pk=pk, action=CHANGE)
    services.password_reset_send(user=target, request=request)
    messages.success(request, _("Đã gửi thư đặt lại mật khẩu tới %(email)s.") % {"email": target.email})
    return redirect("accounts:user_detail", pk=pk)


@login_required
@require_role(roles.SYSTEM_ADMIN)
@require_POST
def user_unlock_login(request, pk: int):
    target = selectors.user_get(user=request.user, pk=pk, action=CHANGE)
    services.login_lockout_lift(actor=request.user, user=target)
    messages.success(request, _("Đã mở khoá đăng nhập cho %(name)s.") % {"name": target.display_name})
    return redirect("accounts:user_detail", pk=pk)


@login_required
@require_role(roles.SYSTEM_ADMIN)
@require_POST
def user_two_factor_reset(request, pk: int):
    target = selectors.user_get(user=request.user, pk=pk, action=CHANGE)
    done = run_service(
        request, None, services.two_factor_reset, actor=request.user, user=target, request=request
    )
    if done:
        messages.success(
            request, _("Đã đặt lại xác thực hai lớp của %(name)s.") % {"name": target.display_name}
        )
    elif done is False:
        messages.info(request, _("%(name)s chưa bật xác thực hai lớp.") % {"name": target.display_name})
    return redirect("accounts:user_detail", pk=pk)


@login_required
@require_role(roles.SYSTEM_ADMIN)
@require_POST
def role_assign(request, pk: int):
    target = selectors.user_get(user=request.user, pk=pk, action=CHANGE)
    form = RoleAssignmentForm(request.POST)
    if form.is_valid():
        try:
            services.role_assign(
                actor=request.user,
                user=target,
                role=form.cleaned_data["role"],
                scope=form.cleaned_data["scope"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã cấp vai trò."))
            return redirect("accounts:user_detail", pk=pk)
    context = {
        "target": target,
        "assignments": selectors.assignments_of(user=request.user, target=target),
        "events": selectors.login_events(user=request.user, of_user=target, limit=20),
        "role_form": form,
        "two_factor": selectors.two_factor_status(user=request.user, of_user=target),
    }
    return render(request, "accounts/user_detail.html", context, status=400)


@login_required
@require_role(roles.SYSTEM_ADMIN)
@require_POST
def role_revoke(request, pk: int, assignment_pk: int):
    target = selectors.user_get(user=request.user, pk=pk, action=CHANGE)
    assignment = get_visible_or_404(
        RoleAssignment.objects.select_related("role", "user").filter(user=target),
        request.user,
        CHANGE,
        pk=assignment_pk,
    )
    try:
        services.role_revoke(actor=request.user, assignment=assignment)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã thu hồi vai trò."))
    return redirect("accounts:user_detail", pk=pk)


@login_required
@require_role(roles.SYSTEM_ADMIN)
def login_journal(request):
    events = selectors.login_events(user=request.user, limit=200)
    return render(request, "accounts/login_journal.html", {"events": events})
