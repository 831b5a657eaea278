from hoptac.core.testing.matrix import Expect, everyone, logged_in, only
from hoptac.core.testing.personas import ANONYMOUS, persona_names

ADMIN = "system_admin"


def _other(ctx):
    return {"pk": ctx.other_user.pk}


def _other_assignment(ctx):
    return {"pk": ctx.other_user.pk, "assignment_pk": ctx.other_assignment.pk}


def _anonymous_only(status_anonymous: int, status_others: int) -> dict[str, int]:
    return {p: status_anonymous if p == ANONYMOUS else status_others for p in persona_names()}


# POST-only administration endpoints: unauthorised personas get 404 (existence not revealed), the
# administrator's harmless POST (re-activating an active user, re-sending a reset) succeeds with a redirect.
ROLE_MATRIX = [
    # The log-in page sends people who are already logged in to their home page.
    Expect("accounts:login", _anonymous_only(200, 302)),
    Expect("accounts:logout", _anonymous_only(302, 302), method="POST"),
    # The code step without a password typed first goes back to log in; a logged-in person goes home.
    Expect("accounts:two_factor_verify", everyone(302)),
    Expect("accounts:two_factor_verify", everyone(302), method="POST", data={"code": "123456"}, note="POST"),
    Expect("accounts:password_reset", everyone(200)),
    Expect("accounts:password_reset_done", everyone(200)),
    Expect(
        "accounts:password_reset_confirm",
        everyone(200),
        kwargs={"uidb64": "MQ", "token": "khong-hop-le"},
        note="an invalid link shows the Vietnamese 'invalid link' page",
    ),
    Expect("accounts:password_reset_complete", everyone(200)),
    Expect("accounts:profile", logged_in(200)),
    Expect("accounts:password_change", logged_in(200)),
    # Everyone may enrol; without 2FA on, the recovery-code and turn-off actions explain and go back.
    Expect("accounts:two_factor_setup", logged_in(200)),
    Expect("accounts:two_factor_recovery_codes", logged_in(302), method="POST", data={"proof": "x"}),
    Expect("accounts:two_factor_disable", logged_in(302), method="POST", data={"proof": "x"}),
    Expect("accounts:set_language", everyone(302), method="POST", data={"language": "vi", "next": "/"}),
    Expect("accounts:user_list", only(ADMIN)),
    Expect("accounts:user_create", only(ADMIN)),
    Expect("accounts:user_detail", only(ADMIN), kwargs=_other),
    Expect("accounts:user_edit", only(ADMIN), kwargs=_other),
    Expect(
        "accounts:user_set_active", only(ADMIN, ok=302), kwargs=_other, method="POST", data={"active": "1"}
    ),
    Expect("accounts:user_send_reset", only(ADMIN, ok=302), kwargs=_other, method="POST"),
    Expect("accounts:user_unlock_login", only(ADMIN, ok=302), kwargs=_other, method="POST"),
    Expect("accounts:user_two_factor_reset", only(ADMIN, ok=302), kwargs=_other, method="POST"),
    Expect("accounts:role_assign", only(ADMIN, ok=400), kwargs=_other, method="POST", data={}),
    Expect("accounts:role_revoke", only(ADMIN, ok=302), kwargs=_other_assignment, method="POST"),
    Expect("accounts:login_journal", only(ADMIN)),
]
