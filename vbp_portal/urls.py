from django.contrib import admin
from django.urls import include, path

from accounts.urls import login_view, logout_view
from practices.views import home
from submissions.views import healthz

urlpatterns = [
    path("", home, name="home"),
    path("login/", login_view, name="login"),
    path("logout/", logout_view, name="logout"),
    path("healthz", healthz, name="healthz"),
    path("account/", include("accounts.urls")),
    path("practices/", include("practices.urls")),
    path("milestones/", include("submissions.urls")),
    path("milestones/<int:pk>/vapcat/", include("assessments.urls")),
    path("milestones/<int:pk>/gap-analysis/", include("gap_analysis.urls")),
    path("milestones/<int:pk>/action-plan/", include("action_plans.urls")),
    path("milestones/<int:pk>/vbp-payments/", include("incentives.urls")),  # estimator
    path("reminders/", include("reminders.urls")),
    path("cohort/", include("cohort.urls")),
    path("exports/", include("exports.urls")),
    path("instruments/", include("assessments.instrument_urls")),  # VaPCAT versions
    path("admin/", admin.site.urls),
]

admin.site.site_header = "EPT VBP Milestone Portal administration"
admin.site.site_title = "EPT VBP Portal admin"
