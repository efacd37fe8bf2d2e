def membership(request):
    return {
        "membership": getattr(request, "membership", None),
        "current_agency": getattr(request, "agency", None),
        "role": getattr(request, "role", None),
        "memberships": getattr(request, "memberships", []),
    }
