from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("tim-kiem/", views.global_search, name="search"),
    path("lich-su/<str:app_label>/<str:model_name>/<int:pk>/", views.history, name="history"),
    path("suc-khoe/", views.health, name="health"),
    path("robots.txt", views.robots, name="robots"),
]
