"""Fixtures of the requests app's tests: a school, its coordinator and an open request."""

import pytest

from accounts.roles import Role
from requests_app.models import School
from tests.requests_app.factories import RequestFactory


@pytest.fixture
def grant():
    return School.objects.get(short_name="Grant HS")


@pytest.fixture
def coordinator(make_user, grant):
    user = make_user(Role.COORDINATOR)
    grant.coordinators.add(user)
    return user


@pytest.fixture
def open_request(coordinator, grant):
    return RequestFactory(school=grant, created_by=coordinator, partners_wanted=1)
