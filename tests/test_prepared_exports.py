"""Admin downloads past ``LMS_EXPORT_BACKGROUND_ROWS`` rows are prepared in the background
(people/exports.py): a task writes the file, the user finds it under Prepared downloads, only
they may fetch it, only while they keep the permission and scope they asked with; below the
threshold a download is written at once, as before."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from certificates.models import Certificate
from people.models import AuditEntry, HRScope, PreparedExport

from .conftest import client_for, enrol, make_course, make_user
from .sidebar import sidebar

COMPLETIONS = "/admin/completion-records/export/{}/"
STAFF = "/admin/snippets/people/staffprofile/"
CERTIFICATES = "/admin/snippets/certificates/certificate/"
MATRIX = "/admin/assignments/matrix/export/"
PREPARED = "/admin/people/exports/"
NAMES = ["Nguyễn Thị Hạnh", "=Trần Văn Bình", "Lê Thu Cúc"]


@pytest.fixture
def threshold(settings):
    settings.LMS_EXPORT_BACKGROUND_ROWS = 2
    return 2


@pytest.fixture
def staff(units, course_index):
    """Three learners of district A, each enrolled (and due) in a course and certified."""
    course, _lessons = make_course(course_index, 1, title="Chuyển đổi số trong thư viện")
    learners = []
    for i, name in enumerate(NAMES):
        learner = make_user(f"hv{i}", profile={"full_name": name, "institution": units["library_a"]})
        enrolment = enrol(
            learner,
            course,
            enrolled_at=timezone.make_aware(datetime.datetime(2025, 3, 1 + i, 9)),
            completed_at=timezone.make_aware(datetime.datetime(2025, 4, 1 + i, 9)),
            due_date=datetime.date(2025, 5, 1),
        )
        Certificate.objects.issue(enrolment, deliver=False)
        learners.append(learner)
    return learners


def workbook_rows(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def prepared_in_background(client, url, django_capture_on_commit_callbacks):
    """Ask for the download; run the task the request enqueued (the immediate backend runs it
    once the request's transaction commits); return the redirect and the export."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.get(url)
    assert len(callbacks) == 1
    return response, PreparedExport.objects.get()


def downloaded(client, export):
    response = client.get(f"{PREPARED}{export.pk}/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_completion_export_past_the_threshold_is_prepared_and_holds_the_same_cells(
    threshold, staff, provincial_admin, django_capture_on_commit_callbacks, settings
):
    client = client_for(provincial_admin)
    response, export = prepared_in_background(client, COMPLETIONS.format("xlsx"), django_capture_on_commit_callbacks)

    assert response.status_code == 302 and response["Location"] == PREPARED
    assert (export.user, export.status, export.rows, export.file_format, export.error) == (
        provincial_admin,
        PreparedExport.Status.READY,
        3,
        "xlsx",
        "",
    )
    assert export.expires_at > timezone.now() + datetime.timedelta(days=6)
    prepared = workbook_rows(downloaded(client, export))
    settings.LMS_EXPORT_BACKGROUND_ROWS = 2000
    immediate = client.get(COMPLETIONS.format("xlsx"))
    assert immediate.status_code == 200 and PreparedExport.objects.count() == 1
    assert prepared == workbook_rows(b"".join(immediate.streaming_content))
    assert sorted(row[1] for row in prepared[1:]) == sorted(["Nguyễn Thị Hạnh", "'=Trần Văn Bình", "Lê Thu Cúc"])
    assert prepared[1][8] == datetime.datetime(2025, 3, 3)  # a real date, newest enrolment first
    # The task's replay is the export the audit trail records, once.
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).first()
    assert (entry.user, entry.kind, entry.file_format, entry.rows) == (provincial_admin, "completions", "xlsx", 3)


def test_the_user_is_told_in_vietnamese_and_finds_the_link(
    threshold, staff, provincial_admin, django_capture_on_commit_callbacks
):
    client = client_for(provincial_admin)
    client.cookies["django_language"] = "vi"
    response, export = prepared_in_background(client, COMPLETIONS.format("csv"), django_capture_on_commit_callbacks)

    page = client.get(response["Location"]).content.decode()
    assert "Tệp tải xuống đã chuẩn bị" in page
    assert "có 3 dòng: tệp đang được chuẩn bị" in page
    assert f'href="{PREPARED}{export.pk}/"' in page
    assert "Sẵn sàng" in page
    assert downloaded(client, export).decode("utf-8").startswith("\ufeffMã nhân viên,Họ và tên")


def test_a_pending_export_is_listed_as_being_prepared(
    threshold, staff, provincial_admin, django_capture_on_commit_callbacks
):
    client = client_for(provincial_admin)
    client.cookies["django_language"] = "vi"
    with django_capture_on_commit_callbacks(execute=False):  # no worker has run it yet
        client.get(COMPLETIONS.format("json"))

    export = PreparedExport.objects.get()
    assert export.status == PreparedExport.Status.PENDING
    page = client.get(PREPARED).content.decode()
    assert "Đang chuẩn bị" in page and 'http-equiv="refresh"' in page
    assert f"{PREPARED}{export.pk}/" not in page
    assert client.get(f"{PREPARED}{export.pk}/").status_code == 404


def test_below_the_threshold_the_download_is_immediate(staff, provincial_admin, settings):
    settings.LMS_EXPORT_BACKGROUND_ROWS = 3

    response = client_for(provincial_admin).get(COMPLETIONS.format("xlsx"))

    assert response.status_code == 200
    assert len(workbook_rows(b"".join(response.streaming_content))) == 4
    assert not PreparedExport.objects.exists()


