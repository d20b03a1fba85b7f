"""Django's ``reverse``, remembered per process.

A page prints the same kind of link for dozens of rows (a practice, its milestones, an
item's consensus form), and ``reverse`` takes about 20 us each time. A link depends
only on the URL configuration, the script prefix, the name and the arguments, so it is
kept under exactly those.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse


def link(name, *args, **kwargs):
    """``reverse(name, args=args, kwargs=kwargs)``."""
    return _link(get_urlconf(), get_script_prefix(), name, args, tuple(sorted(kwargs.items())))


@lru_cache(maxsize=8192)
def _link(urlconf, prefix, name, args, kwargs):
    return reverse(name, urlconf=urlconf, args=args or None, kwargs=dict(kwargs) or None)


def _forget(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _link.cache_clear()


setting_changed.connect(_forget)
