"""Staff roster import (XLSX/CSV, dry run then confirm, all or nothing, scoped for HR), its
template sheet, the import_staff command, and the audited, formula-safe roster export."""

import csv
import io
import os
import time
from functools import partial

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import escape
from openpyxl import load_workbook

from people.models import AuditEntry, HRScope, StaffProfile, StaffProfileLogEntry
from people.roles import HR, PROVINCIAL_ADMINS, TRAINERS
from people.roster import RowStatus, import_staff, read_sheet, username_base

from . import sheets
from .conftest import client_for, make_user
from .sheets import to_cp1258, upload

User = get_user_model()

IMPORT = "/admin/people/import/"
CONFIRM = "/admin/people/import/confirm/"
TEMPLATE = "/admin/people/import/template.xlsx"
LISTING = "/admin/snippets/people/staffprofile/"
INVITE_IMPORTED = "/admin/people/invite/imported/"

HEADERS = ["Họ và tên", "Email", "Mã nhân viên", "Đơn vị", "Chức danh", "Đối tượng"]
CATEGORY_HEADERS = [*HEADERS, "Phân loại", "Ngày sinh"]
ROWS = [
    ["Nguyễn Thị Hương", "huong.nguyen@example.vn", "NV001", "tv-dai-tu", "Thủ thư", "Viên chức"],
    ["Trần Văn Bình", "binh.tran@example.vn", "NV002", "Thư viện huyện Đại Từ", "Kế toán", "Người lao động"],
    ["Đỗ Minh Châu", "chau@example.vn", "", "bdvh-hung-son", "", "Cộng tác viên"],
]


xlsx_bytes = partial(sheets.xlsx_bytes, headers=HEADERS)
csv_text = partial(sheets.csv_text, headers=HEADERS)


def run(rows, *, actor=None, dry_run=False, headers=HEADERS):
    return import_staff(read_sheet("roster.xlsx", xlsx_bytes(rows, headers=headers)), actor=actor, dry_run=dry_run)


def preview_then_confirm(client, name, data):
    users_before = User.objects.count()
    preview = client.post(IMPORT, upload(name, data))
    assert preview.status_code == 200
    assert User.objects.count() == users_before, "the dry run wrote to the database"
    token = preview.context["confirm_form"].initial["token"]
    return preview, client.post(CONFIRM, {"token": token})


def errors_by_row(report):
    return {error.number: " ".join(error.messages) for error in report.errors}


def snapshot():
    """Everything an import may write."""
    return (
        sorted(User.objects.values_list("pk", "username", "email")),
        sorted(
            StaffProfile.objects.values_list(
                "pk", "full_name", "employee_code", "institution", "position", "participant_type"
            )
        ),
        StaffProfileLogEntry.objects.count(),
    )


@pytest.fixture
def other_hr(units):
    """HR officer of district B only."""
    user = make_user("tccb-b", groups=[HR], profile={"full_name": "Vũ Thị Bắc"})
    HRScope.objects.create(user=user).administrative_units.add(units["district_b"])
    return user


# A good import -------------------------------------------------------------------------------------


def test_preview_then_confirm_creates_accounts_and_profiles(provincial_admin, units):
    client = client_for(provincial_admin)

    preview, confirmed = preview_then_confirm(client, "nhan-su.xlsx", xlsx_bytes(ROWS))

    page = preview.content.decode()
    assert "3 new, 0 updated, 0 unchanged" in page
    assert "Nguyễn Thị Hương" in page and "new account “huong.nguyen”" in page
    # New accounts: the confirmation leads to the offer to invite them (tests/test_invitations.py).
    assert confirmed.status_code == 302 and confirmed["Location"] == INVITE_IMPORTED
    messages = [str(m).strip() for m in client.get(INVITE_IMPORTED).context["messages"]]
    assert messages == ["Staff imported: 3 new, 0 updated, 0 unchanged."]

    huong = StaffProfile.objects.select_related("user").get(employee_code="NV001")
    assert huong.full_name == "Nguyễn Thị Hương"
    assert huong.institution == units["library_a"]
    assert huong.position == "Thủ thư"
    assert huong.participant_type == StaffProfile.ParticipantType.STAFF
    assert huong.user.username == "huong.nguyen"
    assert huong.user.email == "huong.nguyen@example.vn"
    assert not huong.user.has_usable_password()
    assert huong.user.is_active
    binh = StaffProfile.objects.get(employee_code="NV002")
    assert binh.institution == units["library_a"]  # by its exact name
    assert binh.participant_type == StaffProfile.ParticipantType.STAFF
    chau = StaffProfile.objects.select_related("user").get(user__email="chau@example.vn")
    assert chau.employee_code == "" and chau.position == ""
    assert chau.institution == units["library_commune_a"]
    assert chau.participant_type == StaffProfile.ParticipantType.COMMUNITY
    assert StaffProfileLogEntry.objects.filter(action="wagtail.create", user=provincial_admin).count() == 3


