from django.db import OperationalError

from lms import views


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
