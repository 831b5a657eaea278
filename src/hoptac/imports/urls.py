from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("nhap/<slug:kind>/", views.upload, name="upload"),
    path("nhap/<slug:kind>/mau.xlsx", views.template, name="template"),
    path("nhap/luot/<uuid:pk>/", views.run, name="run"),
    path("nhap/luot/<uuid:pk>/nhap-chinh-thuc/", views.commit, name="commit"),
    path("nhap/luot/<uuid:pk>/dong-loi.xlsx", views.errors, name="errors"),
]
