from django.shortcuts import render

from accounts.access import role_required
from accounts.roles import Role


@role_required(Role.PARTNER)
def home(request):
    return render(request, "partners/home.html")
