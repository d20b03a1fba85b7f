"""Who a log-in attempt counts against (django-axes reads these through its settings).

Failures are counted for the e-mail address typed (as the log-in matches it: case and
surrounding spaces do not matter) and, separately, for the client's address. Behind
``TRUSTED_PROXY_COUNT`` proxies that each append the address they received from to
X-Forwarded-For, the client's address is the one the outermost proxy saw: entries further
left were written by the client and could be anything.
"""

from django.conf import settings


def attempted_email(request, credentials=None):
    if credentials:
        username = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        username = getattr(request, "POST", {}).get(settings.AXES_USERNAME_FORM_FIELD)
    return username.strip().lower() if username else None


def client_address(request):
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")
