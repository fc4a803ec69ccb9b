"""The District Admin's Django admin, as a District Admin who is not a superuser: what the
role's group is granted, the pages it opens and refuses, and that it cannot make superusers."""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_celery_beat.models import PeriodicTask
from post_office.models import STATUS, Email

from accounts.demo import seed_users
from accounts.models import User
from accounts.roles import (
    DISTRICT_ADMIN_MODEL_PERMISSIONS,
    ROLE_GRANTS,
    Role,
    district_admin_model_permissions,
)
from notifications.services import email_queue
from partners.models import Certification
from tests.compliance.factories import ContractFactory, OpportunityFactory
from tests.expo.factories import ExpoEditionFactory, RegistrationFactory
from tests.partners.factories import OrganizationFactory, PartnerFactory
from tests.requests_app.factories import EngagementFactory, RequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, district_admin_user):
    client.force_login(district_admin_user)
    return client


def queue_email(to="partner@example.org", subject="Hello"):
    return email_queue(
        to=to, template="notice", context={"subject": subject, "message": "m", "link": ""}
    )


def test_the_district_admin_is_staff_but_not_a_superuser(district_admin_user):
    assert district_admin_user.is_staff
    assert not district_admin_user.is_superuser
    assert district_admin_user.has_perm("partners.change_partner")
    assert not district_admin_user.has_perm("auth.change_group")


def test_the_database_grants_the_district_admin_exactly_the_listed_permissions():
    group = Group.objects.get(name=Role.DISTRICT_ADMIN.group_name)
    granted = {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }
    roles = {role.permission for role in ROLE_GRANTS[Role.DISTRICT_ADMIN]}
    assert granted == roles | district_admin_model_permissions()


def test_every_listed_model_has_an_admin_page(admin_client):
    for model in DISTRICT_ADMIN_MODEL_PERMISSIONS:
        url = reverse(f"admin:{model.replace('.', '_')}_changelist")
        assert admin_client.get(url).status_code == 200, url


def test_the_other_roles_get_no_model_permission():
    for role in (Role.PARTNER, Role.COORDINATOR, Role.PROCUREMENT):
        group = Group.objects.get(name=role.group_name)
        assert set(group.permissions.values_list("codename", flat=True)) == {role.codename}


# What a District Admin (not a superuser) opens in /admin/: every list and add page the role
# needs answers 200; what stays the operators' (superusers') answers 403.
ADMIN_PAGES = {
    "/admin/": 200,
    # users and roles
    "/admin/accounts/user/": 200,
    "/admin/accounts/user/add/": 200,
    "/admin/auth/group/": 200,
    "/admin/account/emailaddress/": 200,
    # catalogs
    "/admin/partners/partnerrole/": 200,
    "/admin/partners/partnerrole/add/": 200,
    "/admin/partners/organizationtype/": 200,
    "/admin/partners/organizationtype/add/": 200,
    "/admin/partners/certification/": 200,
    "/admin/partners/certification/add/": 200,
    "/admin/partners/tier/": 200,
    "/admin/partners/tier/add/": 200,
    "/admin/partners/experience/": 200,
    "/admin/partners/experience/add/": 200,
    "/admin/partners/contribution/": 200,
    "/admin/partners/contribution/add/": 200,
    "/admin/partners/pathway/": 200,
    "/admin/partners/pathway/add/": 200,
    # organizations and partners
    "/admin/partners/organization/": 200,
    "/admin/partners/organization/add/": 200,
    "/admin/partners/partner/": 200,
    "/admin/partners/partner/add/": 200,
    "/admin/partners/certificationclaim/": 200,
    "/admin/partners/surveydraft/": 200,
    "/admin/partners/overduedigest/": 200,
    # schools, requests, offers, engagements
    "/admin/requests_app/school/": 200,
    "/admin/requests_app/school/add/": 200,
    "/admin/requests_app/request/": 200,
    "/admin/requests_app/request/add/": 200,
    "/admin/requests_app/offer/": 200,
    "/admin/requests_app/offer/add/": 200,
    "/admin/requests_app/engagement/": 200,
    # contracts and opportunities
    "/admin/compliance/contract/": 200,
    "/admin/compliance/contract/add/": 200,
    "/admin/compliance/opportunity/": 200,
    "/admin/compliance/opportunity/add/": 200,
    "/admin/compliance/atriskreminder/": 200,
    # the Expo
    "/admin/expo/expoedition/": 200,
    "/admin/expo/expoedition/add/": 200,
    "/admin/expo/sponsorlevel/": 200,
    "/admin/expo/sponsorlevel/add/": 200,
    "/admin/expo/registration/": 200,
    "/admin/expo/registration/add/": 200,
    "/admin/expo/deadlinereminder/": 200,
    # the outbox
    "/admin/post_office/email/": 200,
    "/admin/post_office/log/": 200,
    "/admin/post_office/attachment/": 200,
    # the beat schedule
    "/admin/django_celery_beat/periodictask/": 200,
    "/admin/django_celery_beat/crontabschedule/": 200,
    "/admin/django_celery_beat/crontabschedule/add/": 200,
    "/admin/django_celery_beat/intervalschedule/": 200,
    "/admin/django_celery_beat/intervalschedule/add/": 200,
    "/admin/django_celery_beat/clockedschedule/": 200,
    "/admin/django_celery_beat/solarschedule/": 200,
    # the operators' only
    "/admin/auth/group/add/": 403,
    "/admin/sites/site/": 403,
    "/admin/sites/site/add/": 403,
    "/admin/account/emailaddress/add/": 403,
    "/admin/post_office/emailtemplate/": 403,
    "/admin/requests_app/engagement/add/": 403,
    "/admin/expo/deadlinereminder/add/": 403,
    "/admin/partners/certificationclaim/add/": 403,
    "/admin/compliance/atriskreminder/add/": 403,
    "/admin/django_celery_beat/periodictask/add/": 403,
}


