"""An HR officer (group "HR", scope: one district) does the HR work in the Wagtail admin, on a
desktop screen: imports a staff roster from a CSV file (preview, then confirm; a bad file is
refused with its row errors) and sends the new accounts their invitations, assigns a course to
the imported staff by institution, and downloads the completion records and the III.3 report.
Every download is audited.

Pages come in English, but elements are found by name, id, URL and CSS class."""

import datetime
import io
from urllib.parse import urlparse

import pytest
from django.core import mail

from .conftest import PASSWORD, admin_log_in

pytestmark = pytest.mark.e2e

HEADERS = "Họ và tên,Email,Mã nhân viên,Đơn vị,Chức danh,Đối tượng"
STAFF = [
    ("Nguyễn Thị Hương Giang", "giang.nguyen@thuvien.example.vn", "NV0101", "Thủ thư"),
    ("Tran Van Binh", "binh.tran@thuvien.example.vn", "NV0102", "Librarian"),
]

UPLOAD_FORM = "form[action$='/admin/people/import/']"
CONFIRM_IMPORT = "form[action$='/admin/people/import/confirm/'] button[type=submit]"
SEND_INVITATIONS = "main form[method=POST] button[type=submit]"
ASSIGN_FORM = "form[action$='/admin/assignments/new/']:has(select[name=course])"
CONFIRM_ASSIGNMENT = "form[action$='/admin/assignments/new/']:has(input[name=confirm]) button[type=submit]"


def hr_setup(make_user):
    """Province → districts A and B, a library in each, and an HR officer whose scope is
    district A. Built here: the flush of the transactional tests empties every table, even
    the institution types of the data migration."""
    from people.models import AdministrativeUnit, HRScope, Institution, InstitutionType, StaffProfile
    from people.roles import HR

    library, _created = InstitutionType.objects.get_or_create(code="public_library")
    province = AdministrativeUnit.objects.create(name="Tỉnh Thái Nguyên", code="tn", level="province")
    district_a = AdministrativeUnit.objects.create(name="Huyện Đại Từ", code="dai-tu", parent=province)
    district_b = AdministrativeUnit.objects.create(name="Huyện Phú Lương", code="phu-luong", parent=province)
    library_a = Institution.objects.create(
        name="Thư viện huyện Đại Từ", code="tv-dai-tu", institution_type=library, administrative_unit=district_a
    )
    library_b = Institution.objects.create(
        name="Thư viện huyện Phú Lương", code="tv-phu-luong", institution_type=library, administrative_unit=district_b
    )
    hr = make_user("tccb", groups=[HR], email="tccb@thainguyen.example.vn")
    StaffProfile.objects.create(user=hr, full_name="Lê Thu Hà")
    HRScope.objects.create(user=hr).administrative_units.add(district_a)
    return hr, library_a, library_b


