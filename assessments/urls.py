from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("respondents/", views.respondents, name="respondents"),
    path("results/", views.results, name="results"),
]
