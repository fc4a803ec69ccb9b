"""The four roles: each is a group holding one access permission on accounts.User."""

from django.db import models


class Role(models.TextChoices):
    PARTNER = "partner", "Partner"
    COORDINATOR = "coordinator", "Career Coordinator"
    PROCUREMENT = "procurement", "Procurement"
    DISTRICT_ADMIN = "district_admin", "District Admin"

    @property
    def group_name(self) -> str:
        return self.label

    @property
    def codename(self) -> str:
        return f"role_{self.value}"

    @property
    def permission(self) -> str:
        return f"accounts.{self.codename}"


# What each role's group may do: its own access permission plus, for staff roles, the
# access permissions of the roles whose pages it may open.
ROLE_GRANTS: dict[Role, tuple[Role, ...]] = {
    Role.PARTNER: (Role.PARTNER,),
    Role.COORDINATOR: (Role.COORDINATOR,),
    Role.PROCUREMENT: (Role.PROCUREMENT,),
    Role.DISTRICT_ADMIN: (Role.DISTRICT_ADMIN, Role.COORDINATOR, Role.PROCUREMENT),
}