def test_importing_the_same_file_twice_changes_nothing(provincial_admin, units):
    client = client_for(provincial_admin)
    preview_then_confirm(client, "nhan-su.xlsx", xlsx_bytes(ROWS))
    before = snapshot()

    preview, confirmed = preview_then_confirm(client, "nhan-su.xlsx", xlsx_bytes(ROWS))

    report = preview.context["report"]
    assert [row.status for row in report.rows] == [RowStatus.UNCHANGED] * 3
    assert "0 new, 0 updated, 3 unchanged" in preview.content.decode()
    assert confirmed.status_code == 302
    assert snapshot() == before


def test_a_row_updates_the_profile_with_its_employee_code(units):
    user = make_user(
        "huong-cu",
        email="huong.old@example.vn",
        profile={"full_name": "Nguyễn Hương", "employee_code": "NV001", "institution": units["library_b"]},
    )

    report = run(ROWS[:1])

    assert report.ok, report.errors
    (row,) = report.rows
    assert row.status == RowStatus.UPDATED
    assert set(row.changes) == {"full name", "institution", "position", "staff category", "e-mail"}
    profile = StaffProfile.objects.select_related("user").get(employee_code="NV001")
    assert profile.user == user
    assert (profile.full_name, profile.institution, profile.position) == (
        "Nguyễn Thị Hương",
        units["library_a"],
        "Thủ thư",
    )
    assert profile.user.email == "huong.nguyen@example.vn"
    assert profile.user.username == "huong-cu"
    assert profile.user.check_password("Mật-khẩu-thử-2024"), "an update must not touch the password"
    assert User.objects.count() == 1


def test_a_row_updates_the_account_with_its_email(units, learner):
    """learner "lan" has a profile without code or institution; another account has no profile."""
    no_profile = make_user("mai", email="mai@example.vn")
    rows = [
        ["Nguyễn Thị Lan", "LAN@example.vn", "NV010", "tv-dai-tu", "Thủ thư", ""],
        ["Hà Thị Mai", "mai@example.vn", "", "tv-dai-tu", "", ""],
    ]

    report = run(rows)

    assert report.ok, report.errors
    assert [row.status for row in report.rows] == [RowStatus.UPDATED, RowStatus.NEW]
    assert report.rows[1].account_exists
    learner.staff_profile.refresh_from_db()
    assert learner.staff_profile.employee_code == "NV010"
    assert learner.staff_profile.institution == units["library_a"]
    learner.refresh_from_db()
    assert learner.email == "lan@example.vn", "the same address in other letter case is no change"
    assert no_profile.staff_profile.full_name == "Hà Thị Mai"
    assert User.objects.count() == 2


def test_empty_optional_cells_keep_what_is_on_record(units):
    make_user(
        "huong",
        email="huong.nguyen@example.vn",
        profile={
            "full_name": "Nguyễn Thị Hương",
            "employee_code": "NV001",
            "institution": units["library_a"],
            "position": "Thủ thư",
            "participant_type": "community",
        },
    )

    report = run([["Nguyễn Thị Hương", "huong.nguyen@example.vn", "", "tv-dai-tu", "", ""]])

    assert [row.status for row in report.rows] == [RowStatus.UNCHANGED]
    assert StaffProfile.objects.get().participant_type == "community"


def test_english_headers_csv_with_bom_and_semicolons(provincial_admin, units):
    headers = ["full_name", "email", "employee_code", "institution", "position", "participant_type"]
    rows = [[*row[:5], {"Viên chức": "staff", "Người lao động": "staff"}.get(row[5], "community")] for row in ROWS]
    data = csv_text(rows, headers=headers, delimiter=";").encode("utf-8-sig")

    _preview, confirmed = preview_then_confirm(client_for(provincial_admin), "staff.csv", data)

    assert confirmed.status_code == 302
    assert StaffProfile.objects.filter(institution__isnull=False).count() == 3
    assert StaffProfile.objects.get(user__email="chau@example.vn").participant_type == "community"


def test_csv_in_windows_1258(provincial_admin, units):
    data = to_cp1258(csv_text(ROWS))
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")

    _preview, confirmed = preview_then_confirm(client_for(provincial_admin), "nhan-su.csv", data)

    assert confirmed.status_code == 302
    assert StaffProfile.objects.filter(full_name="Nguyễn Thị Hương").exists()


def test_unknown_columns_are_ignored_and_named(provincial_admin, units):
    rows = [[str(n), *row, "ghi chú"] for n, row in enumerate(ROWS, 1)]

    response = client_for(provincial_admin).post(
        IMPORT, upload("nhan-su.xlsx", xlsx_bytes(rows, headers=["STT", *HEADERS, "Ghi chú"]))
    )

    assert response.context["report"].ok
    assert response.context["report"].ignored_columns == ["STT", "Ghi chú"]
    assert "are ignored: STT, Ghi chú" in response.content.decode()


