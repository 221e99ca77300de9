"""Uploaded files are checked for type and size: Wagtail images (their real format, size and
pixels), documents (the accepted types, each with the content its extension says, and a size
limit) and import sheets (the extension decides how a sheet is read, its content must agree).
A refused upload says why, in the user's language, and leaves no row and no stored file."""

import io
import zipfile

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook
from PIL import Image as PILImage
from reportlab.pdfgen import canvas
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import UploadedFile

from people.models import StaffProfile
from quizzes.models import Question
from staff_lms.sheets import read_rows
from staff_lms.uploads import CONTENT_CHECKS

from .conftest import client_for
from .sheets import to_cp1258

AJAX = {"x-requested-with": "XMLHttpRequest"}
HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504  # an old .doc / .xls / .ppt
MB = 1024 * 1024


# Samples ---------------------------------------------------------------------------------------


def png_bytes(size=(40, 30), mode="RGB", padding=0):
    buffer = io.BytesIO()
    PILImage.new(mode, size).save(buffer, "PNG")
    return buffer.getvalue() + b"\0" * padding


def pdf_bytes():
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Tai lieu khoa hoc")
    page.save()
    return buffer.getvalue()


def zip_bytes(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def ooxml_bytes(main_part):
    return zip_bytes({"[Content_Types].xml": "<Types/>", "_rels/.rels": "<Relationships/>", main_part: "<root/>"})


def odf_bytes(kind):
    # "mimetype" first and stored, as the OpenDocument format asks.
    return zip_bytes(
        {
            "mimetype": f"application/vnd.oasis.opendocument.{kind}",
            "META-INF/manifest.xml": "<manifest/>",
            "content.xml": "<office:document-content/>",
        }
    )


def xlsx_bytes(rows=(("Họ và tên", "Email"),)):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD_DOCUMENTS = {
    "pdf": pdf_bytes(),
    "docx": ooxml_bytes("word/document.xml"),
    "xlsx": xlsx_bytes(),
    "pptx": ooxml_bytes("ppt/presentation.xml"),
    "odt": odf_bytes("text"),
    "ods": odf_bytes("spreadsheet"),
    "odp": odf_bytes("presentation"),
    "txt": "Tài liệu hướng dẫn số hoá tài liệu.\r\n".encode("utf-8-sig"),
    "csv": "Họ và tên,Đơn vị\nNguyễn Thị Lan,Thư viện\n".encode(),
}

MISMATCH = "content does not match its name"
NOT_TEXT = "This file is not plain text in UTF-8"
TYPES = "Only these types of file can be uploaded: pdf, docx, xlsx, pptx, odt, ods, odp, txt, csv."
OLD_OFFICE = "Old Office files (.doc, .xls, .ppt) are not accepted"

BAD_DOCUMENTS = [
    ("bao-cao.pdf", HTML_PAGE, MISMATCH),
    ("bao-cao.pdf", b"", "The submitted file is empty."),
    ("bao-cao.docx", xlsx_bytes(), MISMATCH),  # a workbook renamed
    ("bao-cao.docx", HTML_PAGE + GOOD_DOCUMENTS["docx"], MISMATCH),  # a zip behind an HTML page
    ("bao-cao.docx", b"PK\x03\x04 truncated", MISMATCH),
    ("bang.xlsx", GOOD_DOCUMENTS["csv"], MISMATCH),
    ("trinh-chieu.odp", odf_bytes("text"), MISMATCH),
    ("ghi-chu.txt", b"MZ\x90\x00\x03\x00\x00\x00", NOT_TEXT),
    ("danh-sach.csv", to_cp1258("Họ và tên\nNguyễn Thị Lan\n"), NOT_TEXT),
    ("trang.html", HTML_PAGE, TYPES),
    ("hinh.svg", SVG, TYPES),
    ("cai-dat.exe", b"MZ\x90\x00", TYPES),
    ("tai-lieu.zip", zip_bytes({"a.txt": "a"}), TYPES),
    ("khong-co-duoi", pdf_bytes(), TYPES),
    ("van-ban.doc", OLE_MAGIC, OLD_OFFICE),
]


def stored_files(media_root):
    return sorted(str(path.relative_to(media_root)) for path in media_root.rglob("*") if path.is_file())


@pytest.fixture
def admin_client(superuser):
    return client_for(superuser)


@pytest.fixture
def vietnamese_client(superuser):
    """No language cookie: the site's default, Vietnamese."""
    client = Client()
    client.force_login(superuser)
    return client


# Images ----------------------------------------------------------------------------------------


def add_image(client, name, data):
    return client.post(reverse("wagtailimages:add"), {"title": "Ảnh bài học", "file": SimpleUploadedFile(name, data)})


def test_a_real_png_is_accepted(admin_client, media_root):
    response = add_image(admin_client, "anh-bai-hoc.png", png_bytes())

    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (40, 30)
    assert stored_files(media_root) == [f"original_images/{image.filename}"]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("anh.png", HTML_PAGE, "This is not a real .png image: its content is"),
        ("anh.png", b"just some text", "Upload a valid image."),
        ("anh.jpg", png_bytes(), "This is not a real .jpeg image: its content is png."),
        ("logo.svg", SVG, "This image format is not accepted. Accepted formats: AVIF, GIF, JPG, JPEG, PNG, WEBP."),
        ("anh.bmp", b"BM" + b"\0" * 60, "This image format is not accepted."),
    ],
    ids=["html-as-png", "text-as-png", "png-as-jpg", "svg", "bmp"],
)
def test_a_file_that_is_not_an_accepted_image_is_refused(admin_client, media_root, name, data, message):
    response = add_image(admin_client, name, data)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert message.split(":")[0] in response.content.decode()
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_an_image_over_the_size_limit_is_refused(admin_client, media_root):
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * MB
    data = png_bytes(padding=10 * MB + 1 - len(png_bytes()))

    response = add_image(admin_client, "anh-lon.png", data)

    assert response.context["form"].errors["file"] == [
        "This file is too large (10.0\xa0MB): the maximum is 10.0\xa0MB."
    ]
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_an_image_over_the_pixel_limit_is_refused(admin_client, media_root):
    # 8000 × 5001 black-and-white pixels: a few kilobytes of PNG, 40,008,000 pixels to decode.
    response = add_image(admin_client, "ban-do.png", png_bytes((8000, 5001), mode="1"))

    assert response.context["form"].errors["file"] == [
        "This image has too many pixels (40008000): the maximum is 40000000. Make it smaller and upload it again."
    ]
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_the_multiple_image_upload_refuses_a_fake_image_and_takes_a_real_one(admin_client, media_root):
    url = reverse("wagtailimages:add_multiple")

    refused = admin_client.post(url, {"files[]": SimpleUploadedFile("anh.png", HTML_PAGE)}, headers=AJAX)
    assert refused.json()["success"] is False
    assert "This is not a real .png image" in refused.json()["error_message"]
    assert not Image.objects.exists() and not UploadedFile.objects.exists()
    assert stored_files(media_root) == []

    accepted = admin_client.post(url, {"files[]": SimpleUploadedFile("anh.png", png_bytes())}, headers=AJAX)
    assert accepted.json()["success"] is True
    assert Image.objects.get().pk == accepted.json()["image_id"]


