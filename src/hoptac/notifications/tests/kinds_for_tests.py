"""A notification kind used by the tests, worded like a real one: translated at render time.

The English catalogue of hoptac may not hold these words yet, so the text uses a word Django itself translates
(the name of a month, from django.utils.dates) to show which language the words came out in.
"""

from django.utils import translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy

from hoptac.notifications.kinds import NotificationKind, register_kind

# Every call to render: (active language, payload) — lets a test see which language the words were asked in.
RENDER_CALLS: list[tuple[str, dict]] = []


def _render(payload: dict) -> tuple[str, str]:
    RENDER_CALLS.append((translation.get_language(), dict(payload)))
    month = str(MONTHS[payload["month"]])
    return f"Yêu cầu {payload['number']} · {month}", f"Người xử lý: {payload['who']}"


TEST_KIND = register_kind(
    NotificationKind(
        code="tests.transition", label=gettext_lazy("Thử nghiệm chuyển trạng thái"), render=_render
    )
)
PAYLOAD = {"number": 123, "month": 1, "who": "Lan"}