def test_new_user_names_are_unique_and_deterministic(units, learner):
    rows = [
        ["Lê Lan", "lan@thuvien-a.vn", "", "tv-dai-tu", "", ""],
        ["Vũ Lan", "lan@thuvien-b.vn", "", "tv-dai-tu", "", ""],
        ["Đặng Đức", "Duc_Dang+HR@example.vn", "", "tv-dai-tu", "", ""],
    ]

    dry = run(rows, dry_run=True)
    report = run(rows)

    assert [row.username for row in dry.rows] == ["lan-2", "lan-3", "duc_danghr"]  # "lan" is taken
    assert [row.username for row in report.rows] == ["lan-2", "lan-3", "duc_danghr"]
    assert set(User.objects.values_list("username", flat=True)) == {"lan", "lan-2", "lan-3", "duc_danghr"}
    assert username_base("Đức.Đặng@example.vn", 100) == "duc.dang"
    assert username_base("---@example.vn", 100) == "user"


# Bad input ------------------------------------------------------------------------------------------


def test_bad_rows_are_reported_per_row_and_nothing_is_written(provincial_admin, units):
    make_user("khac", email="khac@example.vn", profile={"full_name": "Người khác", "employee_code": "NV900"})
    rows = [
        ROWS[0],
        ["", "a@example.vn", "", "tv-dai-tu", "", ""],  # 3: no name
        ["Tên", "b@example.vn", "", "thu-vien-ma", "", ""],  # 4: unknown institution
        ["Tên", "khong-phai-email", "", "tv-dai-tu", "", ""],  # 5: invalid e-mail
        ["Tên", "HUONG.nguyen@example.vn", "", "tv-dai-tu", "", ""],  # 6: e-mail of row 2
        ["Tên", "c@example.vn", "NV001", "tv-dai-tu", "", ""],  # 7: code of row 2
        ["Tên", "khac@example.vn", "NV777", "tv-dai-tu", "", ""],  # 8: e-mail of an account with another code
        ["Tên", "d@example.vn", "", "tv-dai-tu", "", "Khách mời"],  # 9: unknown participant type
        ["Tên", "", "", "", "", ""],  # 10: no e-mail, no institution
    ]
    before = snapshot()

    response = client_for(provincial_admin).post(IMPORT, upload("loi.xlsx", xlsx_bytes(rows)))

    page = response.content.decode()
    assert "nothing was imported" in page
    assert response.context.get("confirm_form") is None
    errors = errors_by_row(response.context["report"])
    assert set(errors) == {3, 4, 5, 6, 7, 8, 9, 10}
    assert "The full name is missing." in errors[3]
    assert "Unknown institution “thu-vien-ma”" in errors[4]
    assert "“khong-phai-email” is not a valid e-mail address." in errors[5]
    assert "The e-mail “HUONG.nguyen@example.vn” is also in row 2." in errors[6]
    assert "The employee code “NV001” is also in row 2." in errors[7]
    assert "already used by another account with a different employee code" in errors[8]
    assert "Unknown participant type “Khách mời”" in errors[9]
    assert "e-mail address is missing" in errors[10] and "institution (Đơn vị) is missing" in errors[10]
    for error in response.context["report"].errors:
        for message in error.messages:
            assert escape(message) in page
    assert snapshot() == before


def test_an_email_used_by_another_account_cannot_be_given_by_code(units):
    make_user("huong", email="old@example.vn", profile={"full_name": "Hương", "employee_code": "NV001"})
    make_user("other", email="huong.nguyen@example.vn")
    before = snapshot()

    report = run(ROWS[:1])

    assert "The e-mail “huong.nguyen@example.vn” is already used by another account." in errors_by_row(report)[2]
    assert snapshot() == before


def test_two_rows_for_the_same_person_are_refused(units):
    make_user("huong", email="huong.nguyen@example.vn", profile={"full_name": "Hương", "employee_code": "NV001"})

    report = run([ROWS[0], ["Hương", "other@example.vn", "NV001", "tv-dai-tu", "", ""]], dry_run=True)

    assert "also in row 2" in errors_by_row(report)[3]


def test_a_bad_row_in_the_middle_of_a_real_import_writes_nothing(units):
    rows = [ROWS[0], ["Tên", "sai@", "", "tv-dai-tu", "", ""], ROWS[1]]
    before = snapshot()

    report = run(rows, dry_run=False)

    assert list(errors_by_row(report)) == [3]
    assert snapshot() == before


