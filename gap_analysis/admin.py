from django.contrib import admin

from gap_analysis.models import Capability, DomainRating
from submissions.admin import ContentHistoryAdmin


@admin.register(DomainRating)
class DomainRatingAdmin(ContentHistoryAdmin):
    list_display = ["milestone", "domain", "maturity", "priority"]
    list_filter = ["priority", "maturity"]
    search_fields = ["milestone__practice__name", "current_state", "gaps"]


@admin.register(Capability)
class CapabilityAdmin(ContentHistoryAdmin):
    list_display = ["milestone", "position", "name", "domain", "delivery", "partner_type"]
    list_filter = ["delivery", "partner_type"]
    search_fields = ["milestone__practice__name", "name"]
