"""The audit trail (``people.AuditEntry``): exports, imports, role and HR-scope changes, and
certificate revocations and re-issues are recorded with who, when and from where, and only
provincial administrators read them, in a listing nobody can alter."""

import re
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.log_actions import LogContext

from certificates.models import Certificate
from people.models import AuditEntry, HRScope
from people.roles import HR, TRAINERS, role_group

from . import sheets
from .conftest import PASSWORD, client_for, enrol, make_course, make_user

AUDIT = "/admin/snippets/people/auditentry/"
Action = AuditEntry.Action

ROSTER_HEADERS = ["Họ và tên", "Email", "Mã nhân viên", "Đơn vị", "Chức danh", "Đối tượng"]
ROSTER = [
    ["Nguyễn Thị Hương", "huong.nguyen@example.vn", "NV001", "tv-dai-tu", "Thủ thư", "Viên chức"],
    ["Trần Văn Bình", "binh.tran@example.vn", "NV002", "tv-dai-tu", "Kế toán", "Người lao động"],
]


def entries(action):
    return list(AuditEntry.objects.filter(action=action).order_by("pk"))


# The listing ------------------------------------------------------------------------------------------


def test_audit_trail_is_for_administrators_and_read_only(hr, trainer, learner, provincial_admin, superuser):
    entry = AuditEntry.record_export(hr, "roster", "xlsx", {"institution": "tv-dai-tu"}, rows=12)

    listing = client_for(provincial_admin).get(AUDIT)

    assert listing.status_code == 200
    page = listing.content.decode()
    assert "roster" in page and "tccb" in page and "institution: tv-dai-tu" in page
    for user in (hr, trainer):
        response = client_for(user).get(AUDIT)
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client_for(learner).get(AUDIT)["Location"].startswith("/admin/login/")
    assert client_for().get(AUDIT)["Location"].startswith("/admin/login/")
    for user in (provincial_admin, superuser):
        client = client_for(user)
        assert client.get(f"{AUDIT}edit/{entry.pk}/").status_code in (302, 403, 404)
        assert client.get(f"{AUDIT}add/").status_code in (302, 403, 404)
        assert client.post(f"{AUDIT}delete/{entry.pk}/").status_code in (302, 403, 404)
        assert client.get(f"{AUDIT}inspect/{entry.pk}/").status_code == 200
    assert AuditEntry.objects.filter(pk=entry.pk, rows=12).exists()


def test_audit_trail_filters_by_action_and_reads_in_vietnamese(provincial_admin, hr):
    AuditEntry.record_export(hr, "completions", "csv", {"course": "Chuyển đổi số"}, rows=3)
    AuditEntry.record(provincial_admin, Action.SCOPE, "tccb", {"units added": ["Huyện Đại Từ"]})

    english = client_for(provincial_admin).get(AUDIT, {"action": "scope"}).content.decode()
    assert "units added: Huyện Đại Từ" in english and "completions" not in english

    client = client_for(provincial_admin)
    client.cookies.pop("django_language")
    vietnamese = client.get(AUDIT).content.decode()
    assert "Nhật ký kiểm toán" in vietnamese
    assert "Thay đổi phạm vi quản lý nhân sự" in vietnamese and "thêm đơn vị hành chính: Huyện Đại Từ" in vietnamese
    assert "kết quả học tập" in vietnamese and ">completions<" not in vietnamese


def test_audit_listing_query_count_does_not_grow(provincial_admin, hr, django_assert_max_num_queries):
    client = client_for(provincial_admin)
    client.get(AUDIT)
    for n in range(30):
        AuditEntry.record_export(make_user(f"hr{n}"), "roster", "csv", rows=n)
    with django_assert_max_num_queries(25) as first:
        client.get(AUDIT)
    for n in range(30):
        AuditEntry.record(hr, Action.ROLE, f"user{n}", {"groups added": [HR]})
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get(AUDIT).status_code == 200


# Role changes -----------------------------------------------------------------------------------------


