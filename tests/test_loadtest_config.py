"""The load test's configuration: gunicorn's one settings file (used by compose, the Dockerfile
and bin/loadtest) and the locustfile's users, page names and answers to the real pages."""

import importlib.util
import json
import os
import random
import re
import runpy
import subprocess
from pathlib import Path

import pytest
import yaml
from gunicorn.config import Config

from accounts.roles import Role
from partners.models import Partner
from requests_app.models import Request, School
from tests.requests_app.factories import RequestFactory

ROOT = Path(__file__).resolve().parents[1]
GUNICORN_CONF = "partnerconnect/gunicorn.conf.py"
GUNICORN_ENVIRONMENT = [
    "GUNICORN_WORKERS",
    "GUNICORN_THREADS",
    "GUNICORN_TIMEOUT",
    "GUNICORN_KEEPALIVE",
    "GUNICORN_BIND",
    "GUNICORN_ACCESS_LOG",
    "GUNICORN_CMD_ARGS",
    "WEB_CONCURRENCY",
]


def gunicorn_config(monkeypatch, **environment) -> Config:
    """gunicorn's configuration as `gunicorn --config` loads it, under `environment`."""
    for name in GUNICORN_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    config = Config()
    for name, value in runpy.run_path(str(ROOT / GUNICORN_CONF)).items():
        if name in config.settings:
            config.set(name, value)  # validated as gunicorn validates its settings
    return config


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_gunicorn_runs_three_gthread_workers_of_four_threads_with_long_timeouts(monkeypatch):
    config = gunicorn_config(monkeypatch)
    assert config.wsgi_app == "partnerconnect.wsgi:application"
    assert config.bind == ["0.0.0.0:8000"]
    assert config.worker_class_str == "gthread"
    assert (config.workers, config.threads) == (3, 4)
    assert config.timeout == config.graceful_timeout == 120
    assert config.keepalive == 75  # longer than the proxy keeps idle upstream connections
    assert config.accesslog == "-"


def test_gunicorn_settings_can_be_changed_from_the_environment(monkeypatch):
    config = gunicorn_config(
        monkeypatch, GUNICORN_WORKERS="5", GUNICORN_THREADS="2", GUNICORN_TIMEOUT="90"
    )
    assert (config.workers, config.threads, config.timeout) == (5, 2, 90)


def test_every_name_the_gunicorn_file_sets_is_a_gunicorn_setting():
    names = {
        name
        for name, value in runpy.run_path(str(ROOT / GUNICORN_CONF)).items()
        if not name.startswith("_") and not callable(value) and type(value).__name__ != "module"
    }
    assert names and names <= set(Config().settings)


def test_the_web_service_and_the_image_run_gunicorn_with_the_shared_settings():
    command = compose()["services"]["web"]["command"]
    assert f"exec gunicorn --config {GUNICORN_CONF}" in command
    assert not re.search(r"--workers|--threads|--timeout|-w |-t |-k ", command)
    # docker stop waits for gunicorn's graceful timeout before it kills
    assert compose()["services"]["web"]["stop_grace_period"] == "125s"
    dockerfile = (ROOT / "Dockerfile").read_text()
    [cmd] = re.findall(r"^CMD (.*)$", dockerfile, flags=re.M)
    assert json.loads(cmd) == ["gunicorn", "--config", GUNICORN_CONF]


def test_web_worker_and_beat_hold_far_fewer_database_connections_than_postgres_allows(
    monkeypatch,
):
    config = gunicorn_config(monkeypatch)
    worker = compose()["services"]["worker"]["command"]
    concurrency = int(re.search(r"--concurrency (\d+)", worker).group(1))
    connections = config.workers * config.threads + concurrency + 1  # + beat
    assert connections <= 100 // 4  # PostgreSQL's default max_connections is 100


