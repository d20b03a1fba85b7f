from django.apps import AppConfig


class GapAnalysisConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gap_analysis"
    verbose_name = "Gap analysis"
