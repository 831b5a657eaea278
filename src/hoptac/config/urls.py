from django.urls import include, path

urlpatterns = [
    path("", include("hoptac.core.urls")),
    path("", include("hoptac.notifications.urls")),
    path("", include("hoptac.accounts.urls")),
    path("", include("hoptac.places.urls")),
    path("", include("hoptac.registry.urls")),
    path("", include("hoptac.support.urls")),
    path("", include("hoptac.imports.urls")),
    path("", include("hoptac.workdays.urls")),
    path("", include("hoptac.lab.urls")),
    path("", include("hoptac.party.urls")),
    path("", include("hoptac.congress.urls")),
]

handler400 = "hoptac.core.views.error_400"
handler403 = "hoptac.core.views.error_403"
handler404 = "hoptac.core.views.error_404"
handler500 = "hoptac.core.views.error_500"
