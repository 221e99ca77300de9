"""Backups (docs/DEPLOY.md, section 3): a ``pg_dump -Fc`` of the database and a copy of the
media folder, restored into an empty database, still verify every certificate; and
``manage.py verify_certificates``, the check an operator runs after a restore.

The restore tests need PostgreSQL and its client tools (``pg_dump``, ``pg_restore``,
``createdb``, ``dropdb``, no older than the server). They commit their data (transaction=True)
so that ``pg_dump``, another connection, sees it, and run the restored site in subprocesses
(``lms.settings.dev``, which reads ``DATABASE_URL`` and ``MEDIA_ROOT``), as an operator would.
"""

import io
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.parse
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import include, path
from django.utils import timezone
from wagtail import urls as wagtail_urls

from certificates.models import Certificate
from certificates.tasks import deliver_certificate
from people.roles import PROVINCIAL_ADMINS

from .conftest import enrol, make_course, make_user

REPO_ROOT = Path(__file__).resolve().parent.parent
PG_TOOLS = ("pg_dump", "pg_restore", "createdb", "dropdb")

# What the public verification page says of each status (English: the pages are asked for in
# English, as by the tests' clients).
STATUS_LABELS = {"valid": "Valid", "revoked": "Revoked", "expired": "Expired"}


# Certificates ---------------------------------------------------------------------------------


def delivered(certificate):
    """Rendered, stored and e-mailed, as the delivery task does after issuing (run here
    directly: inside a test's transaction the on-commit delivery never runs)."""
    deliver_certificate.enqueue(certificate.pk)
    certificate.refresh_from_db()
    assert certificate.pdf.name and certificate.delivered_at
    return certificate


def issued(username, full_name, course):
    user = make_user(username, profile={"full_name": full_name})
    enrolment = enrol(user, course, completed_at=timezone.now())
    return Certificate.objects.issue(enrolment, deliver=False)[0]


