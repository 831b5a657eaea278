import pytest

from hoptac.accounts.middleware import TWO_FACTOR_MIDDLEWARE


@pytest.fixture(autouse=True)
def _two_factor_middleware(settings):
    """The accounts tests run with the two-factor middleware whether or not settings lists it yet."""
    if TWO_FACTOR_MIDDLEWARE not in settings.MIDDLEWARE:
        middleware = list(settings.MIDDLEWARE)
        middleware.insert(
            middleware.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
            TWO_FACTOR_MIDDLEWARE,
        )
        settings.MIDDLEWARE = middleware
