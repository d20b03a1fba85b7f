"""Where a button returns after its POST: the ``next`` field, when it is a path of this
site that a redirect can carry, else a default page."""

from django.utils.encoding import iri_to_uri
from django.utils.http import MAX_URL_LENGTH, url_has_allowed_host_and_scheme


def next_page(request, default):
    target = request.POST.get("next", "")
    # Only a path of this site ("/\evil.example" starts with "/" but browsers go there),
    # and one short enough once encoded: a longer redirect is refused by Django (400).
    if (
        target.startswith("/")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        and len(iri_to_uri(target)) <= MAX_URL_LENGTH
    ):
        return target
    return default