def test_a_failure_while_writing_rolls_back_every_row(units, monkeypatch):
    """One transaction: the second row's write fails (say a concurrent import took its code)
    after the first row's account was created; the first row is undone too."""
    from people import roster

    calls = []

    def failing_log(instance, action, **kwargs):
        calls.append(instance)
        if len(calls) == 2:
            raise IntegrityError("unique_employee_code")

    monkeypatch.setattr(roster, "log", failing_log)
    before = snapshot()

    report = run(ROWS)

    assert not report.ok
    assert "changed while importing" in report.errors[0].messages[0]
    assert snapshot() == before


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("nhan-su.pdf", b"%PDF-1.4 not a sheet", "Upload an Excel workbook (.xlsx) or a CSV file"),
        ("nhan-su.xlsx", b"this is plain text", "could not be read as an Excel workbook"),
        ("nhan-su.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "Old Excel files (.xls)"),
        ("nhan-su.csv", b"", "file is empty."),
        ("nhan-su.csv", b"\r\n,,\r\n  \r\n", "The file is empty."),
        ("nhan-su.csv", ",".join(HEADERS).encode(), "no staff below its header row"),
        ("nhan-su.csv", "Họ và tên,Chức danh\nAn,Thủ thư\n".encode(), "The column “Email” (email) is missing."),
        ("nhan-su.csv", "Email,Email,Họ và tên,Đơn vị\n".encode(), "The column “Email” appears twice."),
        ("nhan-su.csv", b"\x00\x01\x02\x81\x8a\x9a", "could not be read"),
    ],
)
def test_unusable_files_get_a_form_error(provincial_admin, name, data, message):
    before = snapshot()

    response = client_for(provincial_admin).post(IMPORT, upload(name, data))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert message.split("“")[0] in response.content.decode()
    assert snapshot() == before


def test_an_emptied_workbook_is_an_empty_file(provincial_admin):
    response = client_for(provincial_admin).post(IMPORT, upload("rong.xlsx", xlsx_bytes([], headers=[])))

    assert "The file is empty." in response.context["form"].errors["file"]


# Scope ------------------------------------------------------------------------------------------------


def test_hr_imports_into_its_scope(hr, units):
    _preview, confirmed = preview_then_confirm(client_for(hr), "nhan-su.xlsx", xlsx_bytes(ROWS))

    assert confirmed.status_code == 302
    assert StaffProfile.objects.filter(institution__isnull=False).count() == 3
    assert StaffProfileLogEntry.objects.filter(user=hr, action="wagtail.create").count() == 3


def test_hr_cannot_import_into_an_institution_outside_its_scope(hr, units):
    rows = [ROWS[0], ["Phạm Thu", "thu@example.vn", "NV003", "tv-phu-luong", "", ""]]
    before = snapshot()

    response = client_for(hr).post(IMPORT, upload("nhan-su.xlsx", xlsx_bytes(rows)))

    assert errors_by_row(response.context["report"]) == {
        3: "The institution “Thư viện huyện Phú Lương” is outside your scope."
    }
    assert snapshot() == before


def test_hr_cannot_update_a_profile_outside_its_scope_even_by_its_code(hr, units):
    make_user(
        "huong",
        email="huong.nguyen@example.vn",
        profile={"full_name": "Hương", "employee_code": "NV001", "institution": units["library_b"]},
    )
    before = snapshot()

    report = run(ROWS[:1], actor=hr)

    assert errors_by_row(report) == {2: "This person is on the roster of an institution outside your scope."}
    assert snapshot() == before


def test_hr_of_another_unit_cannot_touch_district_a(other_hr, units):
    make_user(
        "huong",
        email="old@example.vn",
        profile={"full_name": "Hương", "employee_code": "NV001", "institution": units["library_a"]},
    )
    rows = [
        ["Hương", "huong@example.vn", "NV001", "tv-phu-luong", "", ""],  # moving someone out of district A
        ["Bình", "binh@example.vn", "", "tv-dai-tu", "", ""],
    ]

    report = run(rows, actor=other_hr)

    errors = errors_by_row(report)
    assert errors[2] == "This person is on the roster of an institution outside your scope."
    assert "outside your scope" in errors[3]
    assert StaffProfile.objects.get(employee_code="NV001").institution == units["library_a"]


def test_hr_cannot_change_the_email_of_an_account_with_a_role(hr, trainer, units):
    trainer.staff_profile.employee_code = "GV01"
    trainer.staff_profile.institution = units["library_a"]
    trainer.staff_profile.save()
    row = ["Phạm Minh Giảng", "attacker@example.vn", "GV01", "tv-dai-tu", "", ""]

    report = run([row], actor=hr)

    assert "cannot be changed by an import" in errors_by_row(report)[2]
    trainer.refresh_from_db()
    assert trainer.email == "giangvien@example.vn"
    assert run([row]).ok, "without --as (an administrator) the change is allowed"


# Accounts with a role are not HR's to adopt: the staff form does not offer them to HR either
# (people.roles.accounts_placeable_by, one rule for both).


