"""The one way a view requires a role: the `role_required` decorator."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .roles import Role
from .selectors import user_has_role


def role_required(*roles: Role):
    """Let the view run only for a signed-in user holding one of `roles`.

    Signed out: redirect to sign in. Signed in without the role: 403.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not any(user_has_role(request.user, role) for role in roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
