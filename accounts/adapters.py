"""allauth adapter: public sign-ups become partners and land on their role's home."""

from allauth.account.adapter import DefaultAccountAdapter

from .roles import Role
from .selectors import user_home_url
from .services import user_assign_role


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            user_assign_role(user=user, role=Role.PARTNER)
        return user

    def get_login_redirect_url(self, request):
        return user_home_url(request.user)
