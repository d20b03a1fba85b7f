"""Logging filters (read by ``settings.LOGGING`` before the apps load: no model here)."""

import logging


class NotAConflict(logging.Filter):
    """Drops Django's "Conflict: /path" warnings: a save refused as stale (409, see
    ``submissions.concurrency``) is the product working as designed, not a problem for
    whoever reads the logs."""

    def filter(self, record):
        return getattr(record, "status_code", None) != 409
