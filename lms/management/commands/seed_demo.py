"""``manage.py seed_demo``: a demo site for the Thái Nguyên staff-training LMS.

Creates the 2023 administrative units, institutions, staff and community participants
(``lms.demo.people``), the four named accounts, generated cover images, guidance
documents, the course catalogue with five published courses (``lms.demo.courses``; one lesson
is a SCORM package kept as source files in ``lms/demo/scorm/``), a final quiz per course and one
lesson check (``lms.demo.quizzes``), a year and a half of enrolments with their quiz attempts
(and the SCORM lesson's results), and the certificates of the completed ones
(``lms.demo.certificates``, when the app is installed). Everything is looked up by a natural key
first, so running the command again creates nothing twice and leaves existing records alone.

The demo content lives in this host site (``lms.demo``), not in the installable apps; here it is
wired together, so ``courses`` never imports ``quizzes``.
"""

import hashlib
import io
import json
import random
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import cached_property
from PIL import Image as PILImage
from PIL import ImageChops, ImageDraw, ImageFilter, ImageFont
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, Site

from courses import completion
from courses.models import CourseIndexPage, CoursePage, CourseTrainer, Enrolment, LessonCompletion, LessonPage
from courses.signals import grant_trainer_page_permissions
from lms.demo import courses as demo_courses
from lms.demo import people as demo_people
from lms.demo import quizzes as quiz_demo
from people import roles
from people.models import AdministrativeUnit, HRScope, Institution, InstitutionType, StaffProfile
from quizzes.models import Attempt, Question, Quiz
from staff_lms.progress import show_progress

SEED = 2030
# The demo's SCORM packages as source files, one folder each (the lesson spec's "scorm" key).
SCORM_SOURCES = Path(demo_courses.__file__).resolve().parent / "scorm"
WELCOME_PAGE_TITLE = "Welcome to your new Wagtail site!"  # created by Wagtail's initial migration

# How many learners each course gets (drawn from the staff of its audience).
ENROLMENT_TARGETS = {
    "chuyen-doi-so-trong-hoat-dong-thu-vien": 20,
    "so-hoa-tai-lieu-va-xay-dung-sieu-du-lieu": 18,
    "dich-vu-ban-doc-truc-tuyen": 22,
    "trien-lam-so-va-tham-quan-ao-cho-bao-tang": 14,
    "to-chuc-su-kien-hoc-tap-suot-doi": 32,
}
# Settings → Issuing body and Settings → Certificates of the demo: the province's Department of
# Culture, Sports and Tourism.
DEMO_ISSUING_BODY = {
    "governing_body": "UBND TỈNH THÁI NGUYÊN",
    "name": "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
    "abbreviation": "SVHTTDL",
    "place_name": "Thái Nguyên",
}
DEMO_CERTIFICATE_SETTINGS = {
    "signatory_authority": "KT. GIÁM ĐỐC",
    "signatory_title": "PHÓ GIÁM ĐỐC",
    "signatory_name": "Nguyễn Văn Thành",
}
# Settings → III.3 report of the demo. The province's plan is dated August 2023 and its number and
# day are blank in the copy the demo was built from (DOMAIN.md): the reference keeps "…" for the
# Department to fill in, and coverage since the plan began counts from 1 August 2023 (the target
# stays at the default, 100 %).
DEMO_REPORT_SETTINGS = {
    "plan_reference": "Kế hoạch số …/KH-UBND tháng 8 năm 2023 của UBND tỉnh Thái Nguyên",
    "plan_start": date(2023, 8, 1),
    "recipients": "Bộ Văn hóa, Thể thao và Du lịch (b/c);\nUBND tỉnh Thái Nguyên (b/c);\nLãnh đạo Sở;\nLưu: VT.",
}
LAST_YEAR_SHARE = 0.35  # of enrolments, the rest are this year's
ASSIGNED_SHARE = 0.25  # of enrolments in open courses (closed ones are all assigned)
OVERDUE_EXTENDED = 0.7  # of late assignments, given a new due date by HR (keeps "overdue" to a few)


@dataclass
class Learner:
    user: object
    institution_id: int | None
    institution_type: str | None
    community: bool


@dataclass
class PlannedEnrolment:
    """One learner's history in one course, decided before anything is written."""

    username: str
    course_slug: str
    enrolled_at: datetime
    lesson_times: list = field(default_factory=list)  # completion time of lessons 1..n, in order
    visited: int | None = None  # index of the last lesson opened
    visited_at: datetime | None = None
    completed_at: datetime | None = None
    due_date: date | None = None
    assigned_by: str | None = None
    limit: datetime | None = None  # nothing happens after this (None: now)
    quiz_scenarios: dict = field(default_factory=dict)  # see lms.demo.quizzes.plan_history
    attempts: list = field(default_factory=list)  # lms.demo.quizzes.PlannedAttempt, set by plan_histories


