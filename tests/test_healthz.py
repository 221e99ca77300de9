from django.db import OperationalError

from lms import views

from .conftest import client_for


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


def test_a_page_answers_a_friendly_503_when_the_database_is_unreachable(learner, monkeypatch):
    """Not a bare 500: the learner reads that it is temporary and that saved work is safe,
    in Vietnamese and English, from a page that needs no database; Retry-After for clients."""
    from courses.models import EnrolmentQuerySet

    client = client_for(learner, raise_request_exception=False)
    monkeypatch.setattr(EnrolmentQuerySet, "for_learner", _database_down)

    response = client.get("/learning/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    content = response.content.decode()
    assert "Hệ thống tạm thời gián đoạn" in content
    assert "Temporarily unavailable" in content


def test_a_database_failure_while_loading_the_session_is_a_503_too(learner, monkeypatch):
    from django.contrib.sessions.backends.db import SessionStore

    client = client_for(learner, raise_request_exception=False)
    monkeypatch.setattr(SessionStore, "load", _database_down)

    response = client.get("/learning/")

    assert response.status_code == 503


def test_other_failures_stay_a_500(learner, monkeypatch):
    from courses.models import EnrolmentQuerySet

    def broken(*args, **kwargs):
        raise ValueError("a bug, not the database")

    client = client_for(learner, raise_request_exception=False)
    monkeypatch.setattr(EnrolmentQuerySet, "for_learner", broken)

    response = client.get("/learning/")

    assert response.status_code == 500
    assert "Lỗi máy chủ" in response.content.decode()
