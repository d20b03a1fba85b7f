from django.urls import path

from action_plans import views

app_name = "action_plans"

urlpatterns = [
    path("", views.process, name="process"),
    path("capabilities/<int:position>/", views.capability, name="capability"),
    path("risks/", views.risks, name="risks"),
]