def test_image_errors_and_help_are_in_vietnamese_by_default(vietnamese_client, media_root):
    page = vietnamese_client.get(reverse("wagtailimages:add"))
    assert "Định dạng được nhận: AVIF, GIF, JPG, JPEG, PNG, WEBP. Dung lượng tối đa: 10,0" in page.content.decode()

    response = add_image(vietnamese_client, "anh.jpg", png_bytes())

    assert response.context["form"].errors["file"] == [
        "Đây không phải là ảnh .jpeg thật: nội dung của tệp có định dạng png. "
        "Hãy tải lên ảnh đúng như khi được lưu, không đổi tên đuôi tệp."
    ]
    assert not Image.objects.exists()


# Documents -------------------------------------------------------------------------------------


def add_document(client, name, data):
    return client.post(reverse("wagtaildocs:add"), {"title": "Tài liệu", "file": SimpleUploadedFile(name, data)})


def test_every_accepted_document_type_has_a_sample_below():
    assert list(GOOD_DOCUMENTS) == settings.WAGTAILDOCS_EXTENSIONS
    assert set(settings.WAGTAILDOCS_EXTENSIONS) <= set(CONTENT_CHECKS)


@pytest.mark.parametrize("extension", list(GOOD_DOCUMENTS))
def test_a_real_document_of_each_accepted_type_is_accepted(admin_client, media_root, extension):
    response = add_document(admin_client, f"tai-lieu.{extension}", GOOD_DOCUMENTS[extension])

    assert response.status_code == 302
    document = Document.objects.get()
    assert stored_files(media_root) == [f"documents/{document.filename}"]
    with document.open_file() as stored:
        assert stored.read() == GOOD_DOCUMENTS[extension]