@pytest.mark.parametrize("url", list(ADMIN_PAGES))
def test_the_district_admin_opens_what_the_role_needs_in_the_admin(admin_client, url):
    assert admin_client.get(url).status_code == ADMIN_PAGES[url]


def test_the_district_admin_opens_each_kind_of_record(admin_client, beat_installed):
    partner = PartnerFactory(organization=OrganizationFactory())
    edition = ExpoEditionFactory()
    records = [
        reverse("admin:partners_partner_change", args=[partner.pk]),
        reverse("admin:partners_organization_change", args=[partner.organization_id]),
        reverse("admin:partners_certification_change", args=[Certification.objects.first().pk]),
        reverse("admin:requests_app_request_change", args=[RequestFactory().pk]),
        reverse("admin:requests_app_engagement_change", args=[EngagementFactory().pk]),
        reverse("admin:compliance_contract_change", args=[ContractFactory().pk]),
        reverse("admin:compliance_opportunity_change", args=[OpportunityFactory().pk]),
        reverse("admin:expo_expoedition_change", args=[edition.pk]),
        reverse("admin:expo_registration_change", args=[RegistrationFactory(edition=edition).pk]),
        reverse("admin:post_office_email_change", args=[queue_email().pk]),
        reverse(
            "admin:django_celery_beat_periodictask_change",
            args=[PeriodicTask.objects.exclude(name="celery.backend_cleanup").first().pk],
        ),
        reverse(
            "admin:auth_group_change",
            args=[Group.objects.get(name=Role.COORDINATOR.group_name).pk],
        ),
    ]
    for url in records:
        assert admin_client.get(url).status_code == 200, url