def test_bin_loadtest_serves_with_the_shared_settings_and_production_settings():
    script = (ROOT / "bin" / "loadtest").read_text()
    assert f"--config {GUNICORN_CONF}" in script
    assert "DJANGO_SETTINGS_MODULE=partnerconnect.settings.production" in script
    assert not re.search(r"--workers|--threads|--timeout", script)
    assert subprocess.run(["bash", "-n", str(ROOT / "bin" / "loadtest")]).returncode == 0
    help_text = subprocess.run(
        [str(ROOT / "bin" / "loadtest"), "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert "--users N" in help_text and "--reuse" in help_text


@pytest.fixture(scope="module")
def locustfile():
    """benchmarks/locustfile.py, imported without gevent patching this test process."""
    if importlib.util.find_spec("locust") is None:
        pytest.skip("locust is not installed: bin/loadtest installs benchmarks/requirements.txt")
    os.environ["LOCUST_SKIP_MONKEY_PATCH"] = "1"
    spec = importlib.util.spec_from_file_location("locustfile", ROOT / "benchmarks/locustfile.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from gevent import monkey

    assert not monkey.is_module_patched("socket")
    return module


def test_the_locustfile_mixes_newcomers_coordinators_and_procurement(locustfile):
    from locust import HttpUser

    users = [locustfile.SurveyNewcomer, locustfile.Coordinator, locustfile.Procurement]
    for user in users:
        assert issubclass(user, HttpUser) and user.weight > 0
        assert user.wait_time(None) == 0  # no think time
    assert [user.weight for user in users] == [3, 6, 1]


def test_every_page_kind_is_its_own_row(locustfile):
    pages = locustfile.PAGES
    # sign in (form, submit), the survey (open, 8 steps, thanks), 5 coordinator, 2 procurement
    assert len(pages) == len(set(pages)) == 2 + 10 + 5 + 2
    named = [value for name, value in vars(locustfile.Page).items() if not name.startswith("_")]
    assert {
        page for value in named for page in (value if isinstance(value, list) else [value])
    } == set(pages)
    assert {
        "survey: open (step 1)",
        "survey: post step 8 final",
        "survey: thanks",
        "sign in: submit",
        "coordinator: requests",
        "coordinator: candidates",
        "coordinator: directory (filters)",
        "coordinator: directory (q=)",
        "coordinator: directory (near school, 25 mi)",
        "procurement: compliance report",
        "procurement: compliance report CSV",
    } <= set(pages)


@pytest.mark.django_db
@pytest.mark.parametrize("seed", range(6))
def test_the_locustfiles_answers_pass_every_survey_step(locustfile, client, seed):
    random.seed(seed)  # parents and Business/Industry partners, various choices
    response = client.get("/partners/survey/")
    steps = []
    while response.status_code == 200:
        form = locustfile.FormPage(response.content.decode())
        assert form.hidden().keys() == {"csrfmiddlewaretoken", "survey_wizard-current_step"}
        steps.append(locustfile.survey_current_step(form))
        assert f"Step {len(steps)} of " in response.content.decode()
        response = client.post(
            "/partners/survey/",
            {**form.hidden(), **locustfile.survey_answers(steps[-1], form)},
        )
    # Parents name no organization and skip the certifications step.
    parent = "certifications" not in steps
    assert steps == [s for s in locustfile.SURVEY_STEPS if not (parent and s == "certifications")]
    assert response.status_code == 302
    assert response.url == locustfile.THANKS_URL
    assert Partner.objects.get().email.startswith("loadtest-")


@pytest.mark.django_db
def test_a_coordinator_page_gives_the_locustfile_open_requests_schools_and_filters(
    locustfile, client, make_user
):
    coordinator = make_user(Role.COORDINATOR)
    grant = School.objects.get(short_name="Grant HS")
    grant.coordinators.add(coordinator)
    open_request = RequestFactory(school=grant, created_by=coordinator)
    RequestFactory(school=grant, created_by=coordinator, status=Request.Status.DRAFT)
    client.force_login(coordinator)

    page = client.get("/requests/").content.decode()
    assert locustfile.open_request_ids(page) == [str(open_request.pk)]
    directory = locustfile.FormPage(client.get("/requests/directory/").content.decode())
    for name in ("pathway", "experience", "tier", "certification", "organization_type"):
        assert directory.options(name), name
    assert str(grant.pk) in directory.options("near_school")
    assert "25" in directory.options("within")
