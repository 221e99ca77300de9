"""One permission system (issue 12): every screen asks a permission, the roles are groups found by
their role (not by their name), and what an administrator does in Wagtail's group editor is what
the screens then do."""

import html
import importlib
import json
import re

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from wagtail.test.utils.form_data import querydict_from_html
from wagtail.users.forms import GroupForm

from courses import trainers
from people import checks, roles
from people.models import RoleGroup, StaffProfile

from .conftest import client_for, make_user

OUR_APPS = ("people", "courses", "quizzes", "certificates", "classes", "reports")
ASSIGNMENTS = "/admin/assignments/"
ASSIGN = "/admin/assignments/new/"
TRAINING_REPORT = "/admin/training-report/"


def permission(dotted):
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def menu_urls(page):
    """The URLs of the admin's sidebar menu items on ``page`` (Wagtail renders the menu from
    JSON props)."""
    props = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', page, re.S)
    return set(re.findall(r'"url": "([^"]+)"', json.dumps(json.loads(html.unescape(props.group(1))))))


def group_edit_form(client, group):
    url = f"/admin/groups/edit/{group.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    return url, response.text, querydict_from_html(response.text, form_id="w-editor-form").copy()


# Renaming a role's group ---------------------------------------------------------------------------


def test_a_renamed_hr_group_keeps_its_role(hr, units):
    group = roles.role_group(roles.HR)
    group.name = "Tổ chức cán bộ"
    group.save()

    call_command("migrate", verbosity=0, interactive=False)  # post_migrate: ensure_role_groups

    assert not Group.objects.filter(name=roles.role_group_name(roles.HR)).exists()
    assert "courses.view_enrolment" in {
        f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name="Tổ chức cán bộ").permissions.all()
    }
    client = client_for(hr)
    assert client.get(ASSIGNMENTS).status_code == 200
    assert client.get(TRAINING_REPORT).status_code == 200


def test_the_migration_adopts_the_role_groups_it_finds_but_not_a_host_group_without_our_permissions(db):
    """Upgrading: the groups made by an earlier version hold permissions of our apps, and are
    adopted; a group of the same name that holds none is the host site's, and is left alone."""
    migration = importlib.import_module("people.migrations.0007_role_groups")
    for row in RoleGroup.objects.select_related("group"):  # as an earlier version named them
        row.group.name = row.role
        row.group.save()
    RoleGroup.objects.all().delete()
    host_admins = Group.objects.get(name=roles.PROVINCIAL_ADMINS)
    host_admins.permissions.clear()

    migration.adopt_role_groups(apps, None)

    adopted = dict(RoleGroup.objects.values_list("role", "group__name"))
    assert adopted == {roles.TRAINERS: roles.TRAINERS, roles.HR: roles.HR}


def test_a_host_group_named_like_a_role_is_not_merged(db, capsys):
    """A fresh install into a site that already has a group named like the HR role's: the HR role
    gets a group of its own under another name, and the host's group gains nothing."""
    name = roles.role_group_name(roles.HR)  # "Phụ trách tổ chức cán bộ"
    roles.role_group(roles.HR).delete()  # ours, and with it the role's record
    host_group = Group.objects.create(name=name)
    host_member = make_user("nhan-su-cua-site")
    host_member.groups.add(host_group)

    roles.ensure_role_groups(verbosity=1)

    ours = RoleGroup.objects.get(role=roles.HR).group
    assert ours.name == f"{name} (LMS)"
    assert f"{name} (LMS)" in capsys.readouterr().out
    assert not host_group.permissions.exists()
    assert not host_member.has_perm("courses.view_enrolment")
    assert ours.permissions.filter(codename="view_enrolment").exists()
    warnings = checks.role_groups(app_configs=None, databases=["default"])
    assert [warning.id for warning in warnings] == ["people.W001"]
    assert f"{name} (LMS)" in warnings[0].msg

    roles.ensure_role_groups(verbosity=0)

    assert Group.objects.filter(name__startswith=name).count() == 2


