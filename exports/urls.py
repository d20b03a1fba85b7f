from django.urls import path

from exports import views

app_name = "exports"

urlpatterns = [
    path("", views.index, name="index"),
    path("cohort.xlsx", views.cohort_xlsx, name="cohort_xlsx"),
    path("cohort.csv", views.cohort_csv, name="cohort_csv"),
    path("bundles/", views.bundle_new, name="bundle_new"),
    path("bundles/<int:pk>/", views.bundle_page, name="bundle"),
    path("bundles/<int:pk>/progress.json", views.bundle_progress, name="bundle_progress"),
    path("bundles/<int:pk>/download", views.bundle_download, name="bundle_download"),
]
