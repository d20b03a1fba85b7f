from django.urls import path

from submissions import views

app_name = "submissions"

urlpatterns = [
    path("<int:pk>/", views.milestone, name="milestone"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path(
        "<int:pk>/request-changes/",
        views.transition,
        {"action": "request_changes"},
        name="request_changes",
    ),
    path("<int:pk>/accept/", views.transition, {"action": "accept"}, name="accept"),
    path("<int:pk>/reopen/", views.transition, {"action": "reopen"}, name="reopen"),
]
