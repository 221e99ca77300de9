"""Wagtail's admin reads in Vietnamese: ``wagtail_vi`` carries a Vietnamese translation of every
message of the installed Wagtail's catalogues (the server's ``django`` domain and the admin
scripts' ``djangojs``), which Django finds before Wagtail's own, and the admin's JavaScript
catalogue serves it.

When Wagtail is upgraded, ``test_every_wagtail_message_has_vietnamese`` lists the new messages to
translate in ``wagtail_vi/locale/vi/LC_MESSAGES/`` (then ``manage.py compilemessages``).
"""

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
import wagtail
from django.core import checks
from django.test import Client
from django.utils import timezone, translation
from wagtail.admin.templatetags.wagtailadmin_tags import timesince_simple

from courses.blocks import LessonBodyBlock
from tests.test_translations import messages, parse_po, translations
from wagtail_vi.checks import translated_apps_before

WAGTAIL = Path(wagtail.__file__).parent
CATALOGUE = Path(__file__).resolve().parent.parent / "wagtail_vi" / "locale" / "vi" / "LC_MESSAGES"


def keys(entries):
    return {(entry.get("msgctxt"), entry["msgid"]) for entry in entries}


def wagtail_messages(domain):
    """Every message of the installed Wagtail's catalogues of ``domain``, by (context, msgid)."""
    found = set()
    for po in WAGTAIL.glob(f"**/locale/en/LC_MESSAGES/{domain}.po"):
        found |= keys(entry for entry in parse_po(po) if entry["msgid"])
    return found


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_wagtail_message_has_vietnamese(domain):
    translated = keys(entry for entry in messages(CATALOGUE / f"{domain}.po") if all(translations(entry)))
    wagtails = wagtail_messages(domain)

    missing = sorted(wagtails - translated, key=lambda key: key[1])
    print(f"{domain}: {len(wagtails) - len(missing)} of {len(wagtails)} Wagtail messages in Vietnamese")
    assert not missing, f"{len(missing)} Wagtail messages without Vietnamese: {missing}"


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [
        ("Save draft", "Lưu bản nháp"),
        ("More actions", "Thao tác khác"),
        ("Page title", "Tiêu đề trang"),
        ("Add child page", "Thêm trang con"),
        ("Images", "Hình ảnh"),
        ("Documents", "Tài liệu"),
        ("Snippets", "Mẩu nội dung"),
        ("Help", "Trợ giúp"),
        ("Search all pages…", "Tìm trong tất cả các trang…"),
        ("Inspect", "Xem chi tiết"),
        ("Settings", "Cài đặt"),
        ("Unpublish", "Ngừng xuất bản"),
    ],
)
def test_wagtails_words_read_in_vietnamese(english, vietnamese):
    with translation.override("vi"):
        assert translation.gettext(english) == vietnamese


def test_wagtails_sentences_read_in_vietnamese():
    with translation.override("vi"):
        assert translation.gettext("Choose %(object)s") % {"object": "câu hỏi"} == "Chọn câu hỏi"
        for count in (1, 3):
            found = translation.ngettext("There is %(counter)s match", "There are %(counter)s matches", count)
            assert found % {"counter": count} == f"Có {count} kết quả phù hợp"
        page = translation.gettext("Page %(page_num)s of %(total_pages)s")
        assert page % {"page_num": 1, "total_pages": 1} == "Trang 1/1"
        # Django's own Vietnamese has no "%(num)d hour" (only an older "%d hour"): the catalogue adds it.
        assert timesince_simple(timezone.now() - timedelta(hours=2, minutes=5)) == "2\xa0giờ trước"
        assert timesince_simple(timezone.now() - timedelta(days=8)) == "1\xa0tuần trước"


@pytest.mark.django_db
def test_the_admin_scripts_get_their_strings_in_vietnamese():
    response = Client().get("/admin/jsi18n/")  # loaded by the login page too

    assert response.status_code == 200
    script = response.content.decode()
    for english, vietnamese in [
        ("Collapse all", "Thu gọn tất cả"),
        ("More actions", "Thao tác khác"),
        ("Expand all", "Mở rộng tất cả"),
    ]:
        assert f"{json.dumps(english)}: {json.dumps(vietnamese)}" in script


@pytest.mark.django_db
def test_the_admin_login_labels_the_password_in_vietnamese():
    html = Client().get("/admin/login/").content.decode()

    label = re.search(r'<label[^>]* for="id_password"[^>]*>\s*([^<]*)', html)
    assert label and label.group(1).strip() == "Mật khẩu"  # Wagtail leaves Django's "Password"


