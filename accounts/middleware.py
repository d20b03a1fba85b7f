"""What is sent back to a signed-in person is theirs alone: no cache keeps it."""

from django.utils.cache import patch_cache_control


class PrivateNoStoreMiddleware:
    """``Cache-Control: private, no-store`` on every response to a signed-in user (pages,
    PDFs, JSON), so that neither a shared proxy nor the browser's cache keeps a
    milestone after the person has logged out. A response that says how it may be cached
    (the results chart's SVG, kept under a hash of its data) keeps its own header.
    Static files are answered before this runs (WhiteNoise) and are not touched."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