class Command(BaseCommand):
    help = "Create demo data (units, institutions, staff, courses, quizzes, enrolments). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even when DEBUG is False (for a staging or demo server, never production).",
        )

    def handle(self, *args, force=False, verbosity=1, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates demo accounts with a known password (hoctap2030). DEBUG is False, so this "
                "looks like a production or test database: refusing. Pass --force if you really mean it."
            )
        self.verbosity = verbosity
        self.created = Counter()
        self.scorm_specs = {}  # SCORM lesson id: its spec, for the results of the learners who did it
        self.rng = random.Random(SEED)
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        started = time.monotonic()

        with transaction.atomic():
            units = self.seed_units()
            institutions = self.seed_institutions(units)
            accounts = self.seed_accounts(units, institutions)
            learners = self.seed_people(institutions)
            images, documents = self.seed_media()
            index, courses = self.seed_pages(accounts, images, documents)
            quizzes = self.seed_quizzes(courses)
            if apps.is_installed("certificates"):
                self.seed_certificate_settings()  # before the completions that issue certificates
            self.seed_enrolments(accounts, learners, courses, quizzes)
            if apps.is_installed("classes"):
                self.seed_classes()
            if apps.is_installed("certificates"):
                self.seed_certificates()
            if apps.is_installed("reports"):
                self.seed_report_settings()

        self.summary(index, time.monotonic() - started)

    # Output -----------------------------------------------------------------------------

    def say(self, message):
        if self.verbosity >= 1:
            self.stdout.write(message)

    def progress(self, label, done, total):
        """A progress bar on a terminal; one line per finished step otherwise (logs, tests)."""
        if self.stdout.isatty():
            show_progress(self, label, done, total)
        elif self.verbosity >= 1 and done == total:
            self.stdout.write(f"  {label:<12} {total}")

    def summary(self, index, seconds):
        courses = CoursePage.objects.child_of(index)
        enrolments = Enrolment.objects.filter(course__in=courses)
        overdue = enrolments.in_progress().filter(due_date__lt=self.today).count()
        line = (
            f"Demo data ready: {AdministrativeUnit.objects.count()} units, {Institution.objects.count()} institutions, "
            f"{StaffProfile.objects.staff().count()} staff, {StaffProfile.objects.community().count()} community "
            f"participants, {courses.count()} courses, {LessonPage.objects.descendant_of(index).count()} lessons, "
            f"{enrolments.count()} enrolments ({enrolments.completed().count()} completed, {overdue} overdue)"
        )
        attempts = Counter(Attempt.objects.exclude(submitted_at=None).values_list("status", flat=True))
        line += (
            f", {Quiz.objects.count()} quizzes, {Question.objects.count()} questions, {sum(attempts.values())} "
            f"attempts ({attempts[Attempt.Status.PASSED]} passed, {attempts[Attempt.Status.FAILED]} failed, "
            f"{attempts[Attempt.Status.PENDING]} waiting for marking)"
        )
        if apps.is_installed("classes"):
            from classes.models import Attendance, TrainingClass

            attendances = Attendance.objects.all()
            line += (
                f", {TrainingClass.objects.count()} in-person classes ({attendances.count()} attendances, "
                f"{attendances.completed().count()} completed)"
            )
        if apps.is_installed("certificates"):
            from certificates.models import Certificate

            certificates = Certificate.objects.all()
            revoked = certificates.filter(status=Certificate.Status.REVOKED).count()
            line += f", {certificates.count()} certificates ({revoked} revoked)"
        if made := ", ".join(f"{count} {name}" for name, count in self.created.items() if count):
            line += f"; created now: {made}"
        else:
            line += "; nothing new to create"
        self.say(self.style.SUCCESS(f"{line} [{seconds:.1f} s]."))

    # Organisation -----------------------------------------------------------------------

    def seed_units(self):
        province_code, province_name = demo_people.PROVINCE
        rows = [(province_code, province_name, AdministrativeUnit.Level.PROVINCE, None)]
        rows += [(code, name, AdministrativeUnit.Level.DISTRICT, province_code) for code, name in demo_people.DISTRICTS]
        rows += [(code, name, AdministrativeUnit.Level.COMMUNE, parent) for code, name, parent in demo_people.COMMUNES]
        units = {}
        for code, name, level, parent_code in rows:
            units[code], created = AdministrativeUnit.objects.update_or_create(
                code=code, defaults={"name": name, "level": level, "parent": units.get(parent_code)}
            )
            self.created["units"] += created
        self.progress("units", len(units), len(rows))
        return units

    def seed_institutions(self, units):
        types = {row.code: row for row in InstitutionType.objects.all()}
        institutions = {}
        for code, name, type_code, unit_code in demo_people.INSTITUTIONS:
            institutions[code], created = Institution.objects.update_or_create(
                code=code,
                defaults={"name": name, "institution_type": types[type_code], "administrative_unit": units[unit_code]},
            )
            self.created["institutions"] += created
        self.progress("institutions", len(institutions), len(demo_people.INSTITUTIONS))
        return institutions

    @cached_property
    def password_hash(self):
        # Hash once: the default hasher is slow on purpose, and every demo account shares the password.
        return make_password(demo_people.PASSWORD)

    def account(self, username, full_name, institution, position, employee_code="", community=False, **flags):
        """Get or create a user and its staff profile. An existing user keeps its password and flags."""
        first_name, last_name = demo_people.split_name(full_name)
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@{demo_people.EMAIL_DOMAIN}",
                "first_name": first_name,
                "last_name": last_name,
                "password": self.password_hash,
                **flags,
            },
        )
        self.created["accounts"] += created
        participant_type = StaffProfile.ParticipantType.COMMUNITY if community else StaffProfile.ParticipantType.STAFF
        StaffProfile.objects.update_or_create(
            user=user,
            defaults={
                "full_name": full_name,
                "institution": institution,
                "position": position,
                "participant_type": participant_type,
                "staff_category": "" if community else demo_people.staff_category(position),
                "date_of_birth": demo_people.date_of_birth(username),
                "employee_code": employee_code,
            },
        )
        return user

    def seed_accounts(self, units, institutions):
        """The four accounts named in the README: admin, trainer, hr and learner."""
        roles.ensure_role_groups()
        accounts = {}
        for (username, full_name, institution_code, position), flags, role in (
            (demo_people.ADMIN, {"is_staff": True, "is_superuser": True}, roles.PROVINCIAL_ADMINS),
            (demo_people.TRAINER, {}, roles.TRAINERS),
            (demo_people.HR, {}, roles.HR),
            (demo_people.LEARNER, {}, None),
        ):
            user = self.account(
                username,
                full_name,
                institutions.get(institution_code),
                position,
                employee_code=demo_people.ACCOUNT_EMPLOYEE_CODES[username],
                **flags,
            )
            if role:
                user.groups.add(roles.role_group(role))
            accounts[username] = user

        scope, _created = HRScope.objects.get_or_create(user=accounts["hr"])
        scope.administrative_units.add(*(units[code] for code in demo_people.HR_SCOPE_UNITS))
        scope.institutions.add(*(institutions[code] for code in demo_people.HR_SCOPE_INSTITUTIONS))
        self.progress("accounts", len(accounts), len(accounts))
        return accounts

    def seed_people(self, institutions):
        rows = [
            (name, code, position, demo_people.employee_code(i), False)
            for i, (name, code, position) in enumerate(demo_people.STAFF)
        ]
        rows += [(name, code, position, "", True) for name, code, position in demo_people.COMMUNITY]
        learners = []
        for done, (full_name, institution_code, position, employee_code, community) in enumerate(rows, start=1):
            institution = institutions[institution_code]
            user = self.account(
                demo_people.username_for(full_name),
                full_name,
                institution,
                position,
                employee_code=employee_code,
                community=community,
            )
            learners.append(Learner(user, institution.pk, institution.institution_type.code, community))
            self.progress("people", done, len(rows))
        return learners

    # Images and documents ---------------------------------------------------------------

    def seed_media(self):
        image_model, document_model = get_image_model(), get_document_model()
        images = {}
        for done, (key, spec) in enumerate(demo_courses.IMAGES.items(), start=1):
            image = image_model.objects.filter(title=spec["title"]).first()
            if image is None:
                data = paint(key, spec["motif"], spec["colours"])
                image = image_model(
                    title=spec["title"],
                    file=ImageFile(io.BytesIO(data), name=f"{key}.png"),
                    file_size=len(data),
                    file_hash=hashlib.sha1(data).hexdigest(),
                )
                image.save()
                self.created["images"] += 1
            images[key] = image
            self.progress("images", done, len(demo_courses.IMAGES))

        documents = {}
        for key, spec in demo_courses.DOCUMENTS.items():
            document = document_model.objects.filter(title=spec["title"]).first()
            if document is None:
                # A BOM, so browsers and Notepad read the Vietnamese text as UTF-8 even when the
                # server sends a bare "text/plain".
                data = spec["text"].encode("utf-8-sig")
                document = document_model(
                    title=spec["title"],
                    file=ContentFile(data, name=spec["filename"]),
                    file_size=len(data),
                    file_hash=hashlib.sha1(data).hexdigest(),
                )
                document.save()
                self.created["documents"] += 1
            documents[key] = document
        self.progress("documents", len(documents), len(demo_courses.DOCUMENTS))
        return images, documents

    # Pages ------------------------------------------------------------------------------

    def publish(self, page, user, when):
        page.save_revision(user=user).publish(user=user)
        # Backdate, so the catalogue does not look younger than last year's enrolments.
        Page.objects.filter(pk=page.pk).update(
            first_published_at=when, last_published_at=when, latest_revision_created_at=when
        )
        page.revisions.update(created_at=when)
        PageLogEntry.objects.filter(page=page).update(timestamp=when)
        self.created["pages"] += 1

    def seed_pages(self, accounts, images, documents):
        admin, trainer = accounts["admin"], accounts["trainer"]
        scorm = apps.is_installed("scorm")
        published_at = self.at(date(self.today.year - 1, 1, 6), 8, 0)
        index = self.course_index(admin, published_at)
        grant_trainer_page_permissions([index])

        courses = {}
        for done, spec in enumerate(demo_courses.COURSES, start=1):
            when = published_at + timedelta(days=done)
            course = CoursePage.objects.child_of(index).filter(slug=spec["slug"]).first()
            if course is None:
                course = CoursePage(
                    title=spec["title"],
                    slug=spec["slug"],
                    summary=spec["summary"],
                    objectives=spec["objectives"],
                    training_type=spec["training_type"],
                    nominal_hours=Decimal(spec["nominal_hours"]),
                    self_enrolment_open=spec["self_enrolment_open"],
                    cover_image=images[spec["cover"]],
                    owner=trainer,
                )
                course.audience = list(InstitutionType.objects.filter(code__in=spec["audience"]))
                # A fresh parent each time: treebeard computes the new path from its numchild.
                CourseIndexPage.objects.get(pk=index.pk).add_child(instance=course)
                self.publish(course, trainer, when)
            # The trainer who wrote the demo courses trains them, assigned by the administrator.
            CourseTrainer.objects.get_or_create(course=course, user=trainer, defaults={"assigned_by": admin})

            lessons = []
            specs = [lesson_spec for lesson_spec in spec["lessons"] if "scorm" not in lesson_spec or scorm]
            for position, lesson_spec in enumerate(specs):
                lesson = LessonPage.objects.child_of(course).filter(slug=lesson_spec["slug"]).first()
                if lesson is None:
                    lesson = self.new_lesson(lesson_spec, trainer, images, documents)
                    later = [later_spec["slug"] for later_spec in specs[position + 1 :]]
                    following = LessonPage.objects.child_of(course).filter(slug__in=later).order_by("path").first()
                    if following is None:
                        CoursePage.objects.get(pk=course.pk).add_child(instance=lesson)
                    else:
                        # A lesson added to the demo after this database was seeded: in its place.
                        following.add_sibling("left", instance=lesson)
                    self.publish(lesson, trainer, when)
                if "scorm" in lesson_spec:
                    lesson = lesson.specific
                    self.scorm_specs[lesson.pk] = lesson_spec
                lessons.append(lesson)
            courses[spec["slug"]] = (course, lessons)
            self.progress("courses", done, len(demo_courses.COURSES))
        return index, courses

    def new_lesson(self, spec, trainer, images, documents):
        fields = {
            "title": spec["title"],
            "slug": spec["slug"],
            "estimated_minutes": spec["minutes"],
            "body": self.resolve(demo_courses.lesson_body(spec["body"]), images, documents),
            "owner": trainer,
        }
        if "scorm" not in spec:
            return LessonPage(**fields)
        from scorm.models import ScormLessonPage, ScormPackage
        from scorm.packages import read_package

        # Uploaded as a trainer would: zipped, checked, unpacked to the SCORM storage.
        upload = ContentFile(zip_folder(SCORM_SOURCES / spec["scorm"]), name=f"{spec['scorm']}.zip")
        package = ScormPackage.create_from_upload(upload, read_package(upload), user=trainer)
        self.created["SCORM packages"] += 1
        return ScormLessonPage(**fields, package=package)

    def course_index(self, owner, published_at):
        """The course catalogue, made the default site's root in place of Wagtail's welcome page.
        The site gets its name (``WAGTAIL_SITE_NAME``) where a host changes it: Settings → Sites."""
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        root = Page.get_first_root_node()
        if site is not None and site.root_page.specific_class is CourseIndexPage:
            index = site.root_page.specific
        else:
            index = CourseIndexPage.objects.child_of(root).filter(slug=demo_courses.INDEX["slug"]).first()
        if index is None:
            index = CourseIndexPage(
                title=demo_courses.INDEX["title"],
                slug=demo_courses.INDEX["slug"],
                intro=demo_courses.INDEX["intro"],
                owner=owner,
            )
            root.add_child(instance=index)
            self.publish(index, owner, published_at)

        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=index,
                is_default_site=True,
                site_name=settings.WAGTAIL_SITE_NAME,
            )
            return index
        if not site.site_name:
            site.site_name = settings.WAGTAIL_SITE_NAME
            site.save(update_fields=["site_name"])
        if site.root_page_id != index.pk:
            previous = site.root_page
            site.root_page = index
            site.save()
            if is_welcome_placeholder(previous):
                previous.delete()
        return index

    @staticmethod
    def resolve(blocks, images, documents):
        """Swap the image and document keys of ``lms.demo.courses`` for database ids."""
        for block in blocks:
            if block["type"] == "image":
                block["value"]["image"] = images[block["value"]["image"]].pk
            elif block["type"] == "document":
                block["value"]["document"] = documents[block["value"]["document"]].pk
        return blocks

    # Quizzes ----------------------------------------------------------------------------

    def seed_quizzes(self, courses):
        """A final quiz per demo course and a lesson check, with their question bank."""
        quizzes = quiz_demo.seed_quizzes(courses, self.created)
        count = len(quizzes.final) + len(quizzes.lesson)
        self.progress("quizzes", count, count)
        return quizzes

    # Enrolments -------------------------------------------------------------------------

    def at(self, day, hour, minute=0):
        """An aware datetime in the site's time zone (Asia/Ho_Chi_Minh), never in the future."""
        moment = timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))
        return min(moment, self.now - timedelta(minutes=5))

    def random_moment(self, start, end):
        span = max((end - start).days, 0)
        return self.at(
            start + timedelta(days=self.rng.randint(0, span)), self.rng.randint(7, 21), self.rng.randint(0, 59)
        )

    def study(self, plan, lesson_count, done, limit):
        """Fill in ``plan`` with ``done`` lessons completed at a learner's pace, none after ``limit``."""
        moment = plan.enrolled_at + timedelta(minutes=self.rng.randint(5, 90))
        for _lesson in range(done):
            plan.lesson_times.append(min(moment, limit))
            moment += timedelta(
                days=self.rng.randint(0, 5), hours=self.rng.randint(1, 8), minutes=self.rng.randint(0, 59)
            )
        if done == lesson_count:
            plan.completed_at = min(plan.lesson_times[-1] + timedelta(minutes=2), limit)
        elif done:
            # Opened the next lesson and stopped there.
            plan.visited, plan.visited_at = done, min(plan.lesson_times[-1] + timedelta(minutes=3), limit)

    def plan_enrolments(self, learners, courses, scope_ids):
        """Random but reproducible histories (fixed seed; dates relative to today)."""
        year = self.today.year
        windows = {
            "last": (date(year - 1, 2, 1), date(year - 1, 10, 31), self.at(date(year - 1, 12, 31), 20)),
            "this": (date(year, 1, 5), max(date(year, 1, 5), self.today - timedelta(days=2)), self.at(self.today, 23)),
        }
        plans = []
        for slug, (course, lessons) in courses.items():
            audience = {institution_type.code for institution_type in course.audience.all()}
            eligible = [
                learner
                for learner in learners
                if learner.institution_type in audience and (course.self_enrolment_open or not learner.community)
            ]
            for learner in self.rng.sample(eligible, min(ENROLMENT_TARGETS[slug], len(eligible))):
                cohort = "last" if self.rng.random() < LAST_YEAR_SHARE else "this"
                start, end, limit = windows[cohort]
                plan = PlannedEnrolment(learner.user.username, slug, self.random_moment(start, end), limit=limit)
                roll = self.rng.random()
                if cohort == "last":
                    done = len(lessons) if roll < 0.8 else self.rng.randint(1, len(lessons) - 1)
                else:
                    done = len(lessons) if roll < 0.4 else self.rng.randint(1, len(lessons) - 1) if roll < 0.8 else 0
                self.study(plan, len(lessons), done, limit)
                assigned = not course.self_enrolment_open or self.rng.random() < ASSIGNED_SHARE
                if assigned and not learner.community:
                    plan.due_date = plan.enrolled_at.date() + timedelta(days=self.rng.choice((30, 45, 60)))
                    plan.assigned_by = "hr" if learner.institution_id in scope_ids else "admin"
                    if not plan.completed_at and plan.due_date < self.today and self.rng.random() < OVERDUE_EXTENDED:
                        plan.due_date = self.today + timedelta(days=self.rng.randint(3, 40))
                plans.append(plan)
        return plans

    def plan_learner(self, courses):
        """The ``learner`` account: one course part-way (its lesson check passed, a first try at the
        final quiz failed), one finished this year and one last year (final quizzes passed, the
        essay marked by the trainer), one assigned by HR and due within the week."""

        def days_ago(days, hour):
            return self.at(self.today - timedelta(days=days), hour)

        slugs = [spec["slug"] for spec in demo_courses.COURSES]
        digital, digitisation, services, _exhibition, events = slugs

        in_progress = PlannedEnrolment("learner", digital, days_ago(24, 9))
        in_progress.lesson_times = [days_ago(20, 20), days_ago(9, 21)]
        in_progress.visited, in_progress.visited_at = 2, days_ago(3, 20)
        in_progress.quiz_scenarios = {quiz_demo.FINAL: quiz_demo.EARLY, quiz_demo.LESSON: quiz_demo.PASS}

        finished = PlannedEnrolment("learner", services, days_ago(95, 14))
        finished.lesson_times = [days_ago(94 - 4 * i, 20) for i in range(len(courses[services][1]))]
        finished.quiz_scenarios = {quiz_demo.FINAL: quiz_demo.PASS}  # completed_at: when passed

        # In the weeks before Vietnam Book and Reading Culture Day (21/4), which the course prepares for.
        last_year = PlannedEnrolment("learner", events, self.at(date(self.today.year - 1, 4, 2), 10))
        last_year.lesson_times = [
            self.at(date(self.today.year - 1, 4, 3 + 3 * i), 19) for i in range(len(courses[events][1]))
        ]
        last_year.limit = self.at(date(self.today.year - 1, 12, 31), 20)
        last_year.quiz_scenarios = {quiz_demo.FINAL: quiz_demo.PASS}

        assigned = PlannedEnrolment("learner", digitisation, days_ago(12, 8))
        assigned.lesson_times = [days_ago(5, 15)]
        assigned.visited, assigned.visited_at = 1, days_ago(5, 16)
        assigned.due_date, assigned.assigned_by = self.today + timedelta(days=6), "hr"
        assigned.quiz_scenarios = {quiz_demo.FINAL: quiz_demo.NONE}
        return [in_progress, finished, last_year, assigned]

    def seed_enrolments(self, accounts, learners, courses, quizzes):
        scope_ids = accounts["hr"].hr_scope.institution_ids()
        # Plan everything first, so the random sequence (and the data) is the same whatever
        # already exists; then create only the missing enrolments and attempts.
        plans = self.plan_learner(courses) + self.plan_enrolments(learners, courses, scope_ids)
        lesson_counts = {slug: len(lessons) for slug, (_course, lessons) in courses.items()}
        quiz_demo.plan_histories(plans, lesson_counts, self.now, SEED)
        users = {learner.user.username: learner.user for learner in learners} | accounts
        trainer = accounts["trainer"]
        for done, plan in enumerate(plans, start=1):
            course, lessons = courses[plan.course_slug]
            user = users[plan.username]
            enrolment = Enrolment.objects.filter(user=user, course=course).first()
            if enrolment is None:
                # The attempts first, even before the enrolment: submitting one re-checks the
                # course's completion, which must not find the lessons done and complete the
                # enrolment today rather than on the planned date.
                quiz_demo.record_attempts(plan, user, quizzes, trainer, self.created, SEED)
                enrolment = Enrolment.objects.create(
                    user=user,
                    course=course,
                    enrolled_at=plan.enrolled_at,
                    due_date=plan.due_date,
                    assigned_by=users.get(plan.assigned_by),
                )
                self.record_progress(enrolment, lessons, plan)
                self.created["enrolments"] += 1
            else:
                # A second run (the attempts are there: nothing to do), or a demo database made
                # before the quizzes: attempts that fit its recorded completion.
                quiz_demo.replan_for_existing(plan, enrolment, len(lessons), self.now, SEED)
                quiz_demo.record_attempts(plan, user, quizzes, trainer, self.created, SEED)
            self.progress("enrolments", done, len(plans))
        self.progress("attempts", Attempt.objects.count(), Attempt.objects.count())

    def record_progress(self, enrolment, lessons, plan):
        LessonCompletion.objects.bulk_create(
            LessonCompletion(enrolment=enrolment, lesson=lesson, completed_at=moment)
            for lesson, moment in zip(lessons, plan.lesson_times, strict=False)
        )
        self.record_scorm_results(enrolment, lessons, plan)
        if plan.lesson_times:
            last = plan.visited if plan.visited is not None else len(plan.lesson_times) - 1
            Enrolment.objects.filter(pk=enrolment.pk).update(
                last_lesson=lessons[last], last_activity_at=plan.visited_at or plan.lesson_times[-1]
            )
        if plan.completed_at:
            # The plan completes the course only when every requirement (lessons, a passed final
            # quiz) is met by then: check it, rather than trust the plan.
            unmet = [check.label for check in completion.checks(enrolment) if not check.met]
            if unmet:
                raise CommandError(f"Demo plan for {enrolment} completes it with requirements unmet: {unmet}")
            # Through the model, so course_completed is sent as when a learner finishes.
            enrolment.complete(when=plan.completed_at)

    def record_scorm_results(self, enrolment, lessons, plan):
        """The SCORM lessons the plan has done were passed: each gets the record its package's
        last run would have left (``scorm.models.ScormRecord``), saved when the lesson was done.
        The lessons the learner has not reached have no record: the demo leaves them to play."""
        if not self.scorm_specs:
            return
        from scorm import cmi
        from scorm.models import ScormRecord

        for lesson, moment in zip(lessons, plan.lesson_times, strict=False):
            spec = self.scorm_specs.get(lesson.pk)
            if spec is None or lesson.package is None:
                continue
            rng = random.Random(f"{SEED}-{plan.username}-{lesson.slug}")
            run = rng.choice(spec["passed_runs"])
            seconds = rng.randint(lesson.estimated_minutes * 40, lesson.estimated_minutes * 80)
            data = {
                "core": {
                    "lesson_location": run["location"],
                    "lesson_status": "passed",
                    "score": {"raw": str(run["score"]), "min": "0", "max": "100"},
                    "exit": "",
                    "session_time": cmi.time_12(seconds) + ".00",
                },
                "suspend_data": json.dumps(run["suspend_data"], separators=(",", ":")),
            }
            record = ScormRecord(
                enrolment=enrolment, lesson=lesson, launches=1, started_at=moment - timedelta(seconds=seconds)
            )
            record.keep(1, 1, data, lesson.package, seconds, at=moment)
            self.created["SCORM records"] += 1

    # In-person classes ------------------------------------------------------------------

    def seed_classes(self):
        """In-person classes and their attendance (``lms.demo.classes``). Before the certificates: the
        class held for an online course completes it for its attendees, and ``seed_certificates``
        dates and quiets their certificates like the others."""
        from lms.demo import classes as class_demo

        count = class_demo.seed_classes(self.created, self.now)
        self.progress("classes", count, count)

    # Certificates -----------------------------------------------------------------------

    def seed_certificate_settings(self):
        """The Thái Nguyên Department as issuing body and its signatory, in the fields of Settings →
        Issuing body and Settings → Certificates that are still empty (the plugin's defaults name
        nobody; an administrator's edits stay)."""
        from certificates.models import CertificateSettings
        from people.models import IssuingBody

        for setting, values, label in (
            (IssuingBody, DEMO_ISSUING_BODY, "issuing body settings"),
            (CertificateSettings, DEMO_CERTIFICATE_SETTINGS, "certificate settings"),
        ):
            current = setting.current()
            filled = [name for name in values if not getattr(current, name)]
            for name in filled:
                setattr(current, name, values[name])
            if filled:
                current.save(update_fields=filled)
                self.created[label] += 1

    def seed_certificates(self):
        """Completed demo enrolments hold their certificates, dated by completion; one is revoked.
        The completion signal issued them during ``seed_enrolments``; see ``lms.demo.certificates``."""
        from lms.demo import certificates as certificate_demo

        count = certificate_demo.seed_certificates(self.created, self.now)
        self.progress("certificates", count, count)

    # The III.3 report ----------------------------------------------------------------------

    def seed_report_settings(self):
        """The Thái Nguyên plan in Settings → III.3 report, in the fields still at the plugin's
        defaults (an administrator's edits stay)."""
        from reports.models import ReportSettings

        settings_ = ReportSettings.current()
        defaults = ReportSettings()
        filled = [name for name in DEMO_REPORT_SETTINGS if getattr(settings_, name) == getattr(defaults, name)]
        for name in filled:
            setattr(settings_, name, DEMO_REPORT_SETTINGS[name])
        if filled:
            settings_.save(update_fields=filled)
            self.created["III.3 report settings"] += 1


