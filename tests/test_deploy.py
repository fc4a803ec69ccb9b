"""What a district deploys: docker-compose.yml's settings load, pass check --deploy, and
collect the static files; production refuses a weak secret key and sets __Host- cookies;
the local demo command's steps work on SQLite."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SETTINGS_DIR = ROOT / "partnerconnect" / "settings"


def clean_env() -> dict:
    return {
        key: value
        for key, value in os.environ.items()
        if key
        not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }


def env_example() -> dict:
    pairs = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            pairs[key] = value
    return pairs


def compose_app_environment() -> dict:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    values = env_example()
    environment = {**values, **compose["x-app"]["environment"]}
    # Interpolate ${NAME:?message} the way compose does, from .env.
    return {
        key: re.sub(r"\$\{(\w+)(?::\?[^}]*)?\}", lambda m: values[m.group(1)], str(value))
        for key, value in environment.items()
    }


def test_compose_runs_every_service_from_one_image_with_one_beat():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"db", "redis", "web", "worker", "beat", "mailcatcher"}
    for name in ("web", "worker", "beat"):
        assert services[name]["image"] == "partnerconnect:latest"
    assert "gunicorn" in services["web"]["command"]
    assert "worker" in services["worker"]["command"]
    assert "DatabaseScheduler" in services["beat"]["command"]
    assert services["beat"]["deploy"]["replicas"] == 1


def test_every_variable_of_env_example_is_read_by_the_settings_or_compose():
    read = "\n".join(path.read_text() for path in SETTINGS_DIR.glob("*.py"))
    read += (ROOT / "docker-compose.yml").read_text()
    for name in env_example():
        assert f'"{name}"' in read or f"${{{name}" in read, f"{name} is not used"


def test_compose_environment_passes_check_deploy_and_collects_static_files(tmp_path):
    env = {**clean_env(), **compose_app_environment(), "DJANGO_STATIC_ROOT": str(tmp_path)}
    # The district replaces .env.example's placeholder with a long random key.
    env["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    assert env["DJANGO_SETTINGS_MODULE"] == "partnerconnect.settings.production"
    check = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert collect.returncode == 0, collect.stderr
    assert list(tmp_path.glob("vendor/bootstrap/css/bootstrap.min.*.css"))
    assert (tmp_path / "staticfiles.json").exists()


def test_demo_setup_migrates_and_seeds_an_empty_sqlite_database(tmp_path):
    env = {
        **clean_env(),
        "DJANGO_SETTINGS_MODULE": "partnerconnect.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
    }
    for command in (["migrate", "--noinput"], ["seed_demo"], ["seed_demo"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
    assert "coordinator@example.org" in result.stdout
    assert "demo-partner-connect" in result.stdout


def production_env(**overrides) -> dict:
    env = {**clean_env(), **compose_app_environment()}
    env["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    env.update(overrides)
    return env


def load_settings(env: dict, *names: str) -> subprocess.CompletedProcess:
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{name: getattr(settings, name) for name in {list(names)!r}}}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    "key",
    [
        "change-me-to-a-long-random-string",  # .env.example's placeholder
        "Zq8v!p2W@r7x#N5m$L1c%T9b^H4d&J6f*G0s",  # random, but 36 characters
        "django-insecure-" + "k3yZq8vp2Wr7xN5mL1cT9bH4dJ6fG0sY8uE2aR5oV7iQ3w",
        "ab" * 40,  # long, two characters
    ],
)
def test_production_refuses_to_start_with_a_weak_secret_key(key):
    result = load_settings(production_env(DJANGO_SECRET_KEY=key), "SECRET_KEY")
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is too weak" in result.stderr


def test_production_cookies_are_host_only_secure_and_whole_site():
    result = load_settings(
        production_env(),
        "SESSION_COOKIE_NAME",
        "CSRF_COOKIE_NAME",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_DOMAIN",
        "CSRF_COOKIE_DOMAIN",
        "SESSION_COOKIE_PATH",
        "CSRF_COOKIE_PATH",
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == {
        "SESSION_COOKIE_NAME": "__Host-sessionid",
        "CSRF_COOKIE_NAME": "__Host-csrftoken",
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_DOMAIN": None,
        "CSRF_COOKIE_DOMAIN": None,
        "SESSION_COOKIE_PATH": "/",
        "CSRF_COOKIE_PATH": "/",
    }


def test_production_fails_open_on_redis_and_trusts_the_one_tls_proxy():
    result = load_settings(production_env(), "CACHES", "ALLAUTH_TRUSTED_PROXY_COUNT")
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded["CACHES"]["default"]["BACKEND"] == "partnerconnect.cache.FailoverRedisCache"
    assert loaded["CACHES"]["default"]["LOCATION"] == "redis://redis:6379/0"
    assert loaded["ALLAUTH_TRUSTED_PROXY_COUNT"] == 1