def role_accounts():
    """A trainer, a provincial administrator, a superuser and a staff-status account, none with
    a staff profile."""
    return {
        "trainer": make_user("gv-moi", groups=[TRAINERS], email="gv.moi@example.vn"),
        "admin": make_user("so-moi", groups=[PROVINCIAL_ADMINS], email="so.moi@example.vn"),
        "superuser": make_user("qt-moi", is_superuser=True, is_staff=True, email="qt.moi@example.vn"),
        "staff": make_user("nv-staff", is_staff=True, email="nv.staff@example.vn"),
    }


@pytest.mark.parametrize("role", ["trainer", "admin", "superuser", "staff"])
def test_hr_cannot_adopt_an_account_with_a_role_by_its_email(hr, units, role):
    account = role_accounts()[role]
    local, domain = account.email.split("@")
    email = f"{local.upper()}@{domain}"  # found whatever the letter case
    before = snapshot()

    report = run([["Người Lạ", email, "", "tv-dai-tu", "", ""]], actor=hr)

    assert errors_by_row(report) == {
        2: f"The e-mail “{email}” belongs to an account with a role (trainer, administrator…): only a provincial "
        "administrator can add it to a roster."
    }
    assert snapshot() == before
    assert not StaffProfile.objects.filter(user=account).exists()
    assert not StaffProfile.objects.visible_to(hr).filter(user=account).exists()


def test_hr_cannot_adopt_an_account_with_a_role_through_the_admin_screen(hr, units):
    trainer = role_accounts()["trainer"]
    before = snapshot()

    response = client_for(hr).post(
        IMPORT, upload("nhan-su.xlsx", xlsx_bytes([["Người Lạ", trainer.email, "", "tv-dai-tu", "", ""]]))
    )

    assert response.context.get("confirm_form") is None
    assert "belongs to an account with a role" in response.content.decode()
    assert snapshot() == before


def test_the_refusal_to_adopt_reads_in_vietnamese(hr, units):
    trainer = role_accounts()["trainer"]

    with translation.override("vi"):
        report = run([["Người Lạ", trainer.email, "", "tv-dai-tu", "", ""]], actor=hr)
        message = errors_by_row(report)[2]

    assert message.startswith("Địa chỉ e-mail “gv.moi@example.vn” thuộc về một tài khoản có vai trò")


def test_provincial_admin_places_accounts_with_a_role_as_the_staff_form_lets_them(provincial_admin, units):
    accounts = role_accounts()
    rows = [[f"Người {n}", user.email, "", "tv-dai-tu", "", ""] for n, user in enumerate(accounts.values())]

    report = run(rows, actor=provincial_admin)

    assert report.ok, report.errors
    assert StaffProfile.objects.filter(user__in=accounts.values()).count() == 4


def test_hr_still_adopts_a_plain_account_and_updates_role_holders_already_in_its_scope(hr, trainer, units):
    plain = make_user("mai", email="mai@example.vn")
    trainer.staff_profile.institution = units["library_a"]
    trainer.staff_profile.save()
    rows = [
        ["Hà Thị Mai", "mai@example.vn", "", "tv-dai-tu", "", ""],
        ["Phạm Minh Giảng", trainer.email, "", "tv-dai-tu", "Giảng viên", ""],
    ]

    report = run(rows, actor=hr)

    assert report.ok, report.errors
    assert plain.staff_profile.institution == units["library_a"]
    trainer.staff_profile.refresh_from_db()
    assert trainer.staff_profile.position == "Giảng viên"


def test_provincial_admin_imports_anywhere(provincial_admin, units):
    rows = [ROWS[0], ["Phạm Thu", "thu@example.vn", "NV003", "tv-phu-luong", "", ""]]

    report = run(rows, actor=provincial_admin)

    assert report.ok and report.created == 2


# Confirmation -------------------------------------------------------------------------------------------


def test_confirmation_imports_once_and_refuses_forged_or_foreign_tokens(provincial_admin, units, media_root):
    client = client_for(provincial_admin)
    preview = client.post(IMPORT, upload("nhan-su.xlsx", xlsx_bytes(ROWS)))
    token = preview.context["confirm_form"].initial["token"]

    assert client.post(CONFIRM, {"token": token[:-2] + "xx"})["Location"] == IMPORT
    assert client_for(make_user("khac", groups=[HR])).post(CONFIRM, {"token": token})["Location"] == IMPORT
    assert not StaffProfile.objects.filter(institution__isnull=False).exists()

    assert client.post(CONFIRM, {"token": token})["Location"] == INVITE_IMPORTED
    assert StaffProfile.objects.filter(institution__isnull=False).count() == 3
    assert not any((media_root / "django-import-export").iterdir()), "the confirmed upload was left behind"
    assert client.post(CONFIRM, {"token": token})["Location"] == IMPORT


