from django.urls import path

from reminders import views

app_name = "reminders"

urlpatterns = [path("", views.reminder_list, name="list")]