def test_lesson_blocks_are_labelled_with_a_capital_letter():
    def labels(block):
        for child in getattr(block, "child_blocks", {}).values():
            yield child.label
            yield from labels(child)

    with translation.override("vi"):
        found = [str(label) for label in labels(LessonBodyBlock())]
    assert "Văn bản có định dạng" in found and "Tiêu đề" in found
    assert [label for label in found if not label[:1].isupper()] == []


def test_the_catalogue_is_found_only_when_listed_before_the_apps_it_translates():
    assert translated_apps_before(["courses", "wagtail_vi", "wagtail.admin", "wagtail", "django.contrib.auth"]) == []
    assert translated_apps_before(["wagtail.images", "taggit", "wagtail_vi", "wagtail"]) == ["wagtail.images"]
    assert translated_apps_before(["django.contrib.auth", "wagtail_vi"]) == ["django.contrib.auth"]


def test_this_site_lists_it_in_time():
    assert [message.id for message in checks.run_checks() if message.id.startswith("wagtail_vi.")] == []


# Labels Wagtail builds once, when its URLs load or a form class is first built, must follow the
# language of each request, not that of the process's first use.


def built_in_english_read_in_vietnamese(build):
    with translation.override("en"):
        labels = build()
    with translation.override("vi"):
        return [str(label) for label in labels]


def test_the_snippet_screens_home_breadcrumb_follows_the_request_language():
    from quizzes.models import Question

    viewset = Question.snippet_viewset
    labels = built_in_english_read_in_vietnamese(lambda: [item["label"] for item in viewset.breadcrumbs_items])
    assert labels[0] == "Trang chủ"


def test_a_snippet_choosers_buttons_follow_the_request_language():
    from wagtail.snippets.widgets import AdminSnippetChooser

    from quizzes.models import Question

    def build():
        widget = AdminSnippetChooser(Question)
        return [widget.choose_one_text, widget.choose_another_text, widget.link_to_chosen_text]

    assert built_in_english_read_in_vietnamese(build) == ["Chọn câu hỏi", "Chọn câu hỏi khác", "Sửa câu hỏi này"]


def test_a_page_choosers_button_names_its_page_type_in_the_request_language():
    from wagtail.admin.widgets import AdminPageChooser

    from courses.models import LessonPage

    labels = built_in_english_read_in_vietnamese(lambda: [AdminPageChooser(target_models=[LessonPage]).choose_one_text])
    assert labels == ["Chọn trang (Bài học)"]


def test_the_help_menus_whats_new_follows_the_request_language(rf, admin_user):
    from wagtail.admin.menu import help_menu

    request = rf.get("/admin/")
    request.user = admin_user
    with translation.override("en"):
        help_menu.menu_items_for_request(request)  # Wagtail builds its items on first use
    with translation.override("vi"):
        labels = [str(item.label) for item in help_menu.menu_items_for_request(request)]
    assert not [label for label in labels if "What's new" in label], labels
    assert "Có gì mới trong Wagtail 8.0" in labels, labels


def test_wagtails_starter_data_is_named_in_vietnamese_after_migrate(db):
    from django.contrib.auth.models import Group
    from wagtail.models import Collection, Page, Task, Workflow

    assert {"Biên tập viên", "Người duyệt"} <= set(Group.objects.values_list("name", flat=True))
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert list(Workflow.objects.values_list("name", flat=True)) == ["Duyệt nội dung"]
    assert list(Task.objects.values_list("name", flat=True)) == ["Duyệt nội dung"]
    assert Page.objects.get(depth=1).get_admin_display_title() == "Gốc"
    assert Collection.get_first_root_node().name == "Gốc"


def test_a_starter_name_an_administrator_changed_is_kept(db):
    from django.contrib.auth.models import Group
    from wagtail.models import Workflow

    from lms.starter_data import rename_starter_data

    Group.objects.filter(name="Biên tập viên").update(name="Editors")  # as if renamed back
    Workflow.objects.update(name="Duyệt bài của thư viện")

    rename_starter_data()

    assert Group.objects.filter(name="Biên tập viên").exists()  # English default: renamed
    assert list(Workflow.objects.values_list("name", flat=True)) == ["Duyệt bài của thư viện"]


def test_the_group_editor_names_our_custom_permissions_in_vietnamese(admin_client):
    from people.roles import HR, role_group

    page = admin_client.get(f"/admin/groups/edit/{role_group(HR).pk}/", HTTP_ACCEPT_LANGUAGE="vi").text

    assert "Được làm việc với hồ sơ nhân sự và kết quả học tập trong phạm vi quản lý của mình" in page