@pytest.mark.parametrize(("name", "data", "message"), BAD_DOCUMENTS, ids=[case[0] for case in BAD_DOCUMENTS])
def test_a_document_of_another_type_or_content_is_refused(admin_client, media_root, name, data, message):
    response = add_document(admin_client, name, data)

    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1 and message in errors[0]  # the reason only, no "File extension “”"
    assert message.split("“")[0] in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


def test_a_document_over_the_size_limit_is_refused(admin_client, media_root):
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 20 * MB
    data = pdf_bytes()
    data += b"\n" * (20 * MB + 1 - len(data))

    response = add_document(admin_client, "giao-trinh.pdf", data)

    assert response.context["form"].errors["file"] == [
        "This file is too large (20.0\xa0MB): the maximum is 20.0\xa0MB."
    ]
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


def test_the_multiple_document_upload_checks_the_content(admin_client, media_root):
    url = reverse("wagtaildocs:add_multiple")

    refused = admin_client.post(url, {"files[]": SimpleUploadedFile("bao-cao.pdf", HTML_PAGE)}, headers=AJAX)
    assert refused.json() == {
        "success": False,
        "error_message": "This is not a real .pdf file: its content does not match its name. "
        "Upload the file as it was saved, without renaming it.",
    }
    assert not Document.objects.exists() and not UploadedFile.objects.exists()
    assert stored_files(media_root) == []

    accepted = admin_client.post(url, {"files[]": SimpleUploadedFile("bao-cao.pdf", pdf_bytes())}, headers=AJAX)
    assert accepted.json()["success"] is True
    assert Document.objects.get().pk == accepted.json()["doc_id"]


def test_the_choosers_upload_checks_the_content(admin_client, media_root):
    url = reverse("wagtaildocs_chooser:create")
    fields = {"document-chooser-upload-title": "Báo cáo"}

    refused = admin_client.post(url, {**fields, "document-chooser-upload-file": SimpleUploadedFile("a.pdf", HTML_PAGE)})
    assert refused.json()["step"] == "reshow_creation_form"
    assert MISMATCH in refused.json()["htmlFragment"]
    assert not Document.objects.exists()
    assert stored_files(media_root) == []

    accepted = admin_client.post(
        url, {**fields, "document-chooser-upload-file": SimpleUploadedFile("a.pdf", pdf_bytes())}
    )
    assert accepted.json()["step"] == "chosen"
    assert Document.objects.get().title == "Báo cáo"


