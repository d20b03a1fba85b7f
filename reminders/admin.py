from django.contrib import admin

from reminders.models import Reminder, ReminderSchedule


@admin.register(ReminderSchedule)
class ReminderScheduleAdmin(admin.ModelAdmin):
    list_display = ["cycle", "days"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "kind", "step", "created_at"]
    list_filter = ["kind", "cycle"]
    search_fields = ["recipient__email", "subject"]
    readonly_fields = [
        "recipient",
        "cycle",
        "milestone",
        "kind",
        "step",
        "subject",
        "body",
        "link",
        "created_at",
    ]