def test_a_permission_added_to_the_roles_reaches_their_groups_at_the_next_migrate(db):
    hr_group = RoleGroup.objects.get(role=roles.HR)
    hr_group.group.permissions.remove(permission("reports.view_training_report"))
    hr_group.granted.remove("reports.view_training_report")  # as if a new version added it
    hr_group.save()

    roles.ensure_role_groups(verbosity=0)

    assert hr_group.group.permissions.filter(codename="view_training_report").exists()


def test_no_warning_when_each_role_has_its_own_name(db):
    assert checks.role_groups(app_configs=None, databases=["default"]) == []


# Granting in Wagtail's group editor -------------------------------------------------------------------


def test_every_permission_the_roles_hold_is_offered_in_the_group_editor(db):
    offered = {f"{p.content_type.app_label}.{p.codename}" for p in GroupForm().fields["permissions"].queryset}
    ours = {
        dotted for perms in roles.GROUP_PERMISSIONS.values() for dotted in perms if dotted.split(".")[0] in OUR_APPS
    }

    assert ours - offered == set()


def test_granting_the_training_report_in_the_group_editor_opens_it(superuser, units):
    group = Group.objects.create(name="Phòng thống kê")
    group.permissions.add(permission("wagtailadmin.access_admin"))
    statistician = make_user("thongke", groups=[group.name])
    assert client_for(statistician).get(TRAINING_REPORT).status_code in (302, 403)
    report = permission("reports.view_training_report")
    admin = client_for(superuser)
    url, page, data = group_edit_form(admin, group)
    assert re.search(rf'name="permissions"[^>]*value="{report.pk}"', page), "not offered in the group editor"
    data.appendlist("permissions", str(report.pk))

    response = admin.post(url, dict(data.lists()))

    assert response.status_code == 302
    assert set(group.permissions.values_list("codename", flat=True)) == {"access_admin", "view_training_report"}
    client = client_for(statistician)
    assert client.get(TRAINING_REPORT).status_code == 200
    assert TRAINING_REPORT in menu_urls(client.get("/admin/").text)


def test_withdrawing_view_enrolment_from_hr_hides_the_assignment_list(hr, units):
    client = client_for(hr)
    assert ASSIGNMENTS in menu_urls(client.get("/admin/").text)

    RoleGroup.objects.get(role=roles.HR).group.permissions.remove(permission("courses.view_enrolment"))
    call_command("migrate", verbosity=0, interactive=False)  # grants each permission once: stays withdrawn

    client = client_for(hr)
    assert client.get(ASSIGNMENTS).status_code in (302, 403)
    urls = menu_urls(client.get("/admin/").text)
    assert ASSIGNMENTS not in urls
    assert ASSIGN in urls  # assigning is another permission, still held
    assert client.get(ASSIGN).status_code == 200


# The roles that are permissions ----------------------------------------------------------------------


def test_province_wide_scope_is_a_permission(db, units):
    staff = make_user("nv", profile={"full_name": "Đỗ Văn Đại", "institution": units["library_b"]})
    group = Group.objects.create(name="Thanh tra Sở")
    overseer = make_user("thanhtra", groups=[group.name])
    assert roles.institutions_in_scope(overseer) == set()

    group.permissions.add(permission("people.oversee_province"))
    overseer = type(overseer).objects.get(pk=overseer.pk)  # a new request

    assert roles.institutions_in_scope(overseer) is None
    assert staff.staff_profile in StaffProfile.objects.visible_to(overseer)


def test_who_may_train_a_course_is_a_permission(db, superuser):
    group = Group.objects.create(name="Cộng tác viên giảng dạy")
    guest = make_user("khachmoi", groups=[group.name])
    assert guest not in trainers.trainer_accounts()

    group.permissions.add(permission("courses.train_course"))

    assert guest in trainers.trainer_accounts()
    assert guest in trainers.candidates()
    assert superuser not in trainers.trainer_accounts()  # every permission, but not picked as a trainer
