"""Uploaded SCORM packages: what read_package() says of a good one, each refusal with the Vietnamese
message an editor sees, and extract_package() writing the files (and nothing, when it refuses)."""

import io
import secrets
import zipfile
from decimal import Decimal

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from scorm import packages
from scorm.packages import PackageError, PackageInfo, extract_package, read_package
from tests.scorm_builder import (
    launch_page,
    manifest_12,
    manifest_2004,
    scorm12_package,
    scorm2004_package,
    symlink,
    with_headers,
    zip_bytes,
)

NBSP = "\xa0"


def refusal(data):
    """The one Vietnamese message ``read_package`` refuses ``data`` with."""
    with translation.override("vi"), pytest.raises(PackageError) as refused:
        read_package(io.BytesIO(data))
    return refused.value.messages[0]


def package_with_manifest(manifest, *extra):
    return zip_bytes([("imsmanifest.xml", manifest), ("index.html", launch_page("1.2")), *extra])


def files_in(root):
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())


# What a good package says


def test_scorm_12_package():
    data = scorm12_package(title="An toàn cháy nổ", mastery_score=80)

    info = read_package(SimpleUploadedFile("lesson.zip", data, content_type="application/zip"))

    assert info == PackageInfo(
        version="1.2",
        title="An toàn cháy nổ",
        organisation="An toàn cháy nổ",
        item_title="An toàn cháy nổ",
        launch="index.html",
        launch_query="",
        mastery_score=Decimal("80"),
        file_count=2,
        unpacked_bytes=sum(entry.file_size for entry in zipfile.ZipFile(io.BytesIO(data)).infolist()),
    )


def test_scorm_2004_package_with_its_passing_score_as_a_percent():
    info = read_package(io.BytesIO(scorm2004_package(title="Bảo quản hiện vật", scaled_passing_score="0.75")))

    assert (info.version, info.title, info.launch, info.mastery_score) == (
        "2004",
        "Bảo quản hiện vật",
        "index.html",
        Decimal("75"),
    )


def test_without_a_mastery_score():
    assert read_package(io.BytesIO(scorm12_package())).mastery_score is None
    assert read_package(io.BytesIO(scorm2004_package())).mastery_score is None


def test_organisation_and_item_titles_are_told_apart():
    manifest = manifest_12(title="Khóa bảo tàng", item_title="Bài 1: Kiểm kê")

    info = read_package(io.BytesIO(package_with_manifest(manifest)))

    assert (info.title, info.organisation, info.item_title) == ("Khóa bảo tàng", "Khóa bảo tàng", "Bài 1: Kiểm kê")


def test_title_falls_back_to_the_first_item():
    info = read_package(io.BytesIO(package_with_manifest(manifest_12(title="", item_title="Bài 1"))))

    assert (info.title, info.organisation) == ("Bài 1", "")


@pytest.mark.parametrize(
    ("manifest", "version"),
    [
        (manifest_12(schemaversion=None), "1.2"),
        (manifest_2004(schemaversion=None), "2004"),
        (manifest_2004(schemaversion="2004 3rd Edition"), "2004"),
        (manifest_2004(schemaversion="CAM 1.3"), "2004"),
    ],
)
def test_version_from_schemaversion_or_adl_namespace(manifest, version):
    assert read_package(io.BytesIO(package_with_manifest(manifest))).version == version


def test_launch_resolved_against_xml_base_with_its_query_apart():
    manifest = manifest_2004(resources_base="content/", resource_base="bài một/", href="start.html?lang=vi")
    data = package_with_manifest(manifest, ("content/bài một/start.html", "<p>Bắt đầu</p>"))

    info = read_package(io.BytesIO(data))

    assert (info.launch, info.launch_query) == ("content/bài một/start.html", "lang=vi")


def test_item_parameters_join_the_launch_query():
    manifest = manifest_12(href="index.html?a=1").replace('isvisible="true"', 'parameters="?b=2"')

    assert read_package(io.BytesIO(package_with_manifest(manifest))).launch_query == "a=1&b=2"


def test_an_item_organising_others_is_not_the_launch():
    manifest = (
        manifest_12(item_title="Bài 1")
        .replace(
            '      <item identifier="ITEM-1"',
            '      <item identifier="MODULE"><title>Chương 1</title>\n      <item identifier="ITEM-1"',
        )
        .replace("      </item>", "      </item></item>")
    )

    info = read_package(io.BytesIO(package_with_manifest(manifest)))

    assert (info.title, info.item_title, info.launch) == ("Bài học thử", "Bài 1", "index.html")


