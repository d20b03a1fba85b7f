from django.urls import path

from gap_analysis import views

app_name = "gap_analysis"

urlpatterns = [
    path("", views.edit, name="edit"),
    path("capabilities/", views.capabilities, name="capabilities"),
    path(
        "capabilities/<int:position>/remove/",
        views.capability_remove,
        name="capability_remove",
    ),
]
