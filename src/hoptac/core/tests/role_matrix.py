from hoptac.core.testing.matrix import Expect, everyone, logged_in, only

ADMIN = "system_admin"


def _own_history(ctx):
    # A persona's own account: its history is visible to itself (it may see the object) …
    return {"app_label": "accounts", "model_name": "user", "pk": ctx.user.pk}


def _other_user_history(ctx):
    # … and another person's account only to the system administrator.
    return {"app_label": "accounts", "model_name": "user", "pk": ctx.other_user.pk}


ROLE_MATRIX = [
    Expect("core:home", logged_in(200)),
    Expect("core:search", logged_in(200), data={"q": "Đắk Lắk"}),
    Expect("core:health", everyone(200)),
    Expect("core:robots", everyone(200)),
    Expect("core:history", logged_in(200), kwargs=_own_history, note="own account"),
    Expect("core:history", only(ADMIN), kwargs=_other_user_history, note="another person's account"),
]
