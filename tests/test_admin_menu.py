"""The admin's sidebar (issue 14): one "Training" menu holding the LMS screens, each item shown
to those with its permission (staff_lms.menu), and Wagtail's page reports kept for site-wide
page editors (staff_lms.site_reports)."""

import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from wagtail.models import GroupPagePermission, Page

from .conftest import client_for, make_user
from .sidebar import sidebar

# What each role finds in the Training menu, in its order (the bands of staff_lms.menu).
STAFF = "/admin/snippets/people/staffprofile/"
IMPORT_STAFF = "/admin/people/import/"
INSTITUTIONS = "/admin/snippets/people/institution/"
UNITS = "/admin/snippets/people/administrativeunit/"
HR_SCOPES = "/admin/snippets/people/hrscope/"
ASSIGN = "/admin/assignments/new/"
ASSIGNED = "/admin/assignments/"
MATRIX = "/admin/assignments/matrix/"
COURSE_TRAINERS = "/admin/course-trainers/"
CLASSES = "/admin/snippets/classes/trainingclass/"
QUESTIONS = "/admin/snippets/quizzes/question/"
QUIZZES = "/admin/snippets/quizzes/quiz/"
CATEGORIES = "/admin/snippets/quizzes/category/"
IMPORT_QUESTIONS = "/admin/quizzes/import/"
MARKING = "/admin/quizzes/marking/"
STATISTICS = "/admin/quizzes/statistics/"
SCORM_RESULTS = "/admin/scorm/results/"
CERTIFICATES = "/admin/snippets/certificates/certificate/"
COMPLETION_RECORDS = "/admin/completion-records/"
TRAINING_REPORT = "/admin/training-report/"
AUDIT_TRAIL = "/admin/snippets/people/auditentry/"

TRAINING_MENU = {
    "trainer": [
        CLASSES,
        QUESTIONS,
        QUIZZES,
        CATEGORIES,
        IMPORT_QUESTIONS,
        MARKING,
        STATISTICS,
        SCORM_RESULTS,
        CERTIFICATES,
        COMPLETION_RECORDS,
    ],
    "hr": [
        STAFF,
        IMPORT_STAFF,
        INSTITUTIONS,
        UNITS,
        ASSIGN,
        ASSIGNED,
        MATRIX,
        CLASSES,
        CERTIFICATES,
        COMPLETION_RECORDS,
        TRAINING_REPORT,
    ],
    "provincial_admin": [
        STAFF,
        IMPORT_STAFF,
        INSTITUTIONS,
        UNITS,
        HR_SCOPES,
        ASSIGN,
        ASSIGNED,
        MATRIX,
        COURSE_TRAINERS,
        CLASSES,
        QUESTIONS,
        QUIZZES,
        CATEGORIES,
        IMPORT_QUESTIONS,
        MARKING,
        STATISTICS,
        SCORM_RESULTS,
        CERTIFICATES,
        COMPLETION_RECORDS,
        TRAINING_REPORT,
        AUDIT_TRAIL,
    ],
}

# Wagtail's page reports (wagtail/admin/urls/reports.py) refused to all but site-wide page editors.
REFUSED_REPORTS = [
    f"/admin/reports/{path}"
    for report in ("locked", "workflow", "workflow_tasks", "aging-pages", "page-types-usage")
    for path in (f"{report}/", f"{report}/results/")
]
SITE_HISTORY = "/admin/reports/site-history/"


def training_urls(menu):
    return [url for _name, _label, url in menu["training"][1]]


@pytest.mark.parametrize("role", ["trainer", "hr", "provincial_admin"])
def test_each_role_finds_its_screens_in_one_training_menu_in_the_order_of_the_work(request, role):
    user = request.getfixturevalue(role)

    menu = sidebar(user)

    assert menu["training"][0] == "Training"
    assert training_urls(menu) == TRAINING_MENU[role]
    for old_entry in ("people", "quizzes", "assignments", "classes", "certificates", "training-reports"):
        assert old_entry not in menu


def test_the_training_menu_is_in_vietnamese(hr):
    client = Client()  # the site's default language
    client.force_login(hr)

    menu = sidebar(hr, client)

    assert menu["training"][0] == "Đào tạo"
    assert [label for _name, label, _url in menu["training"][1]][:2] == ["Danh sách nhân sự", "Nhập danh sách nhân sự"]


def test_a_user_with_none_of_its_permissions_sees_no_training_menu(db):
    group = Group.objects.create(name="Chỉ vào trang quản trị")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = make_user("khach", groups=[group.name])

    assert "training" not in sidebar(user)


def test_a_single_permission_shows_its_item_alone(db):
    """Menus follow permissions, not roles: a group of one's own holding only the III.3 report."""
    group = Group.objects.create(name="Thống kê")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_training_report")
    )
    statistician = make_user("thongke", groups=[group.name])

    assert training_urls(sidebar(statistician)) == [TRAINING_REPORT]


def test_the_lms_snippets_are_not_listed_again_under_snippets(superuser):
    """Their menu items are registered (in the Training menu), so Wagtail's "Snippets" screen and
    breadcrumbs leave them out."""
    content = client_for(superuser).get("/admin/snippets/").text

    for url in (STAFF, QUESTIONS, CERTIFICATES, CLASSES):
        assert url not in content


# Wagtail's page reports ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["trainer", "hr", "provincial_admin"])
def test_page_reports_are_neither_in_the_menu_nor_open_to_lms_roles(request, role, course_index):
    """Trainers hold page permissions in the course catalogues, which Wagtail would take as enough
    for its workflow, aging pages and page types reports; HR officers and administrators none.
    The site history is left out of the menu too, and stays harmless by its URL: it lists only the
    records the user may see (tests/permission_rules.py checks it for every role)."""
    user = request.getfixturevalue(role)
    client = client_for(user)

    menu = sidebar(user)

    assert "reports" not in menu
    assert "/admin/reports/" not in json.dumps(menu)
    for url in REFUSED_REPORTS:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/", url
    assert "Sorry, you do not have permission to access this area." in client.get("/admin/").text


def test_superusers_keep_the_page_reports(superuser, course_index):
    menu = sidebar(superuser)

    report_urls = [url for _name, _label, url in menu["reports"][1]]
    assert "/admin/reports/workflow/" in report_urls and SITE_HISTORY in report_urls
    for url in REFUSED_REPORTS:
        assert client_for(superuser).get(url).status_code == 200, url


def test_a_group_that_publishes_every_page_gets_the_page_reports(db, course_index):
    """By permission, not by group name: "publish" on the root of the page tree."""
    moderators = Group.objects.create(name="Biên tập toàn trang")
    moderators.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page", "unlock_page"):
        GroupPagePermission.objects.create(
            group=moderators, page=Page.get_first_root_node(), permission=Permission.objects.get(codename=codename)
        )
    editor = make_user("bientap", groups=[moderators.name])

    report_names = [name for name, _label, _url in sidebar(editor)["reports"][1]]

    assert {"workflows", "aging-pages", "page-types-usage", "site-history", "locked-pages"} <= set(report_names)
    for url in REFUSED_REPORTS:
        assert client_for(editor).get(url).status_code == 200, url