def test_editing_a_document_checks_a_new_file_and_keeps_the_old_one(admin_client):
    document = Document.objects.create(title="Giáo trình", file=ContentFile(pdf_bytes(), name="giao-trinh.pdf"))
    url = reverse("wagtaildocs:edit", args=[document.pk])

    refused = admin_client.post(url, {"title": "Giáo trình", "file": SimpleUploadedFile("moi.pdf", HTML_PAGE)})
    assert MISMATCH in refused.context["form"].errors["file"][0]
    document.refresh_from_db()
    assert document.filename == "giao-trinh.pdf"
    with document.open_file() as stored:
        assert stored.read().startswith(b"%PDF-")

    renamed = admin_client.post(url, {"title": "Giáo trình (bản 2)"})  # no new file: nothing to check
    assert renamed.status_code == 302
    document.refresh_from_db()
    assert document.title == "Giáo trình (bản 2)" and document.filename == "giao-trinh.pdf"


def test_document_errors_and_help_are_in_vietnamese_by_default(vietnamese_client, media_root):
    page = vietnamese_client.get(reverse("wagtaildocs:add"))
    assert "Loại tệp được nhận: pdf, docx, xlsx, pptx, odt, ods, odp, txt, csv. Dung lượng tối đa: 20,0" in (
        page.content.decode()
    )

    mismatch = add_document(vietnamese_client, "bao-cao.pdf", HTML_PAGE)
    old = add_document(vietnamese_client, "van-ban.doc", OLE_MAGIC)
    text = add_document(vietnamese_client, "ghi-chu.txt", b"\x00\x01")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", 1000)
        large = add_document(vietnamese_client, "lon.pdf", pdf_bytes() + b"\n" * 1000)

    assert mismatch.context["form"].errors["file"] == [
        "Đây không phải là tệp .pdf thật: nội dung không khớp với tên tệp. "
        "Hãy tải lên tệp đúng như khi được lưu, không đổi tên đuôi tệp."
    ]
    assert old.context["form"].errors["file"] == [
        "Không nhận tệp Office định dạng cũ (.doc, .xls, .ppt): hãy lưu tệp dưới dạng .docx, .xlsx hoặc "
        ".pptx, hoặc PDF, rồi tải lên lại."
    ]
    assert text.context["form"].errors["file"] == [
        "Tệp này không phải văn bản thuần mã UTF-8. Hãy lưu tệp dưới dạng UTF-8 (trong Excel: “CSV UTF-8”) "
        "rồi tải lên lại."
    ]
    assert large.context["form"].errors["file"][0].startswith("Tệp này quá lớn (")
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("name", "disposition"),
    [("giao-trinh.pdf", "inline"), ("bai-tap.docx", "attachment"), ("ghi-chu.txt", "attachment")],
)
def test_documents_are_served_as_attachments_except_pdfs_and_never_sniffed(admin_client, name, disposition):
    data = GOOD_DOCUMENTS[name.rsplit(".", 1)[1]]
    # In no page yet: for those who may change it (tests/test_lesson_documents.py).
    document = Document.objects.create(title=name, file=ContentFile(data, name=name))

    response = admin_client.get(document.url)

    assert response.status_code == 200
    assert response["Content-Disposition"].split(";")[0] == disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert b"".join(response.streaming_content) == data


# Import sheets ---------------------------------------------------------------------------------

XLSX_TEXT = "This file could not be read as an Excel workbook (.xlsx)."
CSV_TEXT = "This CSV file could not be read. Save it as “CSV UTF-8” and upload it again."
SHEET_TYPES = "Upload an Excel workbook (.xlsx) or a CSV file (.csv)."
OLD_EXCEL = "Old Excel files (.xls) cannot be read: save the sheet as .xlsx and upload it again."

