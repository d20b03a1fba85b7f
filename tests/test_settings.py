"""Production settings: refuse to start without SECRET_KEY; pass the deploy check."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    clean = {
        k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL")
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_start_up_without_secret_key_names_the_variable():
    result = run_manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_migrations_can_be_checked_without_a_secret():
    """Comparing models with migrations signs nothing: no SECRET_KEY, no DEBUG needed."""
    result = run_manage("makemigrations", "--check", "--dry-run", DEBUG="0")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "No changes detected" in result.stdout


def test_deploy_check_passes_with_production_variables():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="a-long-production-like-secret-key-with-enough-entropy-1234567890",
        ALLOWED_HOSTS="vbp.example.org",
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_collectstatic_works_with_production_storage(tmp_path):
    """The manifest storage refuses files that reference missing ones (e.g. source maps)."""
    result = run_manage(
        "collectstatic",
        "--noinput",
        DEBUG="0",
        SECRET_KEY="a-long-production-like-secret-key-with-enough-entropy-1234567890",
        STATIC_ROOT=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "staticfiles.json").exists()
