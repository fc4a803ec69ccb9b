"""Settings read from the environment: database, broker, production hardening."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "partnerconnect.settings.production",
    "DJANGO_SECRET_KEY": "k3y-Zq8v!p2W@r7x#N5m$L1c%T9b^H4d&J6f*G0s(Y8u)E2a_R5o+V7i=Q3w",
    "DJANGO_ALLOWED_HOSTS": "partnerconnect.example.org",
}


def settings_in_subprocess(env_overrides: dict, module: str = "partnerconnect.settings.local"):
    """Load the settings in a fresh interpreter with exactly these variables set."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update({"DJANGO_SETTINGS_MODULE": module, **env_overrides})
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'], "
        "'name': str(settings.DATABASES['default']['NAME']), "
        "'eager': settings.CELERY_TASK_ALWAYS_EAGER, 'broker': settings.CELERY_BROKER_URL, "
        "'cache': settings.CACHES['default']['BACKEND'], 'debug': settings.DEBUG}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_sqlite_and_in_process_tasks_when_nothing_is_configured():
    loaded = settings_in_subprocess({})
    assert loaded["engine"] == "django.db.backends.sqlite3"
    assert loaded["name"].endswith("var/db.sqlite3")
    assert loaded["eager"] is True
    assert loaded["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert loaded["debug"] is True


def test_postgresql_and_redis_broker_when_configured():
    loaded = settings_in_subprocess(
        {
            "DATABASE_URL": "postgres://pc:secret@db.internal:5432/partnerconnect",
            "REDIS_URL": "redis://cache.internal:6379/0",
        }
    )
    assert loaded["engine"] == "django.db.backends.postgresql"
    assert loaded["name"] == "partnerconnect"
    assert loaded["eager"] is False
    assert loaded["broker"] == "redis://cache.internal:6379/0"
    assert loaded["cache"] == "partnerconnect.cache.FailoverRedisCache"


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    env.pop("DJANGO_SETTINGS_MODULE")
    with pytest.raises(AssertionError, match="DJANGO_SECRET_KEY"):
        settings_in_subprocess(env, module="partnerconnect.settings.production")


def test_check_deploy_is_clean_with_production_settings():
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(PRODUCTION_ENV)
    env["REDIS_URL"] = "redis://127.0.0.1:6379/0"
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_broker():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SETTINGS_MODULE"}
    with pytest.raises(AssertionError, match="REDIS_URL"):
        settings_in_subprocess(env, module="partnerconnect.settings.production")


def test_seed_demo_refuses_to_run_with_production_settings():
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(PRODUCTION_ENV)
    env["REDIS_URL"] = "redis://127.0.0.1:6379/0"
    env["DATABASE_URL"] = "sqlite:////tmp/partnerconnect-never-seeded.sqlite3"
    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "does not run with production settings" in result.stderr
