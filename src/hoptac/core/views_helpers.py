"""Small helpers shared by thin views."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404

from .errors import DomainError


def require_role(*codes: str):
    """Views reserved to some roles answer 404 to everybody else: a page's existence is not revealed."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.has_role(*codes):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def attempt(form, service, /, *args, **kwargs):
    """Call a service; a DomainError or ValidationError lands on the form — on the fields it knows, else at the
    top — so nothing typed is lost. Returns (result, error): ``error`` is the DomainError when one was raised
    (its code can choose the response status), None otherwise. Positional-only, so a service may take its own
    ``request`` or ``form`` keyword."""
    try:
        return service(*args, **kwargs), None
    except DomainError as exc:
        form.add_error(None, exc.message)
        return None, exc
    except ValidationError as exc:
        # A rule checked again by the service (e.g. a duplicate created meanwhile by someone else).
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return None, None


def run_service(request, form, service, /, *args, **kwargs):
    """Call a service; its refusal goes to ``form`` (see :func:`attempt`) or, without a form, to the messages
    shown on the next page. Returns the result, or None when refused."""
    if form is not None:
        return attempt(form, service, *args, **kwargs)[0]
    try:
        return service(*args, **kwargs)
    except DomainError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return None
