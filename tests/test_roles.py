import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page
from wagtail.test.utils.form_data import querydict_from_html

from courses.models import CoursePage, LessonPage
from people import roles
from people.models import AdministrativeUnit, RoleGroup, StaffProfile

from .conftest import client_for, make_course, make_user

STAFF_LISTING = "/admin/snippets/people/staffprofile/"


def staff_edit_url(profile):
    return f"/admin/snippets/people/staffprofile/edit/{profile.pk}/"


@pytest.fixture
def staff(units):
    """One staff member in each institution of the ``units`` fixture."""
    return {
        key: make_user(username, profile={"full_name": full_name, "institution": units[key]}).staff_profile
        for key, username, full_name in [
            ("library_a", "nv-dai-tu", "Đỗ Văn Đại"),
            ("library_commune_a", "nv-hung-son", "Vũ Thị Sơn"),
            ("library_b", "nv-phu-luong", "Bùi Văn Lương"),
        ]
    }


def assert_denied(response):
    assert response.status_code in (302, 403, 404), response.status_code
    if response.status_code == 302:
        assert response["Location"] in ("/admin/", "/admin/login/") or response["Location"].startswith("/admin/login/?")


# Wagtail admin per role ---------------------------------------------------------------------


def test_learner_is_sent_to_admin_login(learner):
    response = client_for(learner).get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/"


def test_trainer_reaches_admin(trainer):
    assert client_for(trainer).get("/admin/").status_code == 200


@pytest.mark.parametrize("path", ["/admin/images/add/", "/admin/documents/multiple/add/"])
def test_trainer_and_administrator_upload_images_and_documents(trainer, provincial_admin, hr, path):
    """Wagtail checks these per collection: the groups hold them on the root collection."""
    for user in (trainer, provincial_admin):
        assert client_for(user).get(path).status_code == 200, user
    assert_denied(client_for(hr).get(path))


def test_ensure_role_groups_grants_media_on_the_root_collection(db):
    from wagtail.models import Collection, GroupCollectionPermission

    GroupCollectionPermission.objects.all().delete()
    roles.ensure_role_groups()
    roles.ensure_role_groups()

    granted = set(
        GroupCollectionPermission.objects.filter(collection=Collection.get_first_root_node()).values_list(
            "group__lms_role__role", "permission__codename"
        )
    )
    media = ("add_image", "choose_image", "add_document", "choose_document")
    assert granted == {(roles.TRAINERS, codename) for codename in media} | {
        (roles.PROVINCIAL_ADMINS, codename) for codename in (*media, "change_image", "change_document")
    }


def test_trainer_edits_own_images_but_not_the_certificate_signature(trainer, provincial_admin):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    signature = Image.objects.create(title="Chữ ký", file=get_test_image_file(), uploaded_by_user=provincial_admin)
    own = Image.objects.create(title="Ảnh bài học", file=get_test_image_file(), uploaded_by_user=trainer)
    client = client_for(trainer)

    assert client.get(f"/admin/images/{own.pk}/").status_code == 200
    assert_denied(client.get(f"/admin/images/{signature.pk}/"))
    assert_denied(client.post(f"/admin/images/{signature.pk}/delete/"))
    assert Image.objects.filter(pk=signature.pk).exists()
    assert client_for(provincial_admin).get(f"/admin/images/{signature.pk}/").status_code == 200


def test_trainer_opens_add_lesson_form_under_course(course_index, trainer):
    course, _lessons = make_course(course_index, 1, trainer=trainer)

    response = client_for(trainer).get(f"/admin/pages/add/courses/lessonpage/{course.pk}/")

    assert response.status_code == 200


def test_trainer_publishes_new_lesson(course_index, trainer):
    course, _lessons = make_course(course_index, 1, trainer=trainer)
    client = client_for(trainer)
    add_url = f"/admin/pages/add/courses/lessonpage/{course.pk}/"
    data = querydict_from_html(client.get(add_url).text, form_id="page-edit-form").copy()
    data["title"] = "Bài mới: Mục lục trực tuyến"
    data["slug"] = "muc-luc-truc-tuyen"
    data["body-count"] = "0"  # the StreamField's counter is added by the admin's JavaScript
    data["action-publish"] = "action-publish"

    response = client.post(add_url, data)

    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    lesson = LessonPage.objects.get(slug="muc-luc-truc-tuyen")
    assert lesson.live
    assert lesson.get_parent().pk == course.pk
    assert [item.title for item in course.lessons()][-1] == "Bài mới: Mục lục trực tuyến"