def roster_csv(rows, institution_code):
    lines = [HEADERS] + [
        f"{name},{email},{code},{institution_code},{position},Viên chức" for name, email, code, position in rows
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def open_from_menu(page, href):
    """Open the sidebar submenu holding the link to ``href``, then follow the link."""
    sidebar = page.locator("#wagtail-sidebar")
    sidebar.locator(f"li.sidebar-sub-menu-item:has(a[href='{href}']) > button").click()
    sidebar.locator(f"a[href='{href}']").click()
    page.wait_for_url(f"**{href}")


def download(page, link):
    """Click ``link`` and return (suggested file name, bytes) of the download it starts."""
    with page.expect_download() as download_info:
        link.click()
    file = download_info.value
    assert file.failure() is None
    with open(file.path(), "rb") as downloaded:
        return file.suggested_filename, downloaded.read()


def test_hr_imports_a_staff_roster(new_context, catalogue, make_user, tmp_path):
    from django.contrib.auth import get_user_model

    from people.models import StaffProfile

    hr, library_a, _library_b = hr_setup(make_user)
    page = new_context(language="en").new_page()
    admin_log_in(page, hr)

    open_from_menu(page, "/admin/people/import/")  # Training → Import staff

    roster = tmp_path / "danh-sach-nhan-su.csv"
    roster.write_bytes(roster_csv(STAFF, library_a.code))
    page.locator(f"{UPLOAD_FORM} input[name=file]").set_input_files(roster)
    page.locator(f"{UPLOAD_FORM} button[type=submit]").click()

    # The dry run: two new rows, nothing written yet.
    preview = page.locator(".staff-import-preview")
    preview.wait_for()
    assert page.locator(".staff-import-errors").count() == 0
    assert preview.locator("tbody tr.staff-import-new").count() == 2
    assert preview.locator("tbody tr").count() == 2
    assert STAFF[0][0] in preview.inner_text()  # the diacritics survive the upload
    assert not StaffProfile.objects.filter(employee_code__in=[row[2] for row in STAFF]).exists()

    page.locator(CONFIRM_IMPORT).click()
    page.wait_for_url("**/admin/people/invite/imported/")
    assert page.locator(".messages .success").count() == 1
    profiles = StaffProfile.objects.filter(employee_code__in=[row[2] for row in STAFF]).select_related("user")
    assert sorted((p.full_name, p.user.email, p.employee_code, p.position) for p in profiles) == sorted(STAFF)
    assert all(p.institution == library_a for p in profiles)
    assert all(p.participant_type == StaffProfile.ParticipantType.STAFF for p in profiles)
    assert all(not p.user.has_usable_password() for p in profiles)  # they set one through their invitation

    # The new accounts get their invitations: an e-mail each with a link to set a password.
    page.locator(SEND_INVITATIONS).click()
    page.wait_for_url("**/admin/snippets/people/staffprofile/")
    assert sorted(message.to[0] for message in mail.outbox) == sorted(email for _name, email, *_rest in STAFF)
    listing = page.locator("main").inner_text()
    assert all(name in listing for name, *_rest in STAFF)

    # A bad file: its row 3 names an unknown institution. The errors, and no way to confirm.
    users, profiles = get_user_model().objects.count(), StaffProfile.objects.count()
    bad = tmp_path / "danh-sach-loi.csv"
    bad.write_bytes(
        roster_csv([("Phạm Văn Đức", "duc.pham@thuvien.example.vn", "NV0103", "Thủ thư")], library_a.code)
        + "Hoàng Thị Yến,yen.hoang@thuvien.example.vn,NV0104,tv-khong-co,Thủ thư,Viên chức\n".encode()
    )
    page.goto("/admin/people/import/")
    page.locator(f"{UPLOAD_FORM} input[name=file]").set_input_files(bad)
    page.locator(f"{UPLOAD_FORM} button[type=submit]").click()
    errors = page.locator(".staff-import-errors")
    errors.wait_for()
    error_rows = errors.locator("tbody tr")
    assert error_rows.count() == 1
    assert error_rows.locator("td").first.inner_text().strip() == "3"
    assert "tv-khong-co" in error_rows.locator("td").nth(1).inner_text()
    assert page.locator(".staff-import-preview").count() == 0
    assert page.locator(CONFIRM_IMPORT).count() == 0
    assert get_user_model().objects.count() == users
    assert StaffProfile.objects.count() == profiles


def test_hr_assigns_a_course_and_downloads_the_reports(new_context, course, make_user):
    from django.utils import timezone
    from openpyxl import load_workbook

    from courses.models import Enrolment
    from people.models import AuditEntry, StaffProfile
    from people.roster import import_staff, read_sheet
    from reports.records import EXPORT_KIND
    from reports.training_report import EXPORT_KIND as REPORT_KIND

    hr, library_a, library_b = hr_setup(make_user)
    # The roster of the import test, imported the same way (test_hr_imports_a_staff_roster
    # drives this through the browser); and someone outside the scope, to be left out.
    report = import_staff(read_sheet("roster.csv", roster_csv(STAFF, library_a.code)), actor=hr, dry_run=False)
    assert report.ok and report.created == 2
    staff = list(StaffProfile.objects.filter(institution=library_a).select_related("user").order_by("employee_code"))
    outsider = make_user("phuong")
    StaffProfile.objects.create(user=outsider, full_name="Đỗ Thị Phượng", institution=library_b)

    context = new_context(language="en", accept_downloads=True)
    page = context.new_page()
    admin_log_in(page, hr)

    # Assign the course to everyone in the HR officer's library, due in two weeks.
    due = timezone.localdate() + datetime.timedelta(days=14)
    open_from_menu(page, "/admin/assignments/new/")  # Training → Assign a course
    form = page.locator(ASSIGN_FORM)
    form.locator("select[name=course]").select_option(str(course.pk))
    form.locator("input[name=due_date]").fill(due.strftime("%d/%m/%Y"))  # as the date picker writes it
    form.locator("input[name=due_date]").press("Escape")  # close the date picker
    offered = form.locator("select[name=institutions] option")
    assert offered.evaluate_all("options => options.map(o => o.value)") == [str(library_a.pk)]  # only its scope
    form.locator("select[name=institutions]").select_option([str(library_a.pk)])
    form.locator("button[type=submit]").click()

    preview = page.locator(".assignment-preview")
    preview.wait_for()
    assert preview.locator("td[data-count=enrol]").inner_text() == "2"
    assert preview.locator("td[data-count=update]").inner_text() == "0"
    assert preview.locator("table:has(caption) tbody tr").count() == 2
    assert not Enrolment.objects.filter(course=course).exists()

    page.locator(CONFIRM_ASSIGNMENT).click()
    page.wait_for_url(lambda url: urlparse(url).path == "/admin/assignments/")
    enrolments = Enrolment.objects.filter(course=course)
    assert sorted(enrolments.values_list("user_id", "due_date")) == sorted((p.user_id, due) for p in staff)
    assert all(e.assigned_by == hr for e in enrolments)

    # The list of assignments, filtered in Wagtail's filter panel: the results follow without a
    # page load, and the address keeps the filters.
    assert page.locator("#listing-results tbody tr").count() == 2
    page.locator("#filters-drilldown [data-w-dropdown-target=toggle]").click()
    page.locator("#filters-drilldown [aria-controls=drilldown-id_status]").click()
    page.locator("#id_status").select_option("overdue")
    page.wait_for_url(lambda url: "status=overdue" in url)
    page.locator("#listing-results tbody tr").first.wait_for(state="detached")
    page.locator("#id_status").select_option("not_started")
    page.wait_for_url(lambda url: "status=not_started" in url)
    page.locator("#listing-results tbody tr").nth(1).wait_for()
    assert page.locator("#listing-results tbody tr").count() == 2

    # One of them chooses a password and finds the course under "Required courses".
    learner = staff[0].user
    learner.set_password(PASSWORD)
    learner.save()
    learner_page = new_context(language="en").new_page()
    learner_page.goto("/accounts/login/")
    login = learner_page.locator("form[action$='/accounts/login/']")
    login.locator("input[name=username]").fill(learner.email)
    login.locator("input[name=password]").fill(PASSWORD)
    login.locator("button[type=submit]").click()
    learner_page.wait_for_url("**/learning/")
    required = learner_page.locator("section[aria-labelledby=assigned] .enrolment-card")
    assert required.locator("h3").all_inner_texts() == [course.title]
    assert required.locator(f"a[href='{course.url}']").count() == 1

    # Training → Completion records, unfiltered, exported as XLSX.
    open_from_menu(page, "/admin/completion-records/")  # Training → Completion records
    assert page.locator("#listing-results tr.completion-record").count() == 2
    page.locator("#w-slim-header-buttons [data-w-dropdown-target=toggle]").click()  # the header's "⋯" menu
    name, data = download(page, page.locator("#w-slim-header-buttons a[href*='/export/xlsx/']"))
    assert name.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    rows = [row for row in sheet.iter_rows(values_only=True) if any(row)]
    assert len(rows) == 3  # the headers and the two staff (not the outsider)
    assert sorted((row[0], row[1]) for row in rows[1:]) == sorted((p.employee_code, p.full_name) for p in staff)
    assert all(row[5] == course.title for row in rows[1:])

    # Training → III.3 report: the chart and the downloads.
    open_from_menu(page, "/admin/training-report/")  # Training → III.3 report
    report_section = page.locator("section.training-report")
    report_section.wait_for()
    assert report_section.locator(".training-report-chart svg").count() == 1
    downloads = report_section.locator(".training-report-downloads")
    xlsx_link = downloads.locator("a[href*='/admin/training-report/download/xlsx/']")
    pdf_link = downloads.locator("a[href*='/admin/training-report/download/pdf/']")
    docx_link = downloads.locator("a[href*='/admin/training-report/download/docx/']")
    assert xlsx_link.count() == 1 and pdf_link.count() == 1 and docx_link.count() == 1
    name, pdf = download(page, pdf_link)
    assert name.endswith(".pdf")
    assert pdf.startswith(b"%PDF")
    name, xlsx = download(page, xlsx_link)
    assert name.endswith(".xlsx") and xlsx.startswith(b"PK")
    name, word = download(page, docx_link)
    assert name.endswith(".docx") and word.startswith(b"PK")

    logs = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).order_by("created_at", "pk")
    assert [(log.user, log.kind, log.file_format) for log in logs] == [
        (hr, EXPORT_KIND, "xlsx"),
        (hr, REPORT_KIND, "pdf"),
        (hr, REPORT_KIND, "xlsx"),
        (hr, REPORT_KIND, "docx"),
    ]
    assert logs[0].rows == 2
