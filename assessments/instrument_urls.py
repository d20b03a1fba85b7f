"""The instrument versions' pages, at /instruments/ (the app's other pages are a
milestone's)."""

from django.urls import path

from assessments import instrument_views as views

app_name = "instruments"

urlpatterns = [
    path("", views.instrument_list, name="list"),
    path("upload/", views.instrument_upload, name="upload"),
    path("<int:pk>/", views.instrument_detail, name="detail"),
    path("<int:pk>/publish/", views.instrument_publish_view, name="publish"),
    path("<int:pk>/download.xlsx", views.instrument_download, name="download"),
]
