"""Downloads are saved under Vietnamese names: the Unicode name as ``filename*`` and a readable
ASCII spelling of it as ``filename`` for older clients (``staff_lms.downloads``)."""

from urllib.parse import quote

import pytest
from django.conf import settings
from django.utils import timezone

from staff_lms.downloads import ascii_name, content_disposition

from .conftest import client_for


def vietnamese(user):
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    return client


def named(ascii, unicode):
    return f"attachment; filename=\"{ascii}\"; filename*=utf-8''{quote(unicode)}"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Sổ tay khóa học - Chuyển đổi số thư viện.pdf", "so-tay-khoa-hoc-chuyen-doi-so-thu-vien.pdf"),
        ("Đề cương: Bảo tàng/Di sản số.XLSX", "de-cuong-bao-tang-di-san-so.xlsx"),
        ("Danh sách nhân sự (mẫu).xlsx", "danh-sach-nhan-su-mau.xlsx"),
        ("“”.pdf", "download.pdf"),
    ],
)
def test_the_ascii_name_spells_the_vietnamese_one(name, expected):
    assert ascii_name(name) == expected


def test_the_header_carries_both_names_and_ascii_names_once():
    assert content_disposition("Sổ tay.pdf") == named("so-tay.pdf", "Sổ tay.pdf")
    assert content_disposition("so-tay.pdf") == 'attachment; filename="so-tay.pdf"'
    # Characters no file may hold are left out of the Unicode name as well.
    assert content_disposition('Báo cáo "III.3"/2026.pdf') == named("bao-cao-iii3-2026.pdf", "Báo cáo III.3 2026.pdf")


def test_staff_template_and_roster_export_are_named_in_vietnamese(hr):
    client = vietnamese(hr)

    template = client.get("/admin/people/import/template.xlsx")
    export = client.get("/admin/snippets/people/staffprofile/?export=xlsx")
    csv = client.get("/admin/snippets/people/staffprofile/?export=csv")

    assert template["Content-Disposition"] == named("danh-sach-nhan-su-mau.xlsx", "Danh sách nhân sự (mẫu).xlsx")
    assert export["Content-Disposition"] == named("danh-sach-nhan-su.xlsx", "Danh sách nhân sự.xlsx")
    assert csv["Content-Disposition"] == named("danh-sach-nhan-su.csv", "Danh sách nhân sự.csv")


def test_question_bank_template_is_named_in_vietnamese(trainer):
    response = vietnamese(trainer).get("/admin/quizzes/import/template.xlsx")

    assert response["Content-Disposition"] == named("ngan-hang-cau-hoi-mau.xlsx", "Ngân hàng câu hỏi (mẫu).xlsx")


def test_training_matrix_is_named_in_vietnamese(provincial_admin):
    response = vietnamese(provincial_admin).get("/admin/assignments/matrix/export/?format=xlsx")

    day = f"{timezone.localdate():%Y%m%d}"
    assert response["Content-Disposition"] == named(
        f"bang-theo-doi-dao-tao-{day}.xlsx", f"Bảng theo dõi đào tạo {day}.xlsx"
    )


def test_personal_data_is_named_in_vietnamese(learner):
    response = vietnamese(learner).get("/accounts/my-data/")

    day = f"{timezone.localdate():%Y%m%d}"
    assert response["Content-Disposition"] == named(
        f"du-lieu-ca-nhan-lan-{day}.json", f"Dữ liệu cá nhân lan {day}.json"
    )
