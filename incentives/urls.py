from django.urls import path

from incentives import views

app_name = "incentives"

urlpatterns = [
    path("", views.estimate, name="estimate"),
    path("scenarios/<int:estimate_pk>/", views.scenario, name="scenario"),
    path("scenarios/<int:estimate_pk>/indicator/", views.indicator, name="indicator"),
]
