from django.urls import path

from submissions import attachment_views, views

app_name = "submissions"

urlpatterns = [
    path("review/", views.queue, name="queue"),
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
    path("<int:pk>/review/", views.review_page, name="review"),
    path("<int:pk>/comments/", views.comment_create, name="comment_create"),
    path(
        "<int:pk>/comments/<int:comment_pk>/addressed/",
        views.comment_address,
        name="comment_address",
    ),
    path(
        "<int:pk>/comments/<int:comment_pk>/replies/",
        views.reply_create,
        name="reply_create",
    ),
    path(
        "<int:pk>/comments/<int:comment_pk>/reopen/",
        views.comment_reopen,
        name="comment_reopen",
    ),
    path("notices/", views.notices, name="notices"),
    path("<int:pk>/history/", views.history, name="history"),
    path("<int:pk>/pdf/", views.snapshot_pdf, name="pdf"),
    path("<int:pk>/pdf/v<int:version>/", views.snapshot_pdf, name="pdf_version"),
    path("<int:pk>/pdf/draft/", views.draft_pdf, name="draft_pdf"),
    path("<int:pk>/docx/", views.snapshot_docx, name="docx"),
    path("<int:pk>/docx/v<int:version>/", views.snapshot_docx, name="docx_version"),
    path("<int:pk>/docx/draft/", views.draft_docx, name="draft_docx"),
    # Supporting documents: the list and upload page, removal, the two downloads.
    path("<int:pk>/documents/", attachment_views.attachment_list, name="attachments"),
    path(
        "<int:pk>/documents/<int:attachment_pk>/",
        attachment_views.attachment_download,
        name="attachment_download",
    ),
    path(
        "<int:pk>/documents/<int:attachment_pk>/remove/",
        attachment_views.attachment_remove,
        name="attachment_remove",
    ),
    path(
        "<int:pk>/documents/v<int:version>/<int:attachment_pk>/",
        attachment_views.attachment_version,
        name="attachment_version",
    ),
]