@pytest.mark.parametrize(
    ("url", "title", "rows"),
    [
        (f"{STAFF}?export=xlsx", "Staff roster", 4),  # the administrator's own profile too
        (f"{CERTIFICATES}?export=xlsx", "Certificates", 3),
        (f"{MATRIX}?format=xlsx", "Training matrix", 3),
    ],
)
def test_every_large_admin_download_goes_the_same_way(
    threshold, staff, provincial_admin, django_capture_on_commit_callbacks, url, title, rows
):
    client = client_for(provincial_admin)
    response, export = prepared_in_background(client, url, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert (export.title, export.status, export.rows) == (title, PreparedExport.Status.READY, rows)
    cells = workbook_rows(downloaded(client, export))
    assert len(cells) == 1 + rows
    names = {cell for row in cells[1:] for cell in row}
    assert {"Nguyễn Thị Hạnh", "'=Trần Văn Bình", "Lê Thu Cúc"} <= names


def test_another_user_and_bad_ids_get_404(threshold, staff, provincial_admin, django_capture_on_commit_callbacks):
    _response, export = prepared_in_background(
        client_for(provincial_admin), COMPLETIONS.format("xlsx"), django_capture_on_commit_callbacks
    )
    other_admin = make_user("sovhtt-2", groups=["Provincial administrators"])
    other = client_for(other_admin)

    assert other.get(f"{PREPARED}{export.pk}/").status_code == 404
    assert f"{PREPARED}{export.pk}/" not in other.get(PREPARED).content.decode()
    assert client_for(provincial_admin).get(f"{PREPARED}{export.pk + 1}/").status_code == 404
    assert client_for(provincial_admin).get(f"{PREPARED}abc/").status_code == 404


def test_a_user_who_lost_the_permission_cannot_download(
    threshold, staff, provincial_admin, django_capture_on_commit_callbacks
):
    client = client_for(provincial_admin)
    _response, export = prepared_in_background(client, COMPLETIONS.format("xlsx"), django_capture_on_commit_callbacks)
    editors = Group.objects.create(name="Biên tập")  # still in the admin, no longer allowed the records
    editors.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    provincial_admin.groups.set([editors])

    response = client.get(f"{PREPARED}{export.pk}/")
    assert response.status_code == 302 and response["Location"] == PREPARED
    assert "Your permissions or scope changed" in client.get(PREPARED).content.decode()


def test_an_hr_officer_whose_scope_narrowed_cannot_download(
    hr, units, staff, django_capture_on_commit_callbacks, threshold
):
    client = client_for(hr)
    _response, export = prepared_in_background(client, COMPLETIONS.format("xlsx"), django_capture_on_commit_callbacks)
    assert export.rows == 3
    assert client.get(f"{PREPARED}{export.pk}/").status_code == 200

    scope = HRScope.objects.get(user=hr)
    scope.administrative_units.set([units["commune_a"]])  # no longer district A

    response = client.get(f"{PREPARED}{export.pk}/")
    assert response.status_code == 302 and not getattr(response, "streaming", False)
    page = client.get(PREPARED).content.decode()
    assert "Your permissions or scope changed since you asked" in page


def test_a_refused_replay_is_recorded_as_failed(threshold, hr, staff, django_capture_on_commit_callbacks):
    client = client_for(hr)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.get(COMPLETIONS.format("xlsx"))
    hr.groups.clear()  # the role is taken away before the worker runs
    callbacks[0]()

    export = PreparedExport.objects.get()
    assert export.status == PreparedExport.Status.FAILED
    assert export.error == "The download was refused (302)."  # sent to the admin's login
    assert not export.file


def test_expired_files_are_not_handed_over_and_are_deleted(
    threshold, staff, provincial_admin, django_capture_on_commit_callbacks
):
    client = client_for(provincial_admin)
    _response, export = prepared_in_background(client, COMPLETIONS.format("csv"), django_capture_on_commit_callbacks)
    storage, name = export.file.storage, export.file.name
    PreparedExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))

    assert client.get(f"{PREPARED}{export.pk}/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        client.get(COMPLETIONS.format("json"))  # the next background export sweeps
    assert not PreparedExport.objects.filter(pk=export.pk).exists()
    assert not storage.exists(name)


def test_an_hr_officers_background_export_holds_their_scope_only(
    threshold, units, staff, hr, django_capture_on_commit_callbacks
):
    make_user("hv-b", profile={"full_name": "Phạm Văn Bắc", "institution": units["library_b"]})
    client = client_for(hr)

    _response, export = prepared_in_background(client, f"{STAFF}?export=csv", django_capture_on_commit_callbacks)

    text = downloaded(client, export).decode("utf-8")
    assert "Lê Thu Cúc" in text and "Phạm Văn Bắc" not in text


def test_the_training_menu_leads_back_to_prepared_downloads_while_one_is_kept(
    threshold, staff, hr, django_capture_on_commit_callbacks
):
    def menu_urls():
        return [url for _name, _label, url in sidebar(hr)["training"][1]]

    assert PREPARED not in menu_urls()
    _response, export = prepared_in_background(
        client_for(hr), COMPLETIONS.format("csv"), django_capture_on_commit_callbacks
    )
    assert PREPARED in menu_urls()
    PreparedExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert PREPARED not in menu_urls()
