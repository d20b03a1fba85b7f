from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("answer/", views.answer_autosave, name="autosave"),
    path("respondents/", views.respondents, name="respondents"),
    path("responses/<int:response_pk>/", views.response_detail, name="response"),
    path("responses/<int:response_pk>/reopen/", views.response_reopen, name="reopen"),
    path("results/", views.results, name="results"),
    path("results/consensus/<str:code>/", views.consensus, name="consensus"),
    path("chart/<slug:digest>.svg", views.chart, name="chart"),
]