# Refusals of the archive


def test_refuses_a_file_that_is_not_a_zip():
    assert refusal(b"%PDF-1.7 not a zip") == (
        "Tệp tải lên không phải tệp .zip hợp lệ. Hãy xuất bài học từ công cụ soạn bài dưới dạng gói SCORM (.zip) "
        "rồi tải lên lại."
    )


def test_refuses_an_upload_over_the_size_limit(settings):
    settings.LMS_SCORM_MAX_UPLOAD_BYTES = 100

    assert refusal(scorm12_package()) == (
        f"Gói lớn hơn 100{NBSP}byte. Hãy giảm dung lượng video và hình ảnh trong bài học, "
        "hoặc đề nghị quản trị viên nâng giới hạn."
    )


def test_refuses_too_many_files(settings):
    settings.LMS_SCORM_MAX_FILES = 2

    assert refusal(scorm12_package(extra_files=[("style.css", "body {}")])) == (
        "Gói có hơn 2 tệp. Hãy bỏ các tệp bài học không dùng đến, hoặc đề nghị quản trị viên nâng giới hạn."
    )


def test_refuses_a_package_too_large_unpacked(settings):
    settings.LMS_SCORM_MAX_UNPACKED_BYTES = 10_000

    assert refusal(scorm12_package(extra_files=[("video.mp4", secrets.token_bytes(10_000))])) == (
        f"Khi giải nén, gói sẽ chiếm hơn 9,8{NBSP}KB. Hãy giảm dung lượng video và hình ảnh trong bài học, "
        "hoặc đề nghị quản trị viên nâng giới hạn."
    )


def test_refuses_a_zip_bomb_entry():
    assert refusal(scorm12_package(extra_files=[("data.bin", bytes(2 * 1024 * 1024))])) == (
        "Tệp “data.bin” trong gói bị nén hơn 200 lần, điều chỉ gặp ở các tệp nén độc hại, nên gói bị từ chối. "
        "Hãy xuất lại gói từ công cụ soạn bài."
    )


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("/etc/cron.d/x", "/etc/cron.d/x"),
        ("C:\\Windows\\x.html", "C:\\Windows\\x.html"),
        ("C:/x.html", "C:/x.html"),
        ("\\\\server\\share\\x.html", "\\\\server\\share\\x.html"),
        ("../x.html", "../x.html"),
        ("css/../../x.html", "css/../../x.html"),
        ("css\\x.css", "css\\x.css"),
        ("css//x.css", "css//x.css"),
        ("a\x1bb.html", "a\\x1bb.html"),
    ],
)
def test_refuses_entry_names_that_escape_the_package(name, shown):
    assert refusal(scorm12_package(extra_files=[(name, "x")])) == (
        f"Gói có tên tệp không được phép: “{shown}”. Tên tệp phải là đường dẫn bên trong gói, không chứa “..”, "
        "dấu gạch chéo ngược hay ký tự điều khiển. Hãy xuất lại gói từ công cụ soạn bài."
    )


def test_refuses_a_name_with_a_nul_byte():
    # zipfile cuts names at NUL when writing, so the byte goes in afterwards.
    data = scorm12_package(extra_files=[("evil.html.png", "x")]).replace(b"evil.html.png", b"evil.html\x00png")

    assert "“evil.html\\x00png”" in refusal(data)


def test_refuses_a_symbolic_link():
    assert refusal(scorm12_package(extra_files=[symlink("passwd.html", "/etc/passwd")])) == (
        "Gói có liên kết tượng trưng (symbolic link) “passwd.html”, điều này không được phép. "
        "Hãy thay bằng chính tệp đó rồi tải gói lên lại."
    )


@pytest.mark.filterwarnings("ignore:Duplicate name")
@pytest.mark.parametrize("second", ["index.html", "INDEX.html"])
def test_refuses_duplicate_names_letter_case_aside(second):
    assert refusal(scorm12_package(extra_files=[(second, "<p>bản khác</p>")])) == (
        f"Tệp “{second}” xuất hiện nhiều lần trong gói (không phân biệt chữ hoa, chữ thường). "
        "Hãy bỏ bản trùng rồi tải gói lên lại."
    )


@pytest.mark.parametrize("folder_first", [False, True])
def test_refuses_a_name_that_is_both_a_file_and_a_folder(folder_first):
    entries = [("media/intro", "<p>a file</p>"), ("media/intro/clip.html", "<p>in a folder</p>")]
    extra = entries[::-1] if folder_first else entries

    assert refusal(scorm12_package(extra_files=extra)) == (
        "Tên “media/intro” trong gói vừa là một tệp vừa là một thư mục. Hãy đổi tên một trong hai rồi tải gói lên lại."
    )


