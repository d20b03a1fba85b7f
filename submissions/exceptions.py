"""Errors the milestone's services raise, with messages meant for the user."""


class TransitionError(Exception):
    """A lifecycle move or a write that is not allowed; ``str()`` is the user-facing reason."""
