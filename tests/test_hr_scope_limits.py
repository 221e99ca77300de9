"""An HR scope opens staff and records only to a user in the HR role (``people.work_in_hr_scope``),
and only those of its institutions, even to HR given more permissions in Wagtail's group editor."""

from django.contrib.auth.models import Group, Permission

from courses.models import Enrolment
from people.models import HRScope, StaffProfile
from people.roles import TRAINERS

from .conftest import client_for, make_course, make_user

RECORDS = "/admin/completion-records/"


def grant(user, *dotted):
    group = Group.objects.create(name=f"custom-{user.username}")
    for name in dotted:
        app_label, codename = name.split(".")
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    user.groups.add(group)


# A trainer keeps the HR scope of a role taken away -----------------------------------------------


def test_a_trainer_no_longer_in_hr_does_not_see_records_of_a_left_over_hr_scope(units, course_index):
    """Before the fold, an HR scope counted only for members of HR: taking someone out of the HR
    group withdrew their view of its staff. Now the scope row alone decides, so a trainer who was
    once HR sees the records of another trainer's course for every learner of that scope."""
    trainer = make_user("cuuhr", groups=[TRAINERS], profile={"full_name": "Cựu Tổ Chức"})
    HRScope.objects.create(user=trainer).institutions.add(units["library_a"])  # left from when they were HR
    other_course, _ = make_course(course_index, title="Khoá của người khác")
    learner = make_user("hocvien", profile={"full_name": "Học Viên A", "institution": units["library_a"]})
    Enrolment.objects.create(user=learner, course=other_course)

    content = client_for(trainer).get(RECORDS).content.decode()

    assert "Học Viên A" not in content


# Bulk actions reach outside the scope ----------------------------------------------------------------


def test_hr_granted_delete_in_the_group_editor_cannot_bulk_delete_staff_of_another_unit(hr, units):
    """The single delete screen 404s outside the scope (ScopedDeleteView), but Wagtail's bulk
    delete looked the ids up among every profile and asked only the model permission."""
    grant(hr, "people.delete_staffprofile")  # "HR may remove the people who left"
    outsider = make_user("xa", profile={"full_name": "Người Ngoài Phạm Vi", "institution": units["library_b"]})
    pk = outsider.staff_profile.pk
    client = client_for(hr)
    url = f"/admin/bulk/people/staffprofile/delete/?id={pk}"

    assert client.get(f"/admin/snippets/people/staffprofile/delete/{pk}/").status_code == 404
    client.get(url)
    client.post(url)

    assert StaffProfile.objects.filter(pk=pk).exists()
