from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import Invitation, MailDelivery, User
from accounts.tasks import deliveries_retry


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "full_name",
        "job_title",
        "is_coach",
        "is_staff",
        "is_active",
        "last_login",
    ]
    list_filter = ["is_coach", "is_staff", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name", "job_title"]}),
        ("Roles", {"fields": ["is_coach", "is_staff", "is_superuser", "is_active", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]
    filter_horizontal = ["groups"]
    actions = ["deactivate"]

    # Someone who answered, submitted, reviewed or changed a milestone is kept for its
    # record (those links are protected): deactivate them; deleting shows what they keep.
    @admin.action(description="Deactivate selected users", permissions=["change"])
    def deactivate(self, request, queryset):
        count = queryset.filter(is_active=True).update(is_active=False)
        self.message_user(
            request,
            f"{count} user{'s were' if count != 1 else ' was'} deactivated; they can no "
            "longer log in, and everything they wrote is kept.",
        )


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "role",
        "practice",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
    ]
    list_filter = ["role", "accepted_at"]
    search_fields = ["email", "practice__name"]
    readonly_fields = ["token_hash", "created_at", "accepted_at", "accepted_by"]
    autocomplete_fields = ["practice"]


@admin.register(MailDelivery)
class MailDeliveryAdmin(admin.ModelAdmin):
    """Every e-mail the portal sent or tried to send; failed ones first in mind: filter
    by status, then "Send again now". Read-only: a message is never edited here."""

    list_display = ["created_at", "recipient", "subject", "status", "attempts", "next_attempt_at"]
    list_filter = ["status"]
    search_fields = ["recipient", "subject"]
    fields = [
        "recipient",
        "subject",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "sent_at",
    ]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Send again now", permissions=["view"])
    def send_again(self, request, queryset):
        count = deliveries_retry(queryset)
        self.message_user(
            request,
            f"{count} e-mail{'s' if count != 1 else ''} queued to be sent again."
            if count
            else "Nothing to send: the chosen e-mails were sent already.",
        )
