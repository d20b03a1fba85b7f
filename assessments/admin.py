from django.contrib import admin

from assessments.models import Answer, ConsensusScore, Domain, Instrument, Item, Response


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    """Versions are loaded from files: on the Instruments page (``/instruments/``, where
    they are previewed and published) or with ``manage.py load_instrument``. Shown here,
    never added or changed here: a version's content hash is of what it holds, and a
    milestone's questionnaire stays what was answered. A version no milestone uses may be
    deleted."""

    list_display = ["name", "version", "published_at", "loaded_at", "loaded_by"]
    list_filter = ["published_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return not in_use(obj) and super().has_delete_permission(request, obj)


def in_use(instrument):
    return instrument is not None and instrument.milestones.exists()


class LoadedFromFileAdmin(admin.ModelAdmin):
    """Domains and items come with their instrument's file (``load_instrument``): shown
    here, never changed here, so a milestone's questionnaire stays what was answered."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Domain)
class DomainAdmin(LoadedFromFileAdmin):
    list_display = ["code", "name", "instrument", "order"]
    list_filter = ["instrument"]
    search_fields = ["name"]


@admin.register(Item)
class ItemAdmin(LoadedFromFileAdmin):
    list_display = ["code", "text", "domain", "advanced"]
    list_filter = ["domain__instrument", "advanced", "domain__code"]
    search_fields = ["code", "text"]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["respondent", "milestone", "status", "started_at", "submitted_at"]
    list_filter = ["status"]
    search_fields = ["respondent__email", "milestone__practice__name"]
    inlines = [AnswerInline]


@admin.register(ConsensusScore)
class ConsensusScoreAdmin(admin.ModelAdmin):
    list_display = ["milestone", "item", "score", "set_by", "set_at"]
    search_fields = ["milestone__practice__name", "item__code"]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["response", "item", "value", "dont_know"]
    list_filter = ["dont_know", "item__domain__code"]
    search_fields = ["response__respondent__email", "item__code"]
    list_select_related = ["response__respondent", "item"]