BAD_SHEETS = [
    ("nhan-su.xlsx", "Họ và tên,Email\n".encode(), XLSX_TEXT),  # a CSV file renamed
    ("nhan-su.xlsx", HTML_PAGE, XLSX_TEXT),
    ("nhan-su.csv", xlsx_bytes(), CSV_TEXT),  # a workbook renamed: binary
    ("nhan-su.csv", "Họ và tên\x00,Email\n".encode(), CSV_TEXT),
    ("nhan-su.txt", png_bytes(), CSV_TEXT),
    ("nhan-su.docx", xlsx_bytes(), SHEET_TYPES),
    ("nhan-su.zip", xlsx_bytes(), SHEET_TYPES),
    ("nhan-su", xlsx_bytes(), SHEET_TYPES),
    ("nhan-su.doc", OLE_MAGIC, SHEET_TYPES),
    ("nhan-su.html", HTML_PAGE, SHEET_TYPES),
    ("nhan-su.xls", xlsx_bytes(), OLD_EXCEL),
    ("nhan-su.csv", OLE_MAGIC, OLD_EXCEL),  # an old workbook renamed
]

VIETNAMESE = {
    XLSX_TEXT: "Không đọc được tệp này dưới dạng tệp Excel (.xlsx).",
    CSV_TEXT: "Không đọc được tệp CSV này.",
    SHEET_TYPES: "Hãy tải lên tệp Excel (.xlsx) hoặc tệp CSV (.csv).",
    OLD_EXCEL: "Không đọc được tệp Excel định dạng cũ (.xls)",
}


@pytest.mark.parametrize(("name", "data", "message"), BAD_SHEETS, ids=[case[0] for case in BAD_SHEETS])
def test_a_sheet_is_read_by_its_extension_and_its_content_must_agree(name, data, message):
    with pytest.raises(ValidationError) as refused:
        read_rows(name, data, max_rows=10)
    assert refused.value.messages == [message]

    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        read_rows(name, data, max_rows=10)
    assert refused.value.messages[0].startswith(VIETNAMESE[message])


def test_a_workbook_and_a_csv_file_are_read():
    rows = [["Họ và tên", "Email"], ["Nguyễn Thị Lan", "lan@example.vn"]]

    assert read_rows("nhan-su.xlsx", xlsx_bytes(rows), max_rows=10) == rows
    assert read_rows("nhan-su.csv", "Họ và tên,Email\nNguyễn Thị Lan,lan@example.vn\n".encode(), max_rows=10) == rows
    assert read_rows("nhan-su.txt", to_cp1258("Họ và tên;Email\nNguyễn Thị Lan;lan@example.vn\n"), max_rows=10) == rows


def import_snapshot():
    return (
        get_user_model().objects.count(),
        StaffProfile.objects.count(),
        Question.objects.count(),
    )


@pytest.mark.parametrize("url", ["/admin/people/import/", "/admin/quizzes/import/"])
@pytest.mark.parametrize(
    ("name", "data", "message"), [BAD_SHEETS[0], BAD_SHEETS[2], BAD_SHEETS[5]], ids=["xlsx", "csv", "type"]
)
def test_an_unreadable_sheet_is_refused_in_vietnamese_and_writes_nothing(
    vietnamese_client, media_root, url, name, data, message
):
    before = import_snapshot()

    response = vietnamese_client.post(url, {"file": SimpleUploadedFile(name, data)})

    assert response.status_code == 200
    assert response.context["form"].errors["file"][0].startswith(VIETNAMESE[message])
    assert VIETNAMESE[message] in response.content.decode()
    assert "confirm_form" not in response.context
    assert import_snapshot() == before
    assert stored_files(media_root) == []  # nothing kept for a confirmation


def test_the_import_command_refuses_an_unreadable_sheet_in_vietnamese(tmp_path, db):
    path = tmp_path / "nhan-su.xlsx"
    path.write_text("Họ và tên,Email\n")
    before = import_snapshot()

    with translation.override("vi"), pytest.raises(CommandError) as refused:
        call_command("import_staff", str(path))

    assert str(refused.value) == f"{path}: {VIETNAMESE[XLSX_TEXT]}"
    assert import_snapshot() == before


def test_the_multiple_upload_page_tells_the_accepted_types_and_size(admin_client):
    page = admin_client.get(reverse("wagtaildocs:add_multiple"))

    assert "Accepted types: pdf, docx, xlsx, pptx, odt, ods, odp, txt, csv. Maximum size: 20.0" in page.content.decode()
