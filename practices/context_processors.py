from practices.access import practices_for


def navigation(request):
    """The practices the signed-in person can switch between, for the top bar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_staff or user.is_coach:
        return {}

    def my_practices():
        return list(practices_for(user).only("pk", "name"))

    return {"my_practices": my_practices}
