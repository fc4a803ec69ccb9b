"""Account pages: the role-based landing redirect and the district admin's home."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from .access import role_required
from .roles import Role
from .selectors import user_home_url


@login_required
def home(request):
    return redirect(user_home_url(request.user))


@role_required(Role.DISTRICT_ADMIN)
def district_home(request):
    """The district admin lands on the district dashboard (reports:district), which ends
    with their administration links."""
    return redirect("reports:district")