def zip_folder(folder):
    """The files under ``folder`` as a .zip, the same bytes on every run (sorted, fixed dates)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(path for path in folder.rglob("*") if path.is_file()):
            entry = zipfile.ZipInfo(path.relative_to(folder).as_posix(), date_time=(2026, 1, 1, 0, 0, 0))
            archive.writestr(entry, path.read_bytes(), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def is_welcome_placeholder(page):
    """Wagtail's "Welcome to your new Wagtail site!" page, untouched and no longer a site root."""
    return (
        page.specific_class is Page
        and page.title == WELCOME_PAGE_TITLE
        and page.depth == 2
        and not page.get_children().exists()
        and not Site.objects.filter(root_page=page).exists()
    )


# Pictures ---------------------------------------------------------------------------------


def paint(key, motif, colours, size=(1200, 600)):
    """PNG bytes of an abstract picture: course covers, and two diagrams with only numbers as text."""
    rng = random.Random(f"{SEED}-{key}")
    first, second, third = (hex_rgb(colour) for colour in colours)
    if motif in DIAGRAMS:
        # colours: paper, ink, strong ink
        picture = PILImage.new("RGB", size, first)
        DIAGRAMS[motif](ImageDraw.Draw(picture, "RGBA"), size, rng, second, third)
    else:
        # colours: dark and mid tone of the gradient, light accent
        dark, mid, light = first, second, third
        picture = gradient(size, dark, mid).convert("RGBA")
        glow = PILImage.new("RGBA", size, (0, 0, 0, 0))
        x, y, r = rng.randint(size[0] // 2, size[0]), rng.randint(0, size[1] // 2), size[1] // 2
        ImageDraw.Draw(glow).ellipse((x - r, y - r, x + r, y + r), fill=light + (70,))
        picture.alpha_composite(glow.filter(ImageFilter.GaussianBlur(120)))
        layer = PILImage.new("RGBA", size, (0, 0, 0, 0))
        COVER_MOTIFS[motif](layer, rng, mid, light)
        picture.alpha_composite(layer)
    buffer = io.BytesIO()
    picture.convert("RGB").save(buffer, "PNG")
    return buffer.getvalue()


def hex_rgb(colour):
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def gradient(size, start, end):
    """A diagonal gradient from the top left (``start``) to the bottom right (``end``)."""
    vertical = PILImage.linear_gradient("L").resize(size)
    horizontal = PILImage.linear_gradient("L").rotate(90).resize(size)
    mask = ImageChops.add(vertical, horizontal, scale=2.0)
    return PILImage.composite(PILImage.new("RGB", size, end), PILImage.new("RGB", size, start), mask)


def draw_grid(layer, rng, mid, light):
    """Digital transformation: a field of pixels that light up towards the right, and links."""
    draw = ImageDraw.Draw(layer)
    width, height = layer.size
    lit = []
    for x in range(40, width, 44):
        for y in range(40, height, 44):
            if rng.random() < 0.15 + 0.6 * x / width:
                side = rng.randint(8, 24)
                alpha = rng.randint(50, 200)
                colour = light if rng.random() < 0.2 else (255, 255, 255)
                draw.rounded_rectangle((x, y, x + side, y + side), radius=4, fill=colour + (alpha,))
                lit.append((x + side // 2, y + side // 2))
    for _link in range(14):
        a, b = rng.sample(lit, 2)
        draw.line((a, b), fill=light + (120,), width=2)
        for cx, cy in (a, b):
            draw.ellipse((cx - 6, cy - 6, cx + 6, cy + 6), fill=light + (230,))


def draw_pages(layer, rng, mid, light):
    """Digitisation: a fanned stack of pages crossed by a scanner's beam."""
    width, height = layer.size
    for i in range(5):
        page = PILImage.new("RGBA", (330, 430), (0, 0, 0, 0))
        draw = ImageDraw.Draw(page)
        draw.rounded_rectangle((0, 0, 329, 429), radius=14, fill=light + (150 + 20 * i,))
        if i == 4:
            for row in range(40, 400, 26):
                length = rng.randint(160, 280) if row % 130 else 120
                draw.rounded_rectangle((30, row, 30 + length, row + 10), radius=5, fill=mid + (150,))
        page = page.rotate(rng.uniform(-14, 14) if i < 4 else -4, expand=True, resample=PILImage.BICUBIC)
        shadow = PILImage.new("RGBA", page.size, (0, 0, 0, 0))
        shadow.putalpha(page.getchannel("A").point(lambda a: a // 4))
        x, y = int(width * 0.52) + i * 22, 60 + i * 8
        layer.alpha_composite(shadow.filter(ImageFilter.GaussianBlur(12)), (x + 12, y + 16))
        layer.alpha_composite(page, (x, y))
    beam = PILImage.new("RGBA", layer.size, (0, 0, 0, 0))
    ImageDraw.Draw(beam).rectangle((0, 300, width, 316), fill=(255, 255, 255, 120))
    layer.alpha_composite(beam.filter(ImageFilter.GaussianBlur(6)))
    draw = ImageDraw.Draw(layer)
    for _dot in range(60):
        x, y = rng.randint(40, width // 2), rng.randint(40, height - 40)
        draw.rectangle((x, y, x + 6, y + 6), fill=(255, 255, 255, rng.randint(40, 140)))


def draw_bubbles(layer, rng, mid, light):
    """Online reader services: overlapping conversation bubbles."""
    draw = ImageDraw.Draw(layer)
    width, height = layer.size
    for i in range(7):
        w, h = rng.randint(200, 380), rng.randint(100, 170)
        x, y = rng.randint(width // 3, width - w - 30), rng.randint(30, height - h - 60)
        colour = (light if i % 2 else (255, 255, 255)) + (rng.randint(70, 190),)
        draw.rounded_rectangle((x, y, x + w, y + h), radius=h // 2 - 10, fill=colour)
        tail_x = x + (40 if i % 2 else w - 80)
        draw.polygon(
            ((tail_x, y + h - 2), (tail_x + 40, y + h - 2), (tail_x + (0 if i % 2 else 40), y + h + 40)), fill=colour
        )
        if i == 6:
            for dot in range(3):
                cx, cy = x + w // 2 - 50 + dot * 50, y + h // 2
                draw.ellipse((cx - 12, cy - 12, cx + 12, cy + 12), fill=mid + (230,))
    for _dot in range(40):
        x, y, r = rng.randint(20, width // 2), rng.randint(20, height - 20), rng.randint(3, 10)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 255, rng.randint(40, 140)))


def draw_arches(layer, rng, mid, light):
    """Museum: a colonnade of arches in perspective, and a sun."""
    draw = ImageDraw.Draw(layer)
    width, height = layer.size
    draw.ellipse((width - 330, 60, width - 130, 260), fill=light + (200,))
    floor, x = height - 70, int(width * 0.08)
    for i in range(6):
        scale = 1 - i * 0.12
        w, h = int(150 * scale), int(330 * scale)
        colour = (255, 255, 255, int(190 - i * 22))
        draw.rectangle((x, floor - h + w // 2, x + w, floor), outline=colour, width=10)
        draw.arc((x, floor - h, x + w, floor - h + w), start=180, end=360, fill=colour, width=10)
        x += w + int(40 * scale)
    draw.rectangle((0, floor, width, floor + 8), fill=light + (170,))
    for _step in range(3):
        floor += 18
        draw.rectangle((40, floor, width - 40, floor + 4), fill=(255, 255, 255, 60))


def draw_confetti(layer, rng, mid, light):
    """Events: confetti and rings."""
    draw = ImageDraw.Draw(layer)
    width, height = layer.size
    for r, alpha in ((210, 110), (150, 80), (90, 140)):
        cx, cy = int(width * 0.72), int(height * 0.5)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=light + (alpha,), width=14)
    palette = (light, mid, (255, 255, 255))
    for _piece in range(170):
        x, y = rng.randint(0, width), rng.randint(0, height)
        colour = rng.choice(palette) + (rng.randint(120, 230),)
        if rng.random() < 0.5:
            r = rng.randint(4, 11)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
        else:
            w, h = rng.randint(6, 12), rng.randint(14, 26)
            piece = PILImage.new("RGBA", (w, h), colour)
            layer.alpha_composite(piece.rotate(rng.randint(0, 180), expand=True), (x, y))


def font(size):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow built without FreeType: a small bitmap font
        return ImageFont.load_default()


def draw_steps(draw, size, rng, mid, dark):
    """The five steps of digitisation: numbered boxes joined by arrows."""
    width, height = size
    box, gap = 170, (width - 5 * 170) // 6
    top = height // 2 - box // 2
    label = font(72)
    for i in range(5):
        x = gap + i * (box + gap)
        draw.rounded_rectangle((x + 8, top + 10, x + box + 8, top + box + 10), radius=28, fill=(0, 0, 0, 35))
        draw.rounded_rectangle((x, top, x + box, top + box), radius=28, fill=mid + (255 - i * 25,))
        draw.text((x + box // 2, top + box // 2), str(i + 1), fill=(255, 255, 255), font=label, anchor="mm")
        for bar in range(3):
            length = rng.randint(70, 130)
            draw.rounded_rectangle(
                (x + 20, top + box + 30 + bar * 22, x + 20 + length, top + box + 40 + bar * 22),
                radius=5,
                fill=dark + (90,),
            )
        if i < 4:
            ax, ay = x + box + 14, top + box // 2
            draw.line((ax, ay, ax + gap - 34, ay), fill=dark, width=8)
            draw.polygon(((ax + gap - 34, ay - 16), (ax + gap - 14, ay), (ax + gap - 34, ay + 16)), fill=dark)


def draw_floorplan(draw, size, rng, mid, dark):
    """A gallery floor plan: walls, display cases, 360° shooting points and the links between them."""
    width, height = size
    left, top, right, bottom = 80, 60, width - 80, height - 60
    draw.rectangle((left, top, right, bottom), outline=dark, width=10)
    walls = (int(width * 0.38), int(width * 0.66))
    for x in walls:
        draw.line((x, top, x, top + 170), fill=dark, width=10)
        draw.line((x, bottom - 170, x, bottom), fill=dark, width=10)
    slots = [x for x in range(left + 40, right - 100, 110) if all(abs(x + 48 - wall) > 70 for wall in walls)]
    for slot in rng.sample(range(2 * len(slots)), 9):
        x, y = slots[slot % len(slots)], top + 30 if slot < len(slots) else bottom - 80
        draw.rectangle((x, y, x + rng.randint(60, 95), y + 50), fill=mid + (70,), outline=mid + (160,), width=3)
    points = [(int(width * f), height // 2 + rng.randint(-40, 40)) for f in (0.16, 0.28, 0.45, 0.58, 0.74, 0.86)]
    points.insert(2, (int(width * 0.28), top + 130))
    for a, b in zip(points, points[1:], strict=False):
        draw.line((a, b), fill=mid, width=5)
    number = font(26)
    for i, (x, y) in enumerate(points, start=1):
        draw.ellipse((x - 24, y - 24, x + 24, y + 24), fill=mid, outline=(255, 255, 255), width=5)
        draw.text((x, y), str(i), fill=(255, 255, 255), font=number, anchor="mm")


COVER_MOTIFS = {
    "grid": draw_grid,
    "pages": draw_pages,
    "bubbles": draw_bubbles,
    "arches": draw_arches,
    "confetti": draw_confetti,
}
DIAGRAMS = {"steps": draw_steps, "floorplan": draw_floorplan}
