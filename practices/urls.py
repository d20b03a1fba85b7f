from django.urls import path

from practices import views

app_name = "practices"

urlpatterns = [
    path("", views.practice_list, name="list"),
    path("new/", views.practice_create, name="create"),
    path("coaching/", views.coaching, name="coaching"),
    path("<int:pk>/", views.practice_detail, name="detail"),
    path("<int:pk>/edit/", views.practice_edit, name="edit"),
    path("<int:pk>/people/", views.invitations, name="invitations"),
    path(
        "<int:pk>/people/<int:membership_pk>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
    path(
        "<int:pk>/people/invitations/<int:invitation_pk>/resend/",
        views.invitation_send_again,
        name="invitation_resend",
    ),
    path(
        "<int:pk>/people/invitations/<int:invitation_pk>/cancel/",
        views.invitation_withdraw,
        name="invitation_cancel",
    ),
    path("<int:pk>/cycles/<int:cycle_pk>/start/", views.milestone_create, name="start"),
    path("<int:pk>/cycles/<int:cycle_pk>/extension/", views.extension, name="extension"),
    path("<int:pk>/milestones/<int:milestone_pk>/move/", views.milestone_move_view, name="move"),
]
