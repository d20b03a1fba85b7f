"""``/healthz`` is 200 only when the database answers and takes a write, and it never
creates a database: the load balancer takes a broken server out of service."""

import pytest
from django.db import connection

from submissions.views import healthz


def test_healthy_and_nothing_is_left_written(client, db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, app, name, applied FROM django_migrations ORDER BY id")
        before = cursor.fetchall()
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, app, name, applied FROM django_migrations ORDER BY id")
        assert cursor.fetchall() == before


def test_a_database_that_answers_but_refuses_writes_is_unhealthy(client, db):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only = ON")
        else:
            cursor.execute("SET TRANSACTION READ ONLY")  # the test's transaction, to its end
        cursor.execute("SELECT 1")  # it still answers
    try:
        response = client.get("/healthz")
    finally:
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA query_only = OFF")
    assert (response.status_code, response.json()) == (503, {"status": "unavailable"})


@pytest.mark.skipif(connection.vendor != "sqlite", reason="an SQLite database is a file")
def test_a_missing_database_file_is_unhealthy_and_not_created(rf, db, tmp_path, monkeypatch):
    missing = tmp_path / "db.sqlite3"
    monkeypatch.setitem(connection.settings_dict, "NAME", str(missing))
    response = healthz(rf.get("/healthz"))
    assert response.status_code == 503
    assert not missing.exists()
