from django.apps import AppConfig


class CohortConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cohort"
    verbose_name = "Cohort board"

    def ready(self):
        from cohort import signals  # noqa: PLC0415 - models are loaded only now

        signals.connect()