def test_refuses_an_encrypted_entry():
    data = with_headers(scorm12_package(extra_files=[("secret.html", "x")]), "secret.html", flag_bits=0x1)

    assert refusal(data) == (
        "Tệp “secret.html” trong gói được bảo vệ bằng mật khẩu. Hãy tải lên gói không đặt mật khẩu."
    )


# Refusals of the manifest


def test_refuses_a_package_whose_manifest_is_in_a_folder():
    data = zip_bytes([("bai-hoc/imsmanifest.xml", manifest_12()), ("bai-hoc/index.html", launch_page("1.2"))])

    assert refusal(data) == (
        "Gói không có tệp imsmanifest.xml ở cấp ngoài cùng. Hãy nén nội dung bên trong thư mục bài học chứ không "
        "nén cả thư mục, hoặc xuất lại bài học dưới dạng gói SCORM."
    )


def test_refuses_a_huge_manifest():
    padding = f"<!-- {secrets.token_hex(1024 * 1024)} -->"
    manifest = manifest_12().replace("<metadata>", padding + "<metadata>")

    assert refusal(package_with_manifest(manifest)) == (
        f"Tệp imsmanifest.xml lớn hơn 2,0{NBSP}MB, vượt xa mức một bài học cần. Hãy kiểm tra lại việc xuất gói."
    )


def test_refuses_a_manifest_that_is_not_xml():
    message = refusal(package_with_manifest(manifest_12().replace("</manifest>", "")))

    assert message.startswith("Tệp imsmanifest.xml không phải XML hợp lệ (no element found: line ")
    assert message.endswith("). Hãy xuất lại gói từ công cụ soạn bài.")


def test_refuses_xml_entities_in_the_manifest():
    laughs = '<!DOCTYPE manifest [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n'
    manifest = manifest_12().replace("?>\n", "?>\n" + laughs).replace("<title>", "<title>&lol2;", 1)

    assert refusal(package_with_manifest(manifest)) == (
        "Tệp imsmanifest.xml khai báo thực thể XML (entity), điều bị từ chối vì lý do an toàn. "
        "Hãy xuất lại gói từ công cụ soạn bài."
    )


@pytest.mark.parametrize(
    "manifest",
    [
        "<html><body>index</body></html>",
        '<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="cp"><organizations/></manifest>',
    ],
)
def test_refuses_a_manifest_that_is_not_scorm(manifest):
    assert refusal(package_with_manifest(manifest)) == (
        "Tệp imsmanifest.xml không phải bản kê khai SCORM. Chỉ có thể tải lên gói SCORM 1.2 và SCORM 2004."
    )


def test_refuses_an_unknown_scorm_version():
    manifest = (
        '<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="cp">'
        "<metadata><schema>ADL SCORM</schema><schemaversion>1.1</schemaversion></metadata>"
        "</manifest>"
    )

    assert refusal(package_with_manifest(manifest)) == (
        "Tệp imsmanifest.xml khai báo phiên bản SCORM “1.1”, phiên bản này không được hỗ trợ. "
        "Hãy xuất gói theo SCORM 1.2 hoặc SCORM 2004 (ấn bản thứ 3 hoặc thứ 4)."
    )


def test_refuses_a_manifest_without_organisation():
    manifest = manifest_12()
    manifest = (
        manifest[: manifest.index("<organizations")] + "<organizations/>" + manifest[manifest.index("<resources") :]
    )

    assert refusal(package_with_manifest(manifest)) == (
        "Tệp imsmanifest.xml không có phần tổ chức (organization) nào, nên gói không có gì để phát. "
        "Hãy xuất lại gói từ công cụ soạn bài."
    )


def test_refuses_a_manifest_whose_items_launch_nothing():
    manifest = manifest_2004().replace('identifierref="RES-1"', 'identifierref="RES-404"')

    assert refusal(package_with_manifest(manifest)) == (
        "Không mục nào trong imsmanifest.xml khởi chạy một tài nguyên, nên gói không có gì để phát. "
        "Hãy xuất lại gói từ công cụ soạn bài."
    )


@pytest.mark.parametrize("manifest", [manifest_12(scos=3), manifest_2004(scos=3)])
def test_refuses_several_scos(manifest):
    assert refusal(package_with_manifest(manifest)) == (
        "Gói có 3 SCO, nhưng mỗi bài học chỉ phát đúng một SCO. "
        "Hãy tách thành mỗi SCO một gói và tạo mỗi gói thành một bài học riêng."
    )


