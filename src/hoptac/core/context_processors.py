from django.conf import settings

from . import navigation


def shell(request):
    user = getattr(request, "user", None)
    menu = navigation.menu_for(user) if user is not None else []
    current = request.path
    return {
        "site_name": settings.HOPTAC_SITE_NAME,
        "menu": menu,
        "active_menu": next(
            (item.key for item in menu if current.startswith(item.url) and item.url != "/"), ""
        ),
        "hoptac_languages": settings.LANGUAGES,
    }
