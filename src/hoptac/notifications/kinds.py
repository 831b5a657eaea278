"""Kinds of notification: each module registers the ones it sends, with how to word them.

A notification stores only its kind's code and a small JSON payload; the words are produced by the kind's
``render(payload)`` when the notification is shown or e-mailed, in the language active at that moment — so each
person reads it in their own language, and a wording fix reaches notifications already sent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext

logger = logging.getLogger(__name__)

Render = Callable[[dict], tuple[str, str]]


@dataclass(frozen=True)
class NotificationKind:
    code: str  # stable: stored in every notification of this kind ("support.transition")
    label: Any  # lazy Vietnamese label, shown to the person ("Yêu cầu hỗ trợ chuyển trạng thái")
    render: Render  # render(payload) -> (title, body) in the active language


_kinds: dict[str, NotificationKind] = {}


def register_kind(kind: NotificationKind) -> NotificationKind:
    """Register ``kind`` (from the sending app's ``AppConfig.ready()``); the same kind twice is harmless."""
    existing = _kinds.get(kind.code)
    if existing is not None and existing != kind:
        raise RuntimeError(f"Notification kind {kind.code!r} is already registered differently: {existing}")
    _kinds[kind.code] = kind
    return kind


def get_kind(code: str) -> NotificationKind | None:
    return _kinds.get(code)


def all_kinds() -> list[NotificationKind]:
    return sorted(_kinds.values(), key=lambda k: k.code)


def render_notification(code: str, payload: dict) -> tuple[str, str]:
    """(title, body) in the active language. A kind no longer registered, or a payload its render no longer
    understands (written by an older version), still shows as a generic notice rather than an error page."""
    kind = _kinds.get(code)
    if kind is not None:
        try:
            title, body = kind.render(payload or {})
            return str(title), str(body)
        except Exception:
            logger.exception("notification kind %s could not render payload %r", code, payload)
    return gettext("Thông báo"), ""