@pytest.mark.parametrize(
    ("manifest", "shown"),
    [
        (manifest_12(href="https://example.com/lesson.html"), "https://example.com/lesson.html"),
        (manifest_12(href="//cdn.example.com/lesson.html"), "//cdn.example.com/lesson.html"),
        (manifest_12(href="javascript:alert(1)"), "javascript:alert(1)"),
        (manifest_12(href="/index.html"), "/index.html"),
        (manifest_12(href="../index.html"), "../index.html"),
        (manifest_12(href="css/%2E%2E/%2E%2E/index.html"), "css/%2E%2E/%2E%2E/index.html"),
        (manifest_2004(resources_base="http://example.com/"), "http://example.com/index.html"),
        (manifest_2004(resource_base="../"), "../index.html"),
    ],
)
def test_refuses_a_launch_outside_the_package(manifest, shown):
    assert refusal(package_with_manifest(manifest)) == (
        f"Tệp imsmanifest.xml khởi chạy “{shown}”, nằm ngoài gói. Bài học phải khởi chạy một tệp bên trong gói của nó."
    )


def test_refuses_a_launch_file_missing_from_the_package():
    assert refusal(package_with_manifest(manifest_12(href="Index.html"))) == (
        "Tệp khởi chạy “Index.html” ghi trong imsmanifest.xml không có trong gói. "
        "Hãy kiểm tra chính tả và chữ hoa, chữ thường, hoặc xuất lại gói."
    )


# Unpacking


def test_extracts_every_file_under_the_prefix(tmp_path):
    data = scorm12_package(extra_files=[("ảnh/sơ đồ.svg", "<svg/>"), ("css/", b""), ("css/bài.css", "p {}")])
    storage = FileSystemStorage(location=tmp_path)

    written = extract_package(io.BytesIO(data), storage, "scorm/42")

    assert written == 4
    assert files_in(tmp_path) == [
        "scorm/42/css/bài.css",
        "scorm/42/imsmanifest.xml",
        "scorm/42/index.html",
        "scorm/42/ảnh/sơ đồ.svg",
    ]
    assert (tmp_path / "scorm/42/ảnh/sơ đồ.svg").read_text() == "<svg/>"
    assert (tmp_path / "scorm/42/index.html").read_text() == launch_page("1.2")


def test_extraction_refuses_what_reading_refuses_and_writes_nothing(tmp_path):
    data = scorm12_package(extra_files=[("../x.html", "x")])

    with pytest.raises(PackageError):
        extract_package(io.BytesIO(data), FileSystemStorage(location=tmp_path), "scorm/1")

    assert files_in(tmp_path) == []


def test_extraction_stops_at_an_entry_larger_than_it_declares(tmp_path):
    # The central directory says 1000 bytes; the data unpacks to 3 MiB.
    data = with_headers(
        scorm12_package(extra_files=[("video.mp4", secrets.token_bytes(3 * 1024 * 1024))]), "video.mp4", file_size=1000
    )
    assert read_package(io.BytesIO(data)).unpacked_bytes < 100_000

    with translation.override("vi"), pytest.raises(PackageError) as refused:
        extract_package(io.BytesIO(data), FileSystemStorage(location=tmp_path), "scorm/1")

    assert refused.value.messages == [
        "Tệp “video.mp4” trong gói bị hỏng, không giải nén được. Hãy xuất lại gói rồi tải lên tệp .zip mới."
    ]
    assert files_in(tmp_path) == []


def test_extraction_counts_the_bytes_it_really_unpacks(settings, monkeypatch, tmp_path):
    # With the check of the declared sizes out of the way, the count while unpacking still stops it.
    monkeypatch.setattr(packages, "check_declared_sizes", lambda entries: None)
    settings.LMS_SCORM_MAX_UNPACKED_BYTES = 10_000
    data = scorm12_package(extra_files=[("video.mp4", secrets.token_bytes(10_000))])

    with translation.override("vi"), pytest.raises(PackageError) as refused:
        extract_package(io.BytesIO(data), FileSystemStorage(location=tmp_path), "scorm/1")

    assert refused.value.messages == [
        f"Khi giải nén, gói sẽ chiếm hơn 9,8{NBSP}KB. Hãy giảm dung lượng video và hình ảnh trong bài học, "
        "hoặc đề nghị quản trị viên nâng giới hạn."
    ]
    assert files_in(tmp_path) == []
