import logging

import psycopg
import pytest
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections, transaction

from courses.models import EnrolmentQuerySet
from lms import views

from .conftest import clear_cache, client_for


class UnreachableDatabase:
    def cursor(self):
        raise OperationalError("could not connect to server")


def test_healthz_reports_ok(anon_client):
    response = anon_client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_unavailable_database(anon_client, monkeypatch):
    monkeypatch.setattr(views, "connection", UnreachableDatabase())

    response = anon_client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "OperationalError"}


def _database_down(*args, **kwargs):
    raise OperationalError("could not connect to server: Connection refused")


@pytest.fixture
def connection_lost(monkeypatch):
    """The database no longer answers the connection: Django's ``is_usable()`` (a SELECT 1)
    says so, as it does once the server is gone (the real thing on PostgreSQL below)."""
    monkeypatch.setattr(connections[DEFAULT_DB_ALIAS], "is_usable", lambda: False)


def test_a_page_answers_a_friendly_503_when_the_database_is_unreachable(learner, monkeypatch, connection_lost):
    """Not a bare 500: the learner reads that it is temporary and that saved work is safe,
    in Vietnamese and English, from a page that needs no database; Retry-After for clients."""
    client = client_for(learner, raise_request_exception=False)
    monkeypatch.setattr(EnrolmentQuerySet, "for_learner", _database_down)

    response = client.get("/learning/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    content = response.content.decode()
    assert "Hệ thống tạm thời gián đoạn" in content
    assert "Temporarily unavailable" in content


def test_a_database_failure_while_loading_the_session_is_a_503_too(learner, monkeypatch, connection_lost):
    from django.contrib.sessions.backends.db import SessionStore

    client = client_for(learner, raise_request_exception=False)
    # Sessions are read from the cache first (cached_db): not there, they come from the database.
    clear_cache()
    monkeypatch.setattr(SessionStore, "_get_session_from_db", _database_down)

    response = client.get("/learning/")

    assert response.status_code == 503


def test_other_failures_stay_a_500(learner, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug, not the database")

    client = client_for(learner, raise_request_exception=False)
    monkeypatch.setattr(EnrolmentQuerySet, "for_learner", broken)

    response = client.get("/learning/")

    assert response.status_code == 500
    assert "Lỗi máy chủ" in response.content.decode()


def _refused_statement(*args, **kwargs):
    """A statement the database refuses on a healthy connection, with an OperationalError as a
    lost connection gives: FTS5's syntax error on SQLite, a NUL character on PostgreSQL. In a
    savepoint: outside tests a request holds no transaction that the error could leave aborted."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT rowid FROM modelsearch_indexentry_fts WHERE modelsearch_indexentry_fts MATCH %s", ['"']
            )
        else:
            cursor.execute("SELECT chr(0)")


def test_an_error_of_a_working_database_is_a_500_not_an_outage(learner, monkeypatch, caplog):
    """Only a lost connection is an outage: a refused statement is a server error, logged as
    one (Django's "Internal Server Error" line), never as "database unavailable"."""
    client = client_for(learner, raise_request_exception=False)
    monkeypatch.setattr(EnrolmentQuerySet, "for_learner", _refused_statement)

    with caplog.at_level(logging.ERROR):
        response = client.get("/learning/")

    assert response.status_code == 500
    assert "Lỗi máy chủ" in response.content.decode()
    assert "database unavailable" not in caplog.text
    assert "Internal Server Error: /learning/" in caplog.text


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a real lost connection needs a PostgreSQL server"
)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_ended_is_a_503(learner, caplog):
    """The server ends the session (restart, failover, pg_terminate_backend): the next page
    is the friendly 503, and the log says the database is unavailable."""
    client = client_for(learner, raise_request_exception=False)
    backend_pid = connection.cursor().connection.info.backend_pid
    database = connection.settings_dict
    with psycopg.connect(
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        user=database["USER"] or None,
        password=database["PASSWORD"] or None,
        dbname=database["NAME"],
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [backend_pid])

    try:
        with caplog.at_level(logging.ERROR):
            response = client.get("/learning/")
    finally:
        connection.close()  # the next test reconnects

    assert response.status_code == 503
    assert "Hệ thống tạm thời gián đoạn" in response.content.decode()
    assert "database unavailable" in caplog.text


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_refused_connection_is_a_503(learner, monkeypatch):
    """Nothing listens where the database should be: a 503 too."""
    client = client_for(learner, raise_request_exception=False)
    connection.close()
    with monkeypatch.context() as patch:
        patch.setitem(connection.settings_dict, "PORT", "1")
        response = client.get("/learning/")
    connection.close()

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
