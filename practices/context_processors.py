from practices.models import Practice


def navigation(request):
    """The practices the signed-in person can switch between, for the top bar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_staff or user.is_coach:
        return {}

    def my_practices():
        # Neither an administrator nor a coach: ``access.practices_for`` gives exactly
        # the practices of their memberships. Only the names are shown, on every page.
        return list(Practice.objects.filter(memberships__user=user).values("pk", "name"))

    return {"my_practices": my_practices}