def test_a_new_preview_removes_previews_nobody_confirmed_within_the_hour(provincial_admin, units, media_root):
    folder = media_root / "django-import-export"
    folder.mkdir(parents=True)
    stale, recent = folder / "stale", folder / "recent"
    stale.write_bytes(b"names and e-mails")
    recent.write_bytes(b"names and e-mails")
    three_hours_ago = time.time() - 3 * 60 * 60
    os.utime(stale, (three_hours_ago, three_hours_ago))

    preview = client_for(provincial_admin).post(IMPORT, upload("nhan-su.xlsx", xlsx_bytes(ROWS)))

    assert "confirm_form" in preview.context
    assert not stale.exists() and recent.exists()
    assert len(list(folder.iterdir())) == 2  # the recent one and this preview


def test_a_sweep_that_cannot_remove_a_file_does_not_fail_the_preview(provincial_admin, units, media_root, monkeypatch):
    from django.core.files.storage import FileSystemStorage

    folder = media_root / "django-import-export"
    folder.mkdir(parents=True)
    stale = folder / "stale"
    stale.write_bytes(b"names and e-mails")
    os.utime(stale, (0, 0))

    def refuse(self, name):
        raise PermissionError(name)

    monkeypatch.setattr(FileSystemStorage, "delete", refuse)
    preview = client_for(provincial_admin).post(IMPORT, upload("nhan-su.xlsx", xlsx_bytes(ROWS)))

    assert preview.status_code == 200 and "confirm_form" in preview.context
    assert stale.exists()


def test_confirmation_refuses_a_swapped_file(provincial_admin, units, media_root):
    client = client_for(provincial_admin)
    preview = client.post(IMPORT, upload("nhan-su.xlsx", xlsx_bytes(ROWS[:1])))
    token = preview.context["confirm_form"].initial["token"]
    stored = signing.loads(token, salt="people.import.upload")["file"]
    (media_root / "django-import-export" / stored).write_bytes(xlsx_bytes(ROWS))

    response = client.post(CONFIRM, {"token": token})

    assert response["Location"] == IMPORT
    assert not StaffProfile.objects.filter(institution__isnull=False).exists()


def test_confirmation_shows_errors_when_records_changed_since_the_preview(provincial_admin, units):
    client = client_for(provincial_admin)
    preview = client.post(IMPORT, upload("nhan-su.xlsx", xlsx_bytes(ROWS[:1])))
    make_user("chiem", email="huong.nguyen@example.vn", profile={"full_name": "X", "employee_code": "NV999"})

    response = client.post(CONFIRM, {"token": preview.context["confirm_form"].initial["token"]})

    assert response.status_code == 200
    assert "different employee code" in response.content.decode()
    assert not StaffProfile.objects.filter(employee_code="NV001").exists()


# Permissions and admin chrome -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "learner", "trainer"])
def test_only_hr_and_administrators_may_import(role, request, units):
    user = None if role == "anonymous" else request.getfixturevalue(role)
    client = client_for(user)
    before = snapshot()

    for response in (
        client.get(IMPORT),
        client.post(IMPORT, upload("a.xlsx", xlsx_bytes(ROWS))),
        client.post(CONFIRM, {"token": "x"}),
        client.get(TEMPLATE),
    ):
        assert response.status_code == 302
        assert response["Location"] == "/admin/" or response["Location"].startswith("/admin/login/")
    assert snapshot() == before


@pytest.mark.parametrize("role", ["hr", "provincial_admin", "superuser"])
def test_hr_and_administrators_see_the_import_screen_menu_and_button(role, request, units):
    client = client_for(request.getfixturevalue(role))

    page = client.get(IMPORT)
    listing = client.get(LISTING)

    assert page.status_code == 200
    assert "Họ và tên" in page.content.decode() and TEMPLATE in page.content.decode()
    assert listing.status_code == 200
    assert IMPORT in listing.content.decode()  # the header button and the People menu item
    menu = client.get("/admin/").content.decode()
    assert IMPORT.replace("/", "\\u002F") in menu or IMPORT in menu


def test_trainers_see_no_import_menu_item(trainer):
    menu = client_for(trainer).get("/admin/").content.decode()

    assert IMPORT not in menu and IMPORT.replace("/", "\\u002F") not in menu


# The template sheet --------------------------------------------------------------------------------------


def test_template_downloads_with_help_and_the_users_institutions(hr, units):
    response = client_for(hr).get(TEMPLATE)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(response.content))
    staff, help_sheet, institutions = workbook.worksheets
    assert [cell.value for cell in staff[1]] == CATEGORY_HEADERS
    assert [cell.value for cell in staff[2]][:2] == ["Nguyễn Thị Lan", "lan.nguyen@example.vn"]
    help_text = " ".join(str(cell.value) for row in help_sheet.iter_rows() for cell in row if cell.value)
    for word in (
        "Họ và tên",
        "Đối tượng",
        "Viên chức",
        "Người lao động",
        "Cộng tác viên",
        "Tình nguyện viên",
        "Phân loại",
        "Viên chức quản lý",
        "Ngày sinh",
    ):
        assert word in help_text
    codes = [row[0] for row in institutions.iter_rows(min_row=2, values_only=True)]
    assert sorted(codes) == ["bdvh-hung-son", "tv-dai-tu"]  # HR's scope only

    report = import_staff(read_sheet("mau.xlsx", response.content), actor=hr, dry_run=True)
    assert report.ok, report.errors
    assert report.created == 1


