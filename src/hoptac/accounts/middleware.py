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


TWO_FACTOR_MIDDLEWARE = "hoptac.accounts.middleware.TwoFactorMiddleware"


class TwoFactorMiddleware:
    """Holds a logged-in session to what its second factor allows (second_factor.py):

    - a session that skipped the second step of a person who has one is logged out — also one logged in with the
      password alone before the person enrolled;
    - a person with a party role and no second factor may only open the enrolment screen (and log out, or
      switch language) until they have enrolled — also when the role was granted while they were logged in.

    A verified session costs nothing; otherwise the check reads the person's roles, which the page loads
    anyway. Goes after the authentication and message middleware.
    """

    ALLOWED = frozenset({"accounts:two_factor_setup", "accounts:logout", "accounts:set_language"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from django.contrib import messages
        from django.contrib.auth import logout
        from django.contrib.auth.views import redirect_to_login
        from django.shortcuts import redirect
        from django.utils.translation import gettext as _

        from . import second_factor

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        session = request.session
        state = session.get(second_factor.STATE_KEY)
        if state == second_factor.VERIFIED:
            return None
        if state is None:  # a session logged in before this check existed
            state = second_factor.state_at_login(request, user)
            session[second_factor.STATE_KEY] = state
        # A session logged in with the password alone before the person enrolled needs no check here: enrolling
        # rotates the security stamp in the session hash, which ends every other session (no query per request).
        if state == second_factor.UNVERIFIED:
            logout(request)
            messages.info(request, _("Hãy đăng nhập lại và nhập mã xác thực hai lớp."))
            return _redirect(request, redirect_to_login(request.get_full_path()))
        match = request.resolver_match
        if match is not None and match.view_name in self.ALLOWED:
            return None
        if second_factor.requires_two_factor(user):
            return _redirect(request, redirect("accounts:two_factor_setup"))
        return None


def _redirect(request, response):
    """htmx follows a 302 inside the page; HX-Redirect makes it load the whole page instead."""
    if request.headers.get("HX-Request"):
        response["HX-Redirect"] = response["Location"]
    return response
