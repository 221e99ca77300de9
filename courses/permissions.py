"""Wagtail page permissions inside the course catalogue.

The Trainers group holds only "add" on each course catalogue (``signals.grant_trainer_page_permissions``):
a trainer may create a course there. Inside a course — the course page and its lessons — what a
trainer may do comes from training that course (``CourseTrainer``), which a provincial
administrator decides: its trainers edit, add lessons, publish, lock and unlock; another trainer
does nothing. Wagtail would otherwise let whoever created a page edit it for ever through
"add" and ownership, even after an administrator handed the course to someone else. Page
permissions a host site grants its own groups ("change", "publish"...) still apply.

Every page action of the admin (edit, publish, delete, move, copy, revisions) asks the page's
``permissions_for_user``, which ``CoursePage`` and ``LessonPage`` answer with these testers.
"""

from wagtail.models import PagePermissionTester

COURSE_TRAINER_ACTIONS = frozenset({"add", "change", "publish", "lock", "unlock"})


class CoursePermissionTester(PagePermissionTester):
    """For a page of the course at ``course_path`` (the course page or one of its lessons)."""

    def __init__(self, user, page, course_path):
        from .models import CourseTrainer

        super().__init__(user, page)
        if user.is_active and not user.is_superuser:
            self.permissions.discard("add")  # no edit rights through ownership alone
            if course_path in CourseTrainer.objects.course_paths_of(user):
                self.permissions |= COURSE_TRAINER_ACTIONS


class CourseIndexPermissionTester(PagePermissionTester):
    """A trainer who may create a course in the catalogue may publish it as they create it:
    they train the course they create (``signals.creator_trains_new_course``). Publishing the
    catalogue page itself still needs "publish" on it."""

    def can_publish_subpage(self):
        return super().can_publish_subpage() or self.can_add_subpage()
