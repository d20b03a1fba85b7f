from django.urls import path

from cohort import views

app_name = "cohort"

urlpatterns = [
    path("", views.cohort_board, name="board"),
]
