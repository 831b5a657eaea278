"""Everyone logged in uses their own notifications; another person's answers 404; anonymous goes to log in."""

from hoptac.core.testing.matrix import Expect, logged_in, only


def _notification_of(user) -> dict:
    from hoptac.notifications.models import Notification

    notification = Notification.objects.create(recipient=user, kind="tests.matrix", url="/")
    return {"pk": notification.pk}


ROLE_MATRIX = [
    Expect("notifications:list", logged_in(200)),
    Expect("notifications:bell", logged_in(200)),
    # Opening one marks it read and redirects to where it leads.
    Expect("notifications:open", logged_in(302), kwargs=lambda ctx: _notification_of(ctx.user), note="own"),
    Expect(
        "notifications:open",
        only(),  # nobody but its recipient: 404 for every persona
        kwargs=lambda ctx: _notification_of(ctx.other_user),
        note="another person's",
    ),
    Expect("notifications:mark_all_read", logged_in(302), method="POST"),
]
