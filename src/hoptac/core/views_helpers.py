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


def run_service(request, form, service, *args, **kwargs):
    """Call a service; a DomainError becomes a form-level error (nothing typed is lost) and returns None."""
    try:
        return service(*args, **kwargs)
    except DomainError as exc:
        if form is not None:
            form.add_error(None, exc.message)
        else:
            messages.error(request, exc.message)
    except ValidationError as exc:
        # A rule checked again by the service (e.g. a duplicate created meanwhile by someone else).
        if form is not None and hasattr(exc, "error_dict"):
            # Fields the form has get their message in place; the others go to the top of the form.
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        elif form is not None:
            form.add_error(None, exc)
        else:
            for message in exc.messages:
                messages.error(request, message)
    return None