def certificates_of_every_kind(course_index):
    """Valid, revoked, re-issued (the old one revoked, the new one valid), expired, and valid
    but not delivered yet (no PDF)."""
    admin = make_user("sovhtt", groups=[PROVINCIAL_ADMINS], profile={"full_name": "Hoàng Văn Tỉnh"})
    digital, _lessons = make_course(course_index, 1, title="Chuyển đổi số trong thư viện công cộng")
    heritage, _lessons = make_course(course_index, 1, title="Giáo dục di sản cho học sinh")

    valid = delivered(issued("lan", "Nguyễn Thị Lan", digital))
    revoked = delivered(issued("hung", "Trần Văn Hùng", digital))
    revoked.revoke(admin, "Cấp nhầm người.")
    replaced = delivered(issued("mai", "Lê Thị Mai", heritage))
    reissued = delivered(replaced.reissue(admin, "Sai tên cơ quan."))
    expired = delivered(issued("tuan", "Phạm Văn Tuấn", heritage))
    Certificate.objects.filter(pk=expired.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    awaiting = issued("hoa", "Đỗ Thị Hoa", digital)

    certificates = {
        "valid": valid,
        "revoked": revoked,
        "replaced": replaced,
        "reissued": reissued,
        "expired": expired,
        "awaiting": awaiting,
    }
    for certificate in certificates.values():
        certificate.refresh_from_db()
    assert [certificates[kind].public_status for kind in certificates] == [
        "valid",
        "revoked",
        "revoked",
        "valid",
        "expired",
        "valid",
    ]
    return certificates


# verify_certificates, in this process (SQLite and PostgreSQL) -------------------------------------


def verify(stdout=None):
    """``(stdout, stderr)`` of verify_certificates; CommandError when a certificate fails."""
    out, err = stdout or io.StringIO(), io.StringIO()
    try:
        call_command("verify_certificates", stdout=out, stderr=err)
    except CommandError as error:
        error.stdout, error.stderr = out.getvalue(), err.getvalue()
        raise
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_verify_certificates_passes_when_every_certificate_is_whole(course_index):
    certificates_of_every_kind(course_index)

    out, err = verify()

    assert err == ""
    assert (
        "Checked 6 certificates (valid: 3, expired: 1, revoked: 2); PDFs in storage: 5, awaiting delivery: 1, "
        "failed: 0, PDFs no certificate names: 0" in out
    )


@pytest.mark.django_db
def test_a_pdf_missing_from_storage_fails_the_check(course_index):
    certificates = certificates_of_every_kind(course_index)
    lost = certificates["revoked"]  # a revoked certificate's PDF is still the record of what was issued
    default_storage.delete(lost.pdf.name)

    with pytest.raises(CommandError, match="^1 certificate failed the check") as failure:
        verify()

    assert failure.value.stderr == f"{lost.number}: its PDF {lost.pdf.name} is missing from storage\n"
    assert "PDFs in storage: 4, awaiting delivery: 1, failed: 1," in failure.value.stdout


@pytest.mark.django_db
def test_a_file_that_is_not_a_pdf_and_a_delivery_without_a_pdf_fail_the_check(course_index):
    certificates = certificates_of_every_kind(course_index)
    damaged, emptied = certificates["valid"], certificates["reissued"]
    with default_storage.open(damaged.pdf.name, "wb") as stored:
        stored.write(b"\0" * 1024)  # e.g. a copy cut short and padded by a failing disk
    Certificate.objects.filter(pk=emptied.pk).update(pdf="")

    with pytest.raises(CommandError, match="^2 certificates failed the check") as failure:
        verify()

    problems = failure.value.stderr.splitlines()
    assert problems[:2] == [
        f"{damaged.number}: its file {damaged.pdf.name} is not a PDF",
        f"{emptied.number}: delivered, but it names no PDF",
    ]
    # The file no certificate names any more is listed too (a warning, not a failure).
    assert problems[2:] == [f"{emptied.pdf.name}: a PDF that no certificate names (issued after the dump?)"]


@pytest.mark.django_db
def test_an_unreadable_pdf_fails_the_check_and_the_others_are_still_checked(course_index, monkeypatch):
    certificates = certificates_of_every_kind(course_index)
    unreadable = certificates["valid"]
    open_stored = FileSystemStorage.open

    def open_or_refuse(self, name, mode="rb"):
        if name == unreadable.pdf.name:
            raise PermissionError(13, "Permission denied")
        return open_stored(self, name, mode)

    monkeypatch.setattr(FileSystemStorage, "open", open_or_refuse)
    with pytest.raises(CommandError, match="^1 certificate failed the check") as failure:
        verify()

    assert failure.value.stderr == (
        f"{unreadable.number}: its PDF {unreadable.pdf.name} cannot be read: [Errno 13] Permission denied\n"
    )
    assert "PDFs in storage: 4, awaiting delivery: 1, failed: 1," in failure.value.stdout


@pytest.mark.django_db
def test_a_code_the_verification_page_cannot_find_fails_the_check(course_index):
    """Codes are stored in capitals and looked up as typed, upper-cased: a code changed in the
    database (here lower-cased) no longer finds its certificate."""
    certificates = certificates_of_every_kind(course_index)
    broken = certificates["expired"]
    Certificate.objects.filter(pk=broken.pk).update(code=broken.code.lower())

    with pytest.raises(CommandError) as failure:
        verify()

    assert failure.value.stderr == f"{broken.number}: its code does not find it\n"


# A host site that includes Wagtail's URLs before the LMS's (courses/urls.py asks for the
# opposite): Wagtail's catch-all then answers every verification address.
urlpatterns = [path("", include(wagtail_urls)), path("", include("courses.urls"))]


@pytest.mark.django_db
def test_verification_addresses_another_view_answers_fail_the_check(course_index, settings):
    certificates_of_every_kind(course_index)
    settings.ROOT_URLCONF = __name__

    with pytest.raises(CommandError, match="^6 certificates failed the check") as failure:
        verify()

    assert failure.value.stderr.count(": its verification address does not reach the page\n") == 6


@pytest.mark.django_db
def test_a_revoked_certificate_without_its_date_fails_the_check(course_index):
    certificates = certificates_of_every_kind(course_index)
    Certificate.objects.filter(pk=certificates["revoked"].pk).update(revoked_at=None)

    with pytest.raises(CommandError) as failure:
        verify()

    assert failure.value.stderr == f"{certificates['revoked'].number}: revoked, without the date of revocation\n"


@pytest.mark.django_db
def test_a_pdf_no_certificate_names_is_a_warning_only(course_index):
    certificates = certificates_of_every_kind(course_index)
    # As after restoring a dump taken before this certificate was issued.
    newer = certificates["valid"]
    Certificate.objects.filter(pk=newer.pk).delete()

    out, err = verify()

    assert err == f"{newer.pdf.name}: a PDF that no certificate names (issued after the dump?)\n"
    assert "Checked 5 certificates" in out and "failed: 0, PDFs no certificate names: 1" in out


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.django_db
def test_verify_certificates_shows_a_progress_bar_on_a_terminal_only(course_index):
    certificates_of_every_kind(course_index)

    terminal = Terminal()
    verify(stdout=terminal)
    out, _err = verify()

    assert f"\r  checking     [{'#' * 15}{'.' * 15}] 3/6" in terminal.getvalue()
    assert f"\r  checking     [{'#' * 30}] 6/6\n" in terminal.getvalue()
    assert "[" not in out and out.count("\n") == 1  # the summary alone


# Dump and restore (PostgreSQL) ---------------------------------------------------------------------


def postgres_client():
    """Skip (fail on CI, which must provide them) without the client tools or with a pg_dump
    older than the server: it refuses to dump a newer server."""
    missing = [tool for tool in PG_TOOLS if shutil.which(tool) is None]
    problem = None
    if missing:
        problem = f"PostgreSQL client tools not installed: {', '.join(missing)} (Debian: postgresql-client)"
    else:
        # With the server's address in the environment, as Debian's pg_wrapper picks a version by it.
        version = subprocess.run(
            ["pg_dump", "--version"], env=pg_environment(), capture_output=True, text=True, check=True
        ).stdout
        client_major = int(re.search(r"\(PostgreSQL\) (\d+)", version).group(1))
        server_major = connection.pg_version // 10000
        if client_major < server_major:
            problem = (
                f"pg_dump {client_major} cannot dump PostgreSQL {server_major}: "
                f"install postgresql-client-{server_major}"
            )
    if problem:
        if os.environ.get("CI"):
            pytest.fail(problem)
        pytest.skip(problem)


def postgresql_only(test):
    """pg_dump sees committed data only. No serialized rollback: after a browser test's flush,
    the role groups post_migrate recreates clash with the serialized ones; the fixtures
    (course_index, institution_type) rebuild what the flush removed instead."""
    test = pytest.mark.django_db(transaction=True)(test)
    return pytest.mark.skipif(connection.vendor != "postgresql", reason="dump and restore need PostgreSQL")(test)


def pg_environment():
    """libpq's variables for the test database's server, from Django's connection settings."""
    settings = connection.settings_dict
    variables = {"PGHOST": settings["HOST"], "PGPORT": str(settings["PORT"] or ""), "PGUSER": settings["USER"]}
    if settings["PASSWORD"]:
        variables["PGPASSWORD"] = settings["PASSWORD"]
    return {**os.environ, **{name: value for name, value in variables.items() if value}}


def pg(*args):
    result = subprocess.run(args, env=pg_environment(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"{' '.join(map(str, args))}: {result.stderr}"


def dump(path):
    """The nightly backup's dump of the test database, in pg_dump's custom format."""
    pg("pg_dump", "--format=custom", f"--file={path}", connection.settings_dict["NAME"])
    return path


def copy_media(media_root, target):
    """The media folder through a tar archive, as a backup copy and its restore."""
    archive = target.with_suffix(".tar.gz")
    subprocess.run(["tar", "-C", str(media_root), "-czf", str(archive), "."], check=True)
    target.mkdir()
    subprocess.run(["tar", "-C", str(target), "-xzf", str(archive)], check=True)
    return target


@contextmanager
def restored(dump_path, label):
    """A new, empty database with the dump restored into it; yields its DATABASE_URL and drops
    it afterwards."""
    name = f"{connection.settings_dict['NAME']}_{label}_{os.getpid()}"[:63]
    pg("dropdb", "--if-exists", name)
    pg("createdb", "--template=template0", "--encoding=UTF8", name)
    try:
        pg("pg_restore", "--no-owner", "--single-transaction", f"--dbname={name}", str(dump_path))
        settings = connection.settings_dict
        credentials = urllib.parse.quote(settings["USER"], safe="")
        if settings["PASSWORD"]:
            credentials += ":" + urllib.parse.quote(settings["PASSWORD"], safe="")
        host = urllib.parse.quote(settings["HOST"] or "", safe="")  # empty: the local socket, as for Django
        port = f":{settings['PORT']}" if settings["PORT"] else ""
        yield f"postgres://{credentials}@{host}{port}/{name}"
    finally:
        pg("dropdb", "--if-exists", "--force", name)


def manage(database_url, media_root, *args, **env):
    """``manage.py ARGS`` on the restored site."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "CONN_MAX_AGE": "0",
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


# Run by the restored site: GET each code's public verification page, in English.
FETCH_PAGES = """
import json, os
from django.conf import settings
from django.test import Client

client = Client()
client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
pages = {}
for code in json.loads(os.environ["CODES"]):
    response = client.get(f"/certificates/verify/{code}/")
    pages[code] = [response.status_code, response.content.decode()]
with open(os.environ["PAGES"], "w", encoding="utf-8") as output:
    json.dump(pages, output)
"""


def verification_pages(database_url, media_root, codes, tmp_path):
    """``{code: (status code, HTML)}`` of /certificates/verify/<code>/ on the restored site."""
    output = tmp_path / "pages.json"
    result = manage(
        database_url, media_root, "shell", "-c", FETCH_PAGES, CODES=json.dumps(list(codes)), PAGES=str(output)
    )
    assert result.returncode == 0, result.stderr
    return {code: tuple(page) for code, page in json.loads(output.read_text(encoding="utf-8")).items()}


def assert_verifies(page, certificate):
    status_code, html = page
    assert status_code == 200
    status = certificate.public_status
    assert f'class="verify-result verify-result--{status}"' in html
    assert f"<strong>{STATUS_LABELS[status]}</strong>" in html
    for shown in (certificate.number, certificate.learner_name, certificate.course_title):
        assert f"<dd>{shown}</dd>" in html


@postgresql_only
def test_a_restored_dump_and_media_copy_verify_every_certificate(course_index, media_root, tmp_path):
    postgres_client()
    certificates = certificates_of_every_kind(course_index)
    backup = dump(tmp_path / "lms.dump")
    media = copy_media(media_root, tmp_path / "restored-media")

    with restored(backup, "restore") as database_url:
        check = manage(database_url, media, "verify_certificates")
        pages = verification_pages(database_url, media, [c.code for c in certificates.values()], tmp_path)

    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stderr == ""
    # certificates, valid, expired, revoked; PDFs in storage, awaiting delivery, failed, PDFs
    # no certificate names (numbers only: the restored site speaks Vietnamese once translated)
    assert re.findall(r"\d+", check.stdout)[:8] == ["6", "3", "1", "2", "5", "1", "0", "0"]
    for certificate in certificates.values():
        assert_verifies(pages[certificate.code], certificate)
        if certificate.pdf:
            with default_storage.open(certificate.pdf.name, "rb") as original:
                assert (media / certificate.pdf.name).read_bytes() == original.read()


@postgresql_only
def test_a_restore_reports_what_the_dump_or_the_media_copy_lacks(course_index, media_root, tmp_path):
    course, _lessons = make_course(course_index, 1, title="Số hoá tài liệu và siêu dữ liệu")
    postgres_client()
    kept = delivered(issued("lan", "Nguyễn Thị Lan", course))
    backup = dump(tmp_path / "lms.dump")  # the nightly dump; then a learner finishes the course,
    last = delivered(issued("hung", "Trần Văn Hùng", course))
    media = copy_media(media_root, tmp_path / "restored-media")  # before the media copy is taken

    with restored(backup, "early") as database_url:
        pages = verification_pages(database_url, media, [kept.code, last.code], tmp_path)
        check = manage(database_url, media, "verify_certificates")
        (media / kept.pdf.name).unlink()  # lost from the media copy
        lost = manage(database_url, media, "verify_certificates")

    assert_verifies(pages[kept.code], kept)
    status_code, html = pages[last.code]
    assert status_code == 404
    assert "Certificate not found" in html and last.number not in html and last.learner_name not in html
    # The last certificate's PDF is in the media copy, but no restored certificate names it.
    assert check.returncode == 0, check.stdout + check.stderr
    assert len(check.stderr.splitlines()) == 1 and last.pdf.name in check.stderr
    assert lost.returncode == 1
    assert lost.stderr.startswith(f"{kept.number}: ") and kept.pdf.name in lost.stderr
