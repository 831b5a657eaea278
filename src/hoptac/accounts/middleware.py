"""Serve each person in the language they chose (stored on the user), Vietnamese by default."""

from __future__ import annotations

from django.utils import translation


class UserLanguageMiddleware:
    """Activates ``user.language`` for logged-in users; others get the language cookie or Vietnamese.

    Placed after the session middleware; it reads ``request.user`` lazily, so the user is loaded only once
    (by AuthenticationMiddleware's lazy object) when the view needs it anyway.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = user.language
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