def test_role_change_in_wagtail_user_editor_names_the_administrator(superuser, learner):
    hr_group = role_group(HR)
    AuditEntry.objects.all().delete()

    response = client_for(superuser).post(
        f"/admin/users/edit/{learner.pk}/",
        {
            "username": learner.username,
            "email": learner.email,
            "first_name": "Lan",
            "last_name": "Nguyễn",
            "is_active": "on",
            "groups": [hr_group.pk],
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert learner.groups.filter(pk=role_group(HR).pk).exists()
    [entry] = entries(Action.ROLE)
    added = {"groups added": [role_group(HR).name]}
    assert (entry.user, entry.kind, entry.filters, entry.source) == (superuser, "lan", added, "admin")


def test_group_removal_superuser_flag_and_clear_are_recorded(provincial_admin):
    user = make_user("hoa", groups=[TRAINERS, HR])
    AuditEntry.objects.all().delete()

    with LogContext(user=provincial_admin):
        user.groups.remove(role_group(TRAINERS))
        user.is_superuser = True
        user.save()
        user.groups.clear()
    role_group(TRAINERS).user_set.add(user)  # outside the admin: no user known

    details = [(entry.user, entry.filters, entry.source) for entry in entries(Action.ROLE)]
    assert details == [
        (provincial_admin, {"groups removed": [role_group(TRAINERS).name]}, "admin"),
        (provincial_admin, {"is_superuser": True}, "admin"),
        (provincial_admin, {"groups removed": [role_group(HR).name]}, "admin"),
        (None, {"groups added": [role_group(TRAINERS).name]}, "system"),
    ]


def test_login_and_profile_saves_record_nothing_and_cost_no_query(learner):
    AuditEntry.objects.all().delete()
    client = client_for()

    with CaptureQueriesContext(connection) as queries:
        response = client.post("/accounts/login/", {"username": "lan", "password": PASSWORD})

    assert response.status_code == 302
    flags_lookup = re.compile(
        r"SELECT\s+\S*is_superuser\S*( AS \S+)?,\s*\S*is_staff\S*( AS \S+)?,\s*\S*is_active\S*( AS \S+)?\s+FROM"
    )
    assert not any(flags_lookup.match(query["sql"]) for query in queries)
    learner.is_staff = True
    with CaptureQueriesContext(connection) as queries:
        learner.save()
    assert sum(bool(flags_lookup.match(query["sql"])) for query in queries) == 1  # the pattern finds it
    learner.is_staff = False
    learner.first_name = "Lan"
    learner.save()
    assert [entry.filters for entry in entries(Action.ROLE)] == [{"is_staff": True}, {"is_staff": False}]


def test_reverse_clear_deletions_and_permission_grants_are_recorded(provincial_admin):
    from django.contrib.auth.models import Permission

    hoa, minh = make_user("hoa", groups=[HR]), make_user("minh", groups=[HR])
    auditors = Group.objects.create(name="Kiểm toán")
    AuditEntry.objects.all().delete()
    view_audit = Permission.objects.get(codename="view_auditentry")

    with LogContext(user=provincial_admin):
        role_group(HR).user_set.clear()
        auditors.permissions.add(view_audit)
        minh.user_permissions.add(view_audit)
        auditors.user_set.add(hoa)
        auditors.delete()
        minh.delete()

    assert [(entry.kind, entry.filters) for entry in entries(Action.ROLE)] == [
        ("hoa", {"groups removed": [role_group(HR).name]}),
        ("minh", {"groups removed": [role_group(HR).name]}),
        ("group: Kiểm toán", {"permissions added": ["people.view_auditentry"]}),
        ("minh", {"permissions added": ["people.view_auditentry"]}),
        ("hoa", {"groups added": ["Kiểm toán"]}),
        ("group: Kiểm toán", {"event": "deleted", "members": ["hoa"]}),
        ("minh", {"event": "deleted", "groups removed": []}),
    ]
    assert {entry.actor_name for entry in entries(Action.ROLE)} == {provincial_admin.username}


def test_entries_keep_the_actor_name_when_the_account_is_deleted(hr):
    entry = AuditEntry.record_export(hr, "roster", "csv", rows=3)
    hr.delete()

    entry.refresh_from_db()
    assert (entry.user, entry.actor_name) == (None, "tccb")


def test_bulk_set_active_state_in_wagtail_is_recorded(superuser):
    lan, hung = make_user("lan2"), make_user("hung2", is_active=False)
    AuditEntry.objects.all().delete()

    response = client_for(superuser).post(
        f"/admin/bulk/auth/user/set_active_state/?next=/admin/users/&id={lan.pk}&id={hung.pk}",
        {"mark_as_active": "False"},
    )

    assert response.status_code == 302, response.content.decode()[:1500]
    lan.refresh_from_db()
    assert not lan.is_active
    assert [(entry.kind, entry.filters, entry.user) for entry in entries(Action.ROLE)] == [
        ("lan2", {"is_active": False}, superuser)
    ]


def test_django_admin_changes_name_the_superuser(superuser, learner):
    hr_group = role_group(HR)
    AuditEntry.objects.all().delete()
    client = client_for(superuser)
    page = client.get(f"/django-admin/auth/user/{learner.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update(
        {
            "groups": [hr_group.pk],
            "user_permissions": [],
            "date_joined_0": learner.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": learner.date_joined.strftime("%H:%M:%S"),
            "is_active": "on",
        }
    )
    data.pop("date_joined", None)
    data.pop("last_login", None)

    response = client.post(f"/django-admin/auth/user/{learner.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    [entry] = entries(Action.ROLE)
    assert (entry.user, entry.source, entry.filters) == (superuser, "admin", {"groups added": [role_group(HR).name]})


def test_loading_fixtures_records_nothing(units, hr, tmp_path):
    dump = tmp_path / "people.json"
    call_command("dumpdata", "auth.user", "auth.group", "people.hrscope", output=str(dump), stdout=StringIO())
    AuditEntry.objects.all().delete()

    call_command("loaddata", str(dump), stdout=StringIO())

    assert not AuditEntry.objects.exists()


# HR scopes --------------------------------------------------------------------------------------------


def test_scope_edit_in_the_admin_is_recorded(provincial_admin, hr, units):
    scope = HRScope.objects.get(user=hr)
    AuditEntry.objects.all().delete()

    response = client_for(provincial_admin).post(
        f"/admin/snippets/people/hrscope/edit/{scope.pk}/",
        {
            "user": hr.pk,
            "institutions": [units["library_b"].pk],
            "administrative_units": [units["district_b"].pk],
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    changes = {}
    for entry in entries(Action.SCOPE):
        assert (entry.user, entry.kind, entry.source) == (provincial_admin, "tccb", "admin")
        changes.update(entry.filters)
    assert changes == {
        "institutions added": ["Thư viện huyện Phú Lương"],
        "units removed": ["Huyện Đại Từ"],
        "units added": ["Huyện Phú Lương"],
    }


def test_scope_created_and_deleted_are_recorded(provincial_admin, units):
    officer = make_user("tccb2", groups=[HR])
    AuditEntry.objects.all().delete()

    with LogContext(user=provincial_admin):
        scope = HRScope.objects.create(user=officer)
        scope.institutions.add(units["library_a"])
        scope.delete()

    assert [entry.filters for entry in entries(Action.SCOPE)] == [
        {"event": "created"},
        {"institutions added": ["Thư viện huyện Đại Từ"]},
        {"event": "deleted"},
    ]


# Imports ----------------------------------------------------------------------------------------------


def test_confirmed_admin_import_is_recorded_and_a_preview_is_not(provincial_admin, units):
    client = client_for(provincial_admin)
    data = sheets.xlsx_bytes(ROSTER, headers=ROSTER_HEADERS)

    preview = client.post("/admin/people/import/", sheets.upload("nhan-su.xlsx", data))
    assert preview.status_code == 200 and not entries(Action.IMPORT)
    token = preview.context["confirm_form"].initial["token"]
    assert client.post("/admin/people/import/confirm/", {"token": token}).status_code == 302

    [entry] = entries(Action.IMPORT)
    assert (entry.user, entry.kind, entry.rows, entry.source) == (provincial_admin, "roster", 2, "admin")
    assert entry.filters == {"file": "nhan-su.xlsx"}


def test_import_failing_after_the_rows_records_nothing_and_writes_nothing(provincial_admin, units, monkeypatch):
    from people.models import StaffProfile

    client = client_for(provincial_admin, raise_request_exception=False)
    preview = client.post(
        "/admin/people/import/", sheets.upload("nhan-su.xlsx", sheets.xlsx_bytes(ROSTER, headers=ROSTER_HEADERS))
    )
    token = preview.context["confirm_form"].initial["token"]

    def broken(*args, **kwargs):
        raise RuntimeError("audit table unavailable")

    monkeypatch.setattr(AuditEntry, "record_import", broken)
    assert client.post("/admin/people/import/confirm/", {"token": token}).status_code == 500
    assert not StaffProfile.objects.filter(employee_code__in=["NV001", "NV002"]).exists()
    assert not entries(Action.IMPORT)


def test_import_command_is_recorded_and_a_dry_run_is_not(units, tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(sheets.xlsx_bytes(ROSTER, headers=ROSTER_HEADERS))

    call_command("import_staff", str(path), "--dry-run", stdout=StringIO(), stderr=StringIO())
    assert not entries(Action.IMPORT)
    call_command("import_staff", str(path), stdout=StringIO(), stderr=StringIO())

    [entry] = entries(Action.IMPORT)
    assert (entry.user, entry.kind, entry.rows, entry.source) == (None, "roster", 2, "command")
    assert entry.filters == {"file": str(path)}


# Certificates -----------------------------------------------------------------------------------------


def test_revoke_and_reissue_are_recorded(course_index, provincial_admin):
    course = make_course(course_index, 1)[0]
    learner = make_user("nv", profile={"full_name": "Đỗ Văn Đại"})
    certificate = Certificate.objects.issue(enrol(learner, course, completed_at=timezone.now()))[0]

    certificate.revoke(provincial_admin, "Cấp nhầm")
    certificate.refresh_from_db()
    replacement = certificate.reissue(provincial_admin, "Sửa họ tên")

    revoked, reissued = entries(Action.CERTIFICATE_REVOKED), entries(Action.CERTIFICATE_REISSUED)
    assert [(e.user, e.kind, e.filters) for e in revoked] == [
        (provincial_admin, certificate.number, {"reason": "Cấp nhầm"})
    ]
    assert [(e.user, e.kind, e.filters) for e in reissued] == [
        (provincial_admin, certificate.number, {"reason": "Sửa họ tên", "new number": replacement.number})
    ]


@pytest.mark.parametrize("action", [choice for choice, _label in Action.choices])
def test_every_action_has_a_vietnamese_label(action):
    from django.utils import translation

    with translation.override("vi"):
        label = str(dict(Action.choices)[action])
    with translation.override("en"):
        assert label != str(dict(Action.choices)[action])


# Accounts holding official records ---------------------------------------------------------------------


def test_an_account_with_a_certificate_is_not_deleted_but_one_without_is(course_index, superuser):
    from django.contrib.auth import get_user_model

    course = make_course(course_index, 1)[0]
    holder = make_user("nv", profile={"full_name": "Đỗ Văn Đại"})
    Certificate.objects.issue(enrol(holder, course, completed_at=timezone.now()))
    newcomer = make_user("moi")
    client = client_for(superuser)

    response = client.post(f"/admin/users/delete/{holder.pk}/", follow=True)

    assert response.redirect_chain[-1][0] == f"/admin/users/edit/{holder.pk}/"
    assert "nv holds official records (certificates or class attendance) and cannot be deleted" in (
        response.content.decode()
    )
    assert get_user_model().objects.filter(pk=holder.pk).exists()
    bulk = client.post(f"/admin/bulk/auth/user/delete/?next=/admin/users/&id={holder.pk}&id={newcomer.pk}", follow=True)
    assert "cannot be deleted" in bulk.content.decode()
    assert get_user_model().objects.filter(pk__in=[holder.pk, newcomer.pk]).count() == 2
    assert client.post(f"/admin/users/delete/{newcomer.pk}/").status_code == 302
    assert not get_user_model().objects.filter(pk=newcomer.pk).exists()
    assert [entry.kind for entry in entries(Action.ROLE) if entry.filters.get("event") == "deleted"] == ["moi"]


def test_an_export_whose_filters_hold_a_nul_is_recorded(provincial_admin, units):
    """PostgreSQL's JSON refuses the NUL character: an export of a listing searched for text
    holding one was a server error when its entry was written. The entry shows U+FFFD there."""
    client = client_for(provincial_admin)

    response = client.get("/admin/snippets/people/staffprofile/", {"export": "csv", "q": "Lan\x00", "x\x00": "1"})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert AuditEntry.objects.get(action=AuditEntry.Action.EXPORT).filters == {"q": "Lan\ufffd", "x\ufffd": "1"}