def test_the_district_admin_renames_a_catalog_entry(admin_client):
    entry = Certification.objects.order_by("position").first()
    response = admin_client.post(
        reverse("admin:partners_certification_change", args=[entry.pk]),
        {
            "name": "Renamed certification",
            "code": entry.code,
            "help_text": entry.help_text,
            "position": entry.position,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.name == "Renamed certification"


def test_the_district_admin_confirms_an_organization_admin(admin_client):
    partner = PartnerFactory(organization=OrganizationFactory())
    response = admin_client.post(
        reverse("admin:partners_partner_changelist"),
        {"action": "confirm_organization_admin", "_selected_action": [partner.pk]},
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.is_organization_admin


def test_the_district_admin_resends_from_the_outbox(
    admin_client, mailoutbox, django_capture_on_commit_callbacks
):
    email = queue_email(subject="Findable subject")
    Email.objects.filter(pk=email.pk).update(status=STATUS.failed)
    changelist = admin_client.get(reverse("admin:post_office_email_changelist"))
    assert "Send again through the outbox" in changelist.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:post_office_email_changelist"),
            {"action": "resend_selected", "_selected_action": [email.pk]},
        )
    assert response.status_code == 302
    assert Email.objects.get(pk=email.pk).status == STATUS.sent
    assert [message.subject for message in mailoutbox] == ["Findable subject"]

    Email.objects.filter(pk=email.pk).update(status=STATUS.failed)
    url = reverse("admin:resend", args=[email.pk])
    assert admin_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url)
    assert Email.objects.get(pk=email.pk).status == STATUS.sent


def test_the_district_admin_does_not_see_the_operators_emails(admin_client, make_user):
    operator = make_user(is_superuser=True, is_staff=True, email="operator@district.example")
    theirs = queue_email(to=operator.email, subject="Password reset for the operator")
    ours = queue_email(subject="An email to a partner")
    page = admin_client.get(reverse("admin:post_office_email_changelist")).content.decode()
    assert "An email to a partner" in page
    assert "Password reset for the operator" not in page
    assert (
        admin_client.get(reverse("admin:post_office_email_change", args=[ours.pk])).status_code
        == 200
    )
    for name in ("post_office_email_change", "post_office_email_preview", "resend"):
        response = admin_client.get(reverse(f"admin:{name}", args=[theirs.pk]))
        assert response.status_code in (302, 404), name  # the change page redirects: not found
        assert b"Password reset for the operator" not in response.content


def user_form(user, **changes):
    data = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "is_active": "on",
        "is_staff": "on" if user.is_staff else "",
        "groups": [group.pk for group in user.groups.all()],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_a_district_admin_cannot_make_anyone_a_superuser(
    admin_client, district_admin_user, make_user
):
    any_permission = Permission.objects.get(codename="change_group")
    for user in (district_admin_user, make_user(Role.COORDINATOR)):
        response = admin_client.post(
            reverse("admin:accounts_user_change", args=[user.pk]),
            user_form(user, is_superuser="on", user_permissions=[any_permission.pk]),
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        user.refresh_from_db()
        assert not user.is_superuser
        assert not user.user_permissions.exists()
    page = admin_client.get(reverse("admin:accounts_user_change", args=[user.pk])).content.decode()
    assert 'name="is_superuser"' not in page
    assert 'name="user_permissions"' not in page


def test_a_superuser_still_makes_superusers(client, make_user):
    client.force_login(make_user(is_superuser=True, is_staff=True))
    user = make_user(Role.COORDINATOR)
    response = client.post(
        reverse("admin:accounts_user_change", args=[user.pk]), user_form(user, is_superuser="on")
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_superuser


def test_a_district_admin_cannot_change_an_operators_account(admin_client, make_user):
    operator = make_user(is_superuser=True, is_staff=True)
    change = reverse("admin:accounts_user_change", args=[operator.pk])
    assert admin_client.get(change).status_code == 200  # to read, without a save button
    response = admin_client.post(change, user_form(operator, email="taken@example.org"))
    assert response.status_code == 403
    password = reverse("admin:auth_user_password_change", args=[operator.pk])
    assert admin_client.get(password).status_code == 403
    response = admin_client.post(
        password, {"password1": "a-new-pass-99", "password2": "a-new-pass-99"}
    )
    assert response.status_code == 403
    operator.refresh_from_db()
    assert operator.email != "taken@example.org"
    assert operator.check_password("correct-horse-battery-staple")


def test_roles_given_in_the_admin_come_with_what_they_imply(admin_client, make_user):
    user = make_user(Role.PARTNER)
    other = Group.objects.create(name="Payroll export")
    user.groups.add(other)
    district_admin = Group.objects.get(name=Role.DISTRICT_ADMIN.group_name)
    change = reverse("admin:accounts_user_change", args=[user.pk])
    offered = admin_client.get(change).context["adminform"].form.fields["groups"].queryset
    assert set(offered.values_list("name", flat=True)) == {role.group_name for role in Role}

    groups = [district_admin.pk, Group.objects.get(name=Role.PARTNER.group_name).pk]
    response = admin_client.post(change, user_form(user, groups=groups))
    assert response.status_code == 302
    user = User.objects.get(pk=user.pk)
    assert user.is_staff, "a District Admin signs in to the admin"
    assert not user.is_superuser
    assert set(user.groups.values_list("name", flat=True)) == {
        Role.DISTRICT_ADMIN.group_name,
        Role.PARTNER.group_name,
        "Payroll export",  # not offered, so kept
    }
    assert user.has_perm("partners.change_partner")


def test_the_demo_admin_is_not_a_superuser(client):
    seed_users()
    admin = User.objects.get(email="admin@example.org")
    assert admin.is_staff and not admin.is_superuser
    client.force_login(admin)
    assert client.get(reverse("admin:partners_partner_changelist")).status_code == 200
    assert client.get(reverse("admin:auth_group_add")).status_code == 403


def test_seeding_the_demo_again_takes_back_a_superuser_flag():
    seed_users()
    User.objects.filter(email="admin@example.org").update(is_superuser=True)
    seed_users()
    assert not User.objects.get(email="admin@example.org").is_superuser


def test_assign_role_gives_the_district_admin_role(make_user):
    user = make_user(email="dana.reyes@district.example")
    out = io.StringIO()
    call_command("assign_role", "Dana.Reyes@district.example", "district_admin", stdout=out)
    assert "dana.reyes@district.example is now a District Admin." in out.getvalue()
    user = User.objects.get(pk=user.pk)
    assert user.is_staff and not user.is_superuser
    assert user.has_perm(Role.DISTRICT_ADMIN.permission)
    assert user.has_perm("partners.change_organization")


def test_assign_role_refuses_an_unknown_email():
    with pytest.raises(CommandError, match="No user has the email"):
        call_command("assign_role", "nobody@example.org", "coordinator")