def test_trainer_edits_course(course_index, trainer):
    course, _lessons = make_course(course_index, 1, title="Tên cũ", trainer=trainer)
    client = client_for(trainer)
    edit_url = f"/admin/pages/{course.pk}/edit/"
    page = client.get(edit_url)
    assert page.status_code == 200
    data = querydict_from_html(page.text, form_id="page-edit-form").copy()
    data["title"] = "Tên mới của khoá học"
    data["action-publish"] = "action-publish"

    response = client.post(edit_url, data)

    assert response.status_code == 302
    assert CoursePage.objects.get(pk=course.pk).title == "Tên mới của khoá học"


def test_trainer_cannot_add_pages_outside_course_catalogues(course_index, trainer):
    welcome = Page.objects.get(depth=2, slug="home")

    response = client_for(trainer).get(f"/admin/pages/add/courses/courseindexpage/{welcome.pk}/")

    assert_denied(response)


def test_trainer_sees_no_hr_data(trainer, staff):
    client = client_for(trainer)

    for url in (STAFF_LISTING, staff_edit_url(staff["library_a"]), "/admin/snippets/people/hrscope/"):
        assert_denied(client.get(url))


def test_hr_sees_only_staff_of_its_scope(hr, staff):
    response = client_for(hr).get(STAFF_LISTING)

    assert response.status_code == 200
    assert "Đỗ Văn Đại" in response.text
    assert "Vũ Thị Sơn" in response.text  # commune under the HR officer's district
    assert "Bùi Văn Lương" not in response.text


def test_hr_can_edit_profile_in_scope(hr, staff):
    response = client_for(hr).get(staff_edit_url(staff["library_commune_a"]))

    assert response.status_code == 200


def test_hr_saves_profile_in_scope(hr, staff):
    client = client_for(hr)
    url = staff_edit_url(staff["library_a"])
    data = querydict_from_html(client.get(url).text, form_id="w-editor-form").copy()
    data["position"] = "Thủ thư"

    response = client.post(url, data)

    assert response.status_code == 302
    assert StaffProfile.objects.get(pk=staff["library_a"].pk).position == "Thủ thư"


def test_hr_staff_form_offers_only_its_institutions_and_accounts(hr, staff, superuser, provincial_admin, trainer):
    newcomer = make_user("moi")  # an account with no profile yet
    StaffProfile.objects.filter(user__in=[provincial_admin, trainer]).delete()

    form = client_for(hr).get("/admin/snippets/people/staffprofile/add/").context["form"]

    assert {i.code for i in form.fields["institution"].queryset} == {"tv-dai-tu", "bdvh-hung-son"}
    accounts = {user.username for user in form.fields["user"].queryset}
    assert {"moi", "nv-dai-tu", "nv-hung-son"} <= accounts
    assert not accounts & {"nv-phu-luong", superuser.username, provincial_admin.username, trainer.username}
    assert newcomer.username in accounts


def test_hr_cannot_move_staff_out_of_its_scope(hr, staff, units):
    client = client_for(hr)
    url = staff_edit_url(staff["library_a"])
    data = querydict_from_html(client.get(url).text, form_id="w-editor-form").copy()
    data["institution"] = str(units["library_b"].pk)

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert StaffProfile.objects.get(pk=staff["library_a"].pk).institution == units["library_a"]


def test_hr_cannot_edit_profile_outside_scope(hr, staff):
    client = client_for(hr)

    assert client.get(staff_edit_url(staff["library_b"])).status_code == 404
    assert client.post(staff_edit_url(staff["library_b"]), {"full_name": "Đã sửa"}).status_code == 404
    assert StaffProfile.objects.get(pk=staff["library_b"].pk).full_name == "Bùi Văn Lương"


def test_hr_cannot_manage_hr_scopes(hr):
    assert_denied(client_for(hr).get("/admin/snippets/people/hrscope/"))


