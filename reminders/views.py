from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from reminders.models import Reminder

PER_PAGE = 25


@login_required
def reminder_list(request):
    """The reminders sent to the user, newest first."""
    reminders = Reminder.objects.filter(recipient=request.user).select_related("cycle")
    page = Paginator(reminders, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "reminders/list.html", {"page": page})