# The command ----------------------------------------------------------------------------------------------


def test_command_imports_a_sheet(tmp_path, units):
    path = tmp_path / "nhan-su.xlsx"
    path.write_bytes(xlsx_bytes(ROWS))
    out = io.StringIO()

    call_command("import_staff", str(path), stdout=out)

    assert "Staff imported: 3 new, 0 updated, 0 unchanged" in out.getvalue()
    assert StaffProfile.objects.count() == 3

    out = io.StringIO()
    call_command("import_staff", str(path), stdout=out)
    assert "0 new, 0 updated, 3 unchanged" in out.getvalue()


def test_command_dry_run_writes_nothing(tmp_path, units):
    path = tmp_path / "nhan-su.csv"
    path.write_text(csv_text(ROWS), encoding="utf-8")
    out = io.StringIO()

    call_command("import_staff", str(path), "--dry-run", stdout=out)

    assert "Dry run: 3 new, 0 updated, 0 unchanged; nothing was written" in out.getvalue()
    assert not User.objects.exists()


def test_command_fails_with_row_errors_and_writes_nothing(tmp_path, units):
    path = tmp_path / "loi.csv"
    path.write_text(csv_text([ROWS[0], ["Tên", "sai-email", "", "tv-dai-tu", "", ""]]), encoding="utf-8")
    err = io.StringIO()

    with pytest.raises(CommandError) as raised:
        call_command("import_staff", str(path), stderr=err)

    assert raised.value.returncode == 1
    assert "1 row has errors; nothing was imported." in str(raised.value)
    assert f"{path}:3: “sai-email” is not a valid e-mail address." in err.getvalue()
    assert not User.objects.exists()


def test_command_fails_on_an_unreadable_file(tmp_path):
    path = tmp_path / "rong.csv"
    path.write_bytes(b"")

    with pytest.raises(CommandError, match="rong.csv: The file is empty."):
        call_command("import_staff", str(path))


def test_command_as_hr_is_limited_to_its_scope(tmp_path, hr, units):
    path = tmp_path / "nhan-su.xlsx"
    path.write_bytes(xlsx_bytes([ROWS[0], ["Phạm Thu", "thu@example.vn", "", "tv-phu-luong", "", ""]]))
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_staff", str(path), "--as", hr.username, stderr=err)

    assert f"{path}:3: The institution “Thư viện huyện Phú Lương” is outside your scope." in err.getvalue()
    assert not StaffProfile.objects.filter(employee_code="NV001").exists()
    call_command("import_staff", str(path), stdout=io.StringIO())  # no --as: no limit
    assert StaffProfile.objects.filter(institution=units["library_b"]).exists()


def test_command_as_must_name_an_hr_officer_or_administrator(tmp_path, learner, units):
    path = tmp_path / "nhan-su.xlsx"
    path.write_bytes(xlsx_bytes(ROWS))

    with pytest.raises(CommandError, match="There is no user “ai-do”"):
        call_command("import_staff", str(path), "--as", "ai-do")
    with pytest.raises(CommandError, match="neither an HR officer nor a provincial administrator"):
        call_command("import_staff", str(path), "--as", learner.username)
    assert StaffProfile.objects.count() == 1  # the learner's own


# Export -------------------------------------------------------------------------------------------------------


@pytest.fixture
def roster(units):
    inside = make_user(
        "formula",
        email="formula@example.vn",
        profile={
            "full_name": "=cmd|' /C calc'!A0",
            "employee_code": "NV100",
            "institution": units["library_a"],
            "position": "@SUM(1)",
        },
    )
    outside = make_user(
        "ngoai",
        email="ngoai@example.vn",
        profile={"full_name": "Đặng Văn Lưu", "employee_code": "NV200", "institution": units["library_b"]},
    )
    return inside.staff_profile, outside.staff_profile


def test_csv_export_neutralises_formulas_and_is_logged(provincial_admin, roster):
    response = client_for(provincial_admin).get(LISTING, {"export": "csv", "q": ""})

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:6] == HEADERS
    by_code = {row[2]: row for row in rows[1:]}
    assert by_code["NV100"][0] == "'=cmd|' /C calc'!A0"
    assert by_code["NV100"][4] == "'@SUM(1)"
    assert by_code["NV100"][3] == "tv-dai-tu"
    assert "NV200" in by_code
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).get()
    assert (entry.user, entry.kind, entry.file_format, entry.rows, entry.source) == (
        provincial_admin,
        "roster",
        "csv",
        3,  # the two and the administrator's own profile
        "admin",
    )
    assert entry.filters == {"q": ""}


