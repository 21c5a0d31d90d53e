"""Production configuration: check --deploy is clean, secrets are required, compose is valid."""

import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]


def _production_env(**overrides):
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "finpro.settings",
        "DEBUG": "0",
        "SECRET_KEY": "q8Zr-3vN_wYp7tLx2mKc9sBd4fHj6gAeR1uT0oIyPnVzXlQk5W",
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "BLIND_INDEX_KEY": "a-separate-random-blind-index-secret-0b4e",
        "ALLOWED_HOSTS": "finpro.example.org",
        "SITE_URL": "https://finpro.example.org",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "SMS_BACKEND": "notifications.sms.FileBackend",
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'deploycheck.sqlite3'}"),
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def _manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_values():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_each_secret():
    for name in ("SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEY"):
        result = _manage("check", env=_production_env(**{name: None}))
        assert result.returncode != 0
        assert f"{name} must be set when DEBUG is off" in result.stderr


def test_production_refuses_keys_that_are_not_fernet_keys():
    for value, position in (("change-me", 1), (f"{Fernet.generate_key().decode()},change-me", 2)):
        result = _manage("check", env=_production_env(FIELD_ENCRYPTION_KEYS=value))
        assert result.returncode != 0
        assert f"FIELD_ENCRYPTION_KEYS: key {position} is not a Fernet key" in result.stderr
        assert "Fernet.generate_key()" in result.stderr  # says how to make one


def test_production_refuses_to_start_without_site_url():
    result = _manage("check", env=_production_env(SITE_URL=None))
    assert result.returncode != 0
    assert "SITE_URL must be set when DEBUG is off" in result.stderr


def test_production_refuses_console_backends_unless_allowed():
    for name, console in (("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"),
                          ("SMS_BACKEND", "notifications.sms.ConsoleBackend")):
        refused = _manage("check", env=_production_env(**{name: console}))
        assert refused.returncode != 0
        assert f"{name} is the console backend" in refused.stderr and "ALLOW_CONSOLE_BACKENDS=1" in refused.stderr
        allowed = _manage("check", env=_production_env(**{name: console, "ALLOW_CONSOLE_BACKENDS": "1"}))
        assert allowed.returncode == 0, allowed.stderr
    # The defaults are the console backends: leaving them unset is refused too.
    unset = _manage("check", env=_production_env(EMAIL_BACKEND=None))
    assert "EMAIL_BACKEND is the console backend" in unset.stderr


def test_docker_compose_file_is_valid_and_complete():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema", "vendor.compose-spec",
         str(ROOT / "docker-compose.yml")],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    for name in ("postgres", "redis", "web", "worker", "beat", "mailcatcher"):
        assert name in services, name
    for name in ("postgres", "redis", "web", "worker", "mailcatcher"):
        assert "healthcheck" in services[name], name
    assert {"pgdata", "redisdata"} <= set(compose["volumes"])
    assert "gunicorn" in (ROOT / "Dockerfile").read_text()


def test_images_are_pinned_and_the_image_keeps_secrets_and_local_state_out():
    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    images = [service["image"] for service in compose["services"].values() if "image" in service]
    images.append(compose["x-app"]["image"])
    for image in images:
        name, _, tag = image.rpartition(":")
        assert name and tag and tag != "latest", f"{image} is not pinned to a version"
    dockerfile = (ROOT / "Dockerfile").read_text()
    base = next(line.split()[1] for line in dockerfile.splitlines() if line.startswith("FROM "))
    assert base.rpartition(":")[2] not in ("", "latest")
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".env", ".venv", "var/", ".git", "test-results/"} <= ignored
    # collectstatic with production settings: bin/build-static, never with DEBUG on.
    assert "bin/build-static" in dockerfile and "DEBUG=1" not in dockerfile
    assert "DEBUG=0" in (ROOT / "bin" / "build-static").read_text()
    assert compose["services"]["web"]["healthcheck"]["test"] == ["CMD", "python", "bin/healthcheck.py"]
