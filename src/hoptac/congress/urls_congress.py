from django.urls import path

from . import views_congress

urlpatterns = [path("dang/dai-hoi/", views_congress.congress_list, name="congress_list")]