def test_xlsx_export_of_hr_holds_its_scope_only_and_imports_again_unchanged(hr, roster):
    response = client_for(hr).get(LISTING, {"export": "xlsx"})

    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0][:6]) == HEADERS
    assert [row[2] for row in values[1:]] == ["NV100"]
    assert values[1][0] == "'=cmd|' /C calc'!A0"
    assert sheet.cell(row=2, column=1).data_type == "s"
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).get()
    assert (entry.user, entry.file_format, entry.rows) == (hr, "xlsx", 1)

    report = import_staff(read_sheet("export.xlsx", content), actor=hr, dry_run=True)
    assert report.ok, report.errors
    assert [row.status for row in report.rows] == [RowStatus.UNCHANGED]
    assert set(report.ignored_columns) == {"Institution name", "Institution type", "Administrative unit", "User name"}


def test_export_query_count_does_not_grow_with_the_staff(provincial_admin, units, django_assert_max_num_queries):
    for n in range(30):
        make_user(f"nv{n}", profile={"full_name": f"Nhân viên {n}", "institution": units["library_a"]})
    client = client_for(provincial_admin)

    with django_assert_max_num_queries(20):
        response = client.get(LISTING, {"export": "xlsx"})
        b"".join(response.streaming_content)


def test_dry_run_query_count_does_not_grow_with_the_rows(units):
    def queries(count):
        rows = [[f"Nhân viên {n}", f"nv{n}@example.vn", f"NV{n:04d}", "tv-dai-tu", "", ""] for n in range(count)]
        dataset = read_sheet("roster.xlsx", xlsx_bytes(rows))
        with CaptureQueriesContext(connection) as captured:
            assert import_staff(dataset, dry_run=True).ok
        return len(captured)

    assert queries(40) == queries(3)


# Staff category and date of birth (the III.3 split and the certificate's holder) -----------------


def test_staff_category_and_date_of_birth_are_imported(units):
    import datetime

    rows = [
        [*ROWS[0], "Viên chức quản lý", "05/01/1985"],
        [*ROWS[1], "", datetime.datetime(1990, 12, 24)],  # the category from "Đối tượng: Người lao động"
        [*ROWS[2], "", ""],
    ]

    report = run(rows, headers=CATEGORY_HEADERS)

    assert report.ok, errors_by_row(report)
    profiles = {p.employee_code or p.full_name: p for p in StaffProfile.objects.all()}
    assert (profiles["NV001"].staff_category, profiles["NV001"].date_of_birth) == (
        "manager",
        datetime.date(1985, 1, 5),
    )
    assert (profiles["NV002"].staff_category, profiles["NV002"].date_of_birth) == (
        "employee",
        datetime.date(1990, 12, 24),
    )
    assert (profiles["Đỗ Minh Châu"].staff_category, profiles["Đỗ Minh Châu"].date_of_birth) == ("", None)
    # Importing again with the cells empty keeps them.
    again = run([[*ROWS[0], "", ""]], headers=CATEGORY_HEADERS)
    assert [row.status for row in again.rows] == [RowStatus.UNCHANGED]
    assert StaffProfile.objects.get(employee_code="NV001").staff_category == "manager"


def test_bad_staff_categories_and_dates_of_birth_are_refused_in_vietnamese(units):
    rows = [
        [*ROWS[0], "Giám đốc sở", ""],  # 2: unknown category
        [*ROWS[1], "Viên chức", "31/02/1990"],  # 3: no such day
        [*ROWS[2], "Viên chức", ""],  # 4: a community participant has no category
        ["Tên", "e@example.vn", "", "tv-dai-tu", "", "", "", "01/01/2020"],  # 5: a child
    ]
    with translation.override("vi"):
        report = run(rows, headers=CATEGORY_HEADERS)
        errors = errors_by_row(report)

    assert set(errors) == {2, 3, 4, 5}
    assert "Phân loại “Giám đốc sở” không hợp lệ" in errors[2]
    assert "Ngày sinh “31/02/1990” không phải là ngày" in errors[3]
    assert "Cộng tác viên, tình nguyện viên không thuộc phân loại viên chức" in errors[4]
    assert "Ngày sinh phải là một ngày có thật, cách đây ít nhất 15 năm." in errors[5]
    assert not StaffProfile.objects.exists()


def test_the_staff_form_refuses_a_category_for_community_participants(units):
    from django.core.exceptions import ValidationError

    profile = StaffProfile(full_name="Đỗ Minh Châu", participant_type="community", staff_category="official")
    with pytest.raises(ValidationError) as error:
        profile.clean()
    assert set(error.value.message_dict) == {"staff_category"}