def test_provincial_admin_sees_all_staff(provincial_admin, staff):
    response = client_for(provincial_admin).get(STAFF_LISTING)

    assert response.status_code == 200
    for name in ("Đỗ Văn Đại", "Vũ Thị Sơn", "Bùi Văn Lương"):
        assert name in response.text


def test_provincial_admin_edits_any_profile(provincial_admin, staff):
    response = client_for(provincial_admin).get(staff_edit_url(staff["library_b"]))

    assert response.status_code == 200


def test_provincial_admin_deletes_profile(provincial_admin, staff):
    client = client_for(provincial_admin)
    url = f"/admin/snippets/people/staffprofile/delete/{staff['library_b'].pk}/"

    assert client.get(url).status_code == 200
    response = client.post(url)

    assert response.status_code == 302
    assert not StaffProfile.objects.filter(pk=staff["library_b"].pk).exists()


# Groups and scope -------------------------------------------------------------------------------


def group_permissions(name):
    group = roles.role_group(name)
    return {
        f"{app}.{codename}" for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_migrate_gives_role_groups_their_permissions(db):
    """The groups as a fresh ``migrate`` leaves them (post_migrate), before any test change."""
    for name, permissions in roles.GROUP_PERMISSIONS.items():
        assert group_permissions(name) >= set(permissions), name


def test_ensure_role_groups_creates_missing_groups(db):
    Group.objects.filter(pk__in=RoleGroup.objects.values("group")).delete()

    roles.ensure_role_groups()
    roles.ensure_role_groups()

    # Named in the site's language; an administrator may rename them.
    assert sorted(RoleGroup.objects.values_list("group__name", flat=True)) == [
        "Giảng viên",
        "Phụ trách tổ chức cán bộ",
        "Quản trị cấp tỉnh",
    ]
    assert "people.change_staffprofile" in group_permissions(roles.HR)
    assert "people.change_hrscope" not in group_permissions(roles.HR)
    assert "people.delete_hrscope" in group_permissions(roles.PROVINCIAL_ADMINS)
    assert "wagtailadmin.access_admin" in group_permissions(roles.TRAINERS)


def visible_names(user):
    return set(StaffProfile.objects.visible_to(user).values_list("full_name", flat=True))


def test_visible_to_hr_is_its_scope(hr, staff):
    assert visible_names(hr) == {"Đỗ Văn Đại", "Vũ Thị Sơn"}


def test_visible_to_hr_scope_by_institution(hr, staff, units):
    hr.hr_scope.administrative_units.clear()
    hr.hr_scope.institutions.add(units["library_b"])

    assert visible_names(hr) == {"Bùi Văn Lương"}


def test_visible_to_hr_without_scope_is_nothing(db, staff):
    officer = make_user("tccb-moi", groups=[roles.HR])

    assert visible_names(officer) == set()


def test_visible_to_provincial_admin_and_superuser_is_everyone(provincial_admin, superuser, staff):
    everyone = set(StaffProfile.objects.values_list("full_name", flat=True))

    assert visible_names(provincial_admin) == everyone
    assert visible_names(superuser) == everyone


def test_visible_to_learner_and_trainer_is_nothing(learner, trainer, staff):
    assert visible_names(learner) == set()
    assert visible_names(trainer) == set()


def test_descendant_ids_include_the_unit_and_everything_below(units):
    assert AdministrativeUnit.descendant_ids([units["district_a"].pk]) == {
        units["district_a"].pk,
        units["commune_a"].pk,
    }
    assert AdministrativeUnit.descendant_ids([units["province"].pk]) == {
        units[key].pk for key in ("province", "district_a", "commune_a", "district_b")
    }
    assert AdministrativeUnit.descendant_ids([units["commune_a"].pk]) == {units["commune_a"].pk}
    assert AdministrativeUnit.descendant_ids([]) == set()


def test_descendant_ids_stops_on_a_cycle(units):
    AdministrativeUnit.objects.filter(pk=units["province"].pk).update(parent=units["commune_a"])

    assert AdministrativeUnit.descendant_ids([units["district_b"].pk]) == {units["district_b"].pk}
    assert len(AdministrativeUnit.descendant_ids([units["district_a"].pk])) == 4
