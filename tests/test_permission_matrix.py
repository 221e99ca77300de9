"""The permission matrix (issue 6): every URL pattern of the project, Wagtail's and Django's
admin included, has a rule in ``tests/permission_rules.py`` saying what each role gets, and
each rule's requests are made as every role and compared with it.

The patterns are read from the URLconf, so a new view without a rule fails
``test_every_url_pattern_has_a_rule``. One world (units A and B, their learners, HR officers,
trainers, courses, quizzes, attempts, certificates, classes, log entries) is built once for the
module; every request runs in a savepoint rolled back after it, so no request sees what
another one wrote, and a POST that a role may not make is also checked to leave the database
as it was.
"""

import copy
import fnmatch
import io
import itertools
import json
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from certificates.models import Certificate, CertificateSettings
from classes import services as class_services
from classes.models import TrainingClass
from courses.models import CourseIndexPage, CoursePage, CourseTrainer, Enrolment, LessonPage
from people.exports import scope_of
from people.models import (
    AdministrativeUnit,
    AuditEntry,
    HRScope,
    Institution,
    InstitutionType,
    PreparedExport,
    StaffProfile,
)
from people.roles import HR, PROVINCIAL_ADMINS, TRAINERS
from quizzes.models import Category, Question, Response
from scorm.models import ScormLessonPage, ScormPackage, ScormRecord
from scorm.packages import read_package

from . import permission_rules as rules
from .conftest import PASSWORD, group_named
from .quiz_factories import answer_ids, choice_tokens, make_question, make_quiz
from .scorm_builder import scorm12_package

OUR_APPS = ("people", "courses", "quizzes", "scorm", "certificates", "classes", "reports", "lms")
LOGIN_PATHS = (settings.LOGIN_URL, "/admin/login/", "/django-admin/login/", "/_util/login/")


# The URLconf -----------------------------------------------------------------------------------


class Entry(SimpleNamespace):
    """One URL pattern: ``key`` ("namespace:name", or the route when unnamed), ``name`` (for
    reverse), ``route``, ``module`` (of its view) and ``namespace``."""

    @property
    def is_ours(self):
        if self.module.split(".")[0] in OUR_APPS:
            return True
        namespace = self.namespace.split(":")[0]
        return any(namespace == app or namespace.startswith(f"{app}_") or f"_{app}_" in namespace for app in OUR_APPS)

    @property
    def url(self):
        """The pattern's URL when it takes no argument, else None."""
        if self.name:
            try:
                return reverse(self.name)
            except NoReverseMatch:
                return None
        if any(char in self.route for char in "<(^$"):
            return None
        return f"/{self.route}"


def view_module(pattern):
    callback = pattern.callback
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    return (view_class or callback).__module__


def walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield Entry(key=name or route, name=name, route=route, module=view_module(pattern), namespace=namespace)


def url_entries():
    """Every URL pattern once per key (two routes of one name share its rule)."""
    entries = {}
    for entry in walk(get_resolver().url_patterns):
        entries.setdefault(entry.key, entry)
    return list(entries.values())


ENTRIES = url_entries()


def rule_for(key):
    """The exact rule of ``key``, else the first glob rule matching it."""
    return rules.EXACT.get(key) or next((rule for rule in rules.GLOBS if fnmatch.fnmatchcase(key, rule.pattern)), None)


def probes_for(entry):
    rule = rule_for(entry.key)
    if rule is None:
        return []
    if rule.probes:
        return list(rule.probes)
    if rule.family is not None and entry.url is not None:
        return [rules.Probe(rule.family, url=lambda world, url=entry.url: url)]
    return []


REQUESTED = [entry for entry in ENTRIES if probes_for(entry)]


# The world -------------------------------------------------------------------------------------


def make_user(username, groups=(), full_name=None, institution=None, **fields):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.vn", **fields
    )
    for name in groups:
        user.groups.add(group_named(name))
    if full_name:
        StaffProfile.objects.create(user=user, full_name=full_name, institution=institution)
    return user


def make_hr(username, full_name, unit):
    user = make_user(username, [HR], full_name)
    HRScope.objects.create(user=user).administrative_units.add(unit)
    return user


def add_course(index, title, slug, trainer, lessons=2, **fields):
    course = index.add_child(instance=CoursePage(title=title, slug=slug, summary="Chuyển đổi số.", live=True, **fields))
    CourseTrainer.objects.create(course=course, user=trainer)
    pages = [
        course.add_child(
            instance=LessonPage(
                title=f"{title}: bài {i}",
                slug=f"bai-{i}",
                live=True,
                body=[("paragraph", RichText(f"<p>Nội dung bài {i}.</p>"))],
            )
        )
        for i in range(1, lessons + 1)
    ]
    return course, pages


def make_image(title, uploaded_by):
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "white").save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title, file=ContentFile(buffer.getvalue(), name="anh.png"), uploaded_by_user=uploaded_by
    )


def make_document(title, uploaded_by):
    content = ContentFile(b"%PDF-1.4\n%%EOF\n", name="tai-lieu.pdf")
    return get_document_model().objects.create(title=title, file=content, uploaded_by_user=uploaded_by)


def build_world():
    """Unit A (district A and its library) holds the learner whose records every rule is
    about; unit B holds the other learner. Each unit has its HR officer, each course its
    trainer."""
    w = SimpleNamespace()
    root = Page.get_first_root_node()
    w.index = root.add_child(instance=CourseIndexPage(title="Khoá học", slug="khoa-hoc-ma-tran", live=True))
    w.site = Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": w.index}
    )[0]
    Site.clear_site_root_paths_cache()

    province = AdministrativeUnit.objects.create(name="Tỉnh Ma Trận", code="mt", level="province")
    w.district_a = AdministrativeUnit.objects.create(name="Huyện Ánh Dương", code="anh-duong", parent=province)
    w.district_b = AdministrativeUnit.objects.create(name="Huyện Bình Minh", code="binh-minh", parent=province)
    library = InstitutionType.objects.get_or_create(code="public_library")[0]
    w.library_a = Institution.objects.create(
        name="Thư viện Ánh Dương", code="tv-anh-duong", institution_type=library, administrative_unit=w.district_a
    )
    w.library_b = Institution.objects.create(
        name="Thư viện Bình Minh", code="tv-binh-minh", institution_type=library, administrative_unit=w.district_b
    )

    w.users = {
        "learner": make_user("hv-a", full_name="Lê Thị Alpha", institution=w.library_a),
        "other_learner": make_user("hv-b", full_name="Đào Văn Beta", institution=w.library_b),
        "trainer": make_user("gv-a", [TRAINERS], "Phạm Giảng Viên A"),
        "other_trainer": make_user("gv-b", [TRAINERS], "Phạm Giảng Viên B"),
        "hr_other": make_hr("tccb-b", "Mai Tổ Chức B", w.district_b),
        "hr": make_hr("tccb-a", "Mai Tổ Chức A", w.district_a),
        "admin": make_user("so-vhtt", [PROVINCIAL_ADMINS], "Hoàng Quản Trị"),
        "superuser": make_user("quantri", is_superuser=True, is_staff=True),
    }
    w.learner, w.other_learner = w.users["learner"], w.users["other_learner"]
    w.newcomer = make_user("moi-den")  # an account with no staff profile yet
    # Imported into unit A, no password yet: waiting for an invitation.
    w.invitee = make_user("moi-a", full_name="Ngô Mới Alpha", institution=w.library_a)
    w.invitee.set_unusable_password()
    w.invitee.save()
    w.profile_invitee = w.invitee.staff_profile
    w.profile_a, w.profile_b = w.learner.staff_profile, w.other_learner.staff_profile

    w.course_a, w.lessons_a = add_course(w.index, "Số hoá tài liệu Alpha", "so-hoa-alpha", w.users["trainer"])
    w.course_b, w.lessons_b = add_course(
        w.index, "Bảo tàng số Beta", "bao-tang-beta", w.users["other_trainer"], lessons=1, self_enrolment_open=False
    )
    w.draft_lesson = w.course_a.add_child(instance=LessonPage(title="Bài nháp", slug="bai-nhap", live=False))
    upload = ContentFile(scorm12_package(title="Gói SCORM Alpha"), name="goi-alpha.zip")
    package = ScormPackage.create_from_upload(upload, read_package(upload), user=w.users["trainer"])
    w.scorm_lesson = w.course_a.add_child(
        instance=ScormLessonPage(title="Gói SCORM Alpha", slug="goi-scorm-alpha", live=True, package=package)
    )

    # Learner A: assigned course A by HR A, completed it, holds its certificate; an essay of its
    # final quiz waits for marking, and an attempt at a lesson's check is open.
    w.enrolment_a = Enrolment.objects.create(
        user=w.learner,
        course=w.course_a,
        due_date=timezone.localdate() + timedelta(days=30),
        assigned_by=w.users["hr"],
        completed_at=timezone.now(),
    )
    w.essay = make_question(Question.Kind.ESSAY, content="Trình bày kế hoạch số hoá Alpha.")
    w.quiz_a = make_quiz([make_question(), w.essay], title="Kiểm tra cuối khoá Alpha", course=w.course_a)
    attempt = w.quiz_a.start_attempt(w.learner)
    for question in attempt.questions():
        if question.is_essay:
            attempt.save_response(question.pk, text="Bài làm tự luận Alpha.")
        else:
            attempt.save_response(question.pk, choice_tokens(attempt, question, answer_ids(question)))
    attempt.submit()
    w.submitted_attempt = attempt
    w.essay_response = Response.objects.get(attempt=attempt, question=w.essay)
    w.check_quiz = make_quiz(2, title="Câu hỏi ôn tập Alpha", lesson=w.lessons_a[0], required_for_completion=False)
    w.open_attempt = w.check_quiz.start_attempt(w.learner)
    w.cert_a = Certificate.objects.issue(w.enrolment_a, deliver=False)[0]
    w.scorm_record = ScormRecord.objects.launch(w.enrolment_a, w.scorm_lesson)

    w.enrolment_b = Enrolment.objects.create(user=w.other_learner, course=w.course_b, completed_at=timezone.now())
    w.quiz_b = make_quiz(1, title="Kiểm tra cuối khoá Beta", course=w.course_b)
    w.cert_b = Certificate.objects.issue(w.enrolment_b, deliver=False)[0]

    held = {"starts_on": timezone.localdate() - timedelta(days=10), "ends_on": timezone.localdate() - timedelta(days=9)}
    w.class_a = TrainingClass.objects.create(
        title="Lớp tập huấn Alpha",
        place="Ánh Dương",
        hours=Decimal("8"),
        organiser=w.library_a,
        trainer=w.users["trainer"],
        **held,
    )
    class_services.record_attendance(w.class_a, w.profile_a, actor=None)
    w.class_b = TrainingClass.objects.create(
        title="Lớp tập huấn Beta",
        place="Bình Minh",
        hours=Decimal("8"),
        organiser=w.library_b,
        trainer=w.users["other_trainer"],
        **held,
    )
    class_services.record_attendance(w.class_b, w.profile_b, actor=None)

    for instance in (w.profile_a, w.class_a, w.cert_a, w.profile_b, w.class_b, w.cert_b):
        log(instance, "wagtail.edit", user=w.users["admin"])
    w.audit_entry = AuditEntry.record_export(w.users["hr"], "danh-sach-alpha", "csv", rows=1)
    # A completion export HR of unit A had prepared in the background (people/exports.py).
    w.prepared_export = PreparedExport.objects.create(
        user=w.users["hr"],
        title="Kết quả đào tạo Alpha",
        file_format="csv",
        path="/admin/completion-records/export/csv/",
        language="vi",
        permission="reports.view_completion_records",
        scope=scope_of(w.users["hr"]),
    )
    w.prepared_export.mark_ready(
        w.prepared_export.file.storage.save("exports/alpha.csv", ContentFile("Mã nhân viên\n".encode())),
        1,
        "text/csv; charset=utf-8",
        'attachment; filename="ket-qua-dao-tao.csv"',
    )
    w.hr_scope_a = w.users["hr"].hr_scope
    w.category = Category.objects.create(name="Chuyển đổi số")
    Question.objects.filter(pk=w.essay.pk).update(category=w.category)

    # Files: the certificate's signature and a handout uploaded by the provincial administrator,
    # a lesson picture and a handout uploaded by trainer A.
    w.signature = make_image("Chữ ký và con dấu", w.users["admin"])
    branding = CertificateSettings.for_site(w.site)
    branding.signature = w.signature
    branding.save()
    w.admin_document = make_document("Quy chế cấp giấy chứng nhận", w.users["admin"])
    w.trainer_image = make_image("Ảnh bài học Alpha", w.users["trainer"])
    w.trainer_document = make_document("Tài liệu bài học Alpha", w.users["trainer"])
    # A handout offered in course A's first lesson, and one the catalogue's introduction links.
    w.lesson_document = make_document("Bảng kiểm số hoá Alpha", w.users["trainer"])
    w.lessons_a[0].body.append(("document", {"document": w.lesson_document, "title": ""}))
    w.lessons_a[0].save_revision().publish()
    w.public_document = make_document("Quy chế học tập", w.users["admin"])
    w.index.intro = f'<p><a linktype="document" id="{w.public_document.pk}">Quy chế học tập</a></p>'
    w.index.save_revision().publish()

    w.clients = {}
    for role in rules.ROLES:
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        if role in w.users:
            client.force_login(w.users[role])
        w.clients[role] = client
    return w


@pytest.fixture(scope="module")
def world_media(tmp_path_factory):
    return tmp_path_factory.mktemp("matrix-media")


def world_storages(world_media):
    scorm = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": world_media / "scorm"}}
    return {**settings.STORAGES, "scorm": scorm}


@pytest.fixture(autouse=True)
def media_root(settings, world_media):
    """The world's files (images, documents, a SCORM package) are stored once, in the module's
    own folder (never the project's): every request finds them there, and stores what it stores
    there too (renditions, certificate PDFs)."""
    settings.MEDIA_ROOT = world_media
    settings.STORAGES = world_storages(world_media)
    return world_media


def world_settings(world_media, certificate_keys_dir):
    """The settings a world is built with: its own files and the run's signing key (the
    function-scoped fixtures that set them for the tests do not reach a module's fixture)."""
    return {
        "MEDIA_ROOT": world_media,
        "STORAGES": world_storages(world_media),
        "LMS_CERTIFICATE_KEYS_DIR": certificate_keys_dir,
        "LMS_CERTIFICATE_KEYS_GENERATE": True,
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, world_media, certificate_keys_dir):
    """Built once, in a transaction rolled back after the module's last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(**world_settings(world_media, certificate_keys_dir)):
            built = build_world()
        yield built
        transaction.set_rollback(True)


# Requests and what they got --------------------------------------------------------------------


def body_text(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode("utf-8", errors="replace")
    if response.get("Content-Type", "").startswith("application/json"):
        # Choosers answer HTML inside JSON, which escapes "ư" as "\\u01b0": search it decoded too.
        text += json.dumps(json.loads(text), ensure_ascii=False)
    return text


def outcome(response, text, marker):
    """The symbolic outcome of a response (the names of ``permission_rules``)."""
    status = response.status_code
    if status == 200:
        if marker is not None:
            return rules.SEES if marker in text else rules.SCOPED
        attachment = response.get("Content-Disposition", "").startswith("attachment")
        return rules.FILE if attachment else rules.OK
    if status in (301, 302, 303):
        location = response["Location"]
        if location.split("?")[0] in LOGIN_PATHS:
            return rules.LOGIN
        # Wagtail's permission_denied(): back to the dashboard, with an error message.
        if location == reverse("wagtailadmin_home") and response.cookies.get("messages"):
            return rules.DENIED
        return rules.REDIRECT
    return {403: rules.DENIED, 404: rules.NOT_FOUND, 405: rules.NOT_ALLOWED}.get(status, f"HTTP {status}")


def request(world, role, probe):
    """``(outcome, wrote)``: what ``role`` got, and whether the database state the probe
    watches changed. Rolled back whatever happened."""
    client = world.clients[role]
    url = probe.build_url(world)
    marker = probe.marker(world) if probe.marker else None
    # The session row is rolled back with the rest; its cookie, and the messages cookie, are
    # put back too (a logout or a password change would otherwise sign the client out).
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        before = probe.state(world) if probe.state else None
        try:
            if probe.method == "POST":
                data = probe.data(world) if probe.data else {}
                if isinstance(data, str):  # a JSON body (a SCORM commit)
                    response = client.post(url, data, content_type="application/json")
                else:
                    response = client.post(url, data)
            else:
                response = client.get(url)
            got = outcome(response, body_text(response), marker)
            wrote = probe.state is not None and probe.state(world) != before
        except Exception as error:  # a crash is an outcome too, shown in the table
            got, wrote = f"ERROR {type(error).__name__}: {error}"[:120], False
        transaction.set_rollback(True)
    client.cookies = cookies
    return got, wrote


def mismatches(world, entry):
    """``(request, role, expected, got)`` of every request of ``entry`` that went against its rule."""
    rows = []
    for probe in probes_for(entry):
        label = f"{probe.method} {probe.build_url(world)}"
        for role in (role for role in rules.ROLES if role in probe.expect):
            got, wrote = request(world, role, probe)
            if not rules.matches(probe.expect[role], got):
                rows.append((label, role, str(probe.expect[role]), got))
            if wrote and role not in probe.may_write:
                rows.append((label, role, "no write", "WROTE"))
    return rows


def known_defect(entry, row):
    label, role, _expected, got = row
    return next(
        (
            defect
            for defect in rules.KNOWN_DEFECTS
            if defect.pattern == entry.key
            and role in defect.roles
            and label.startswith(defect.method + " ")
            and got.startswith(defect.got)
        ),
        None,
    )


def table(rows):
    widths = [max(len(str(row[i])) for row in rows) for i in range(4)]
    header = ("request", "role", "expected", "got")
    widths = [max(width, len(title)) for width, title in zip(widths, header, strict=True)]
    lines = [
        "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)) for row in [header, *rows]
    ]
    return "\n".join(lines)


# The tests ---------------------------------------------------------------------------------------


def test_every_url_pattern_has_a_rule():
    missing = sorted(
        f"{entry.key}  ({entry.route}, {entry.module})" for entry in ENTRIES if rule_for(entry.key) is None
    )
    assert not missing, "URL patterns without a rule in tests/permission_rules.py:\n" + "\n".join(missing)


def test_our_views_have_their_own_rule_and_are_requested():
    """Globs are for Wagtail's and Django's own families; each view of our apps has its own
    rule, with requests."""
    loose = sorted(
        entry.key
        for entry in ENTRIES
        if entry.is_ours and (entry.key not in rules.EXACT or not rules.EXACT[entry.key].probes)
    )
    assert not loose, "Our views need an exact rule with probes:\n" + "\n".join(loose)


def test_no_pattern_has_two_exact_rules():
    """``EXACT`` keeps the last rule of a key: an earlier one would silently never be made."""
    counts = {}
    for rule in rules.RULES:
        if not rule.is_glob:
            counts[rule.pattern] = counts.get(rule.pattern, 0) + 1
    twice = sorted(key for key, count in counts.items() if count > 1)
    assert not twice, "Patterns with two exact rules (only the last is requested):\n" + "\n".join(twice)


def test_every_rule_matches_a_url_pattern():
    keys = {entry.key for entry in ENTRIES}
    stale = sorted(key for key in rules.EXACT if key not in keys)
    stale += sorted(
        rule.pattern for rule in rules.GLOBS if not any(fnmatch.fnmatchcase(key, rule.pattern) for key in keys)
    )
    assert not stale, "Rules for URL patterns that no longer exist:\n" + "\n".join(stale)


def ours(rule):
    return any(entry.is_ours for entry in ENTRIES if fnmatch.fnmatchcase(entry.key, rule.pattern))


def test_every_probe_says_what_each_role_gets():
    incomplete = []
    for rule in itertools.chain(rules.EXACT.values(), rules.GLOBS):
        probes = list(rule.probes) or ([rules.Probe(rule.family)] if rule.family else [])
        if not probes and not rule.why_not_requested:
            incomplete.append(f"{rule.pattern}: neither requests nor why not")
        for probe in probes:
            # Wagtail's and Django's own screens may be requested as one role of each kind only.
            roles = (
                rules.FAMILY_ROLES if set(probe.expect) == set(rules.FAMILY_ROLES) and not ours(rule) else rules.ROLES
            )
            if set(probe.expect) != set(roles):
                incomplete.append(f"{rule.pattern}: {sorted(set(roles) ^ set(probe.expect))}")
            outcomes = {o for value in probe.expect.values() for o in (value if isinstance(value, tuple) else [value])}
            marked = {rules.SEES, rules.SCOPED} & outcomes
            if bool(marked) != (probe.marker is not None):
                incomplete.append(f"{rule.pattern}: SEES and SCOPED go with a marker, a marker with them")
    assert not incomplete, "\n".join(incomplete)


@pytest.mark.django_db
@pytest.mark.parametrize("entry", REQUESTED, ids=[entry.key for entry in REQUESTED])
def test_role_gets_what_the_rule_says(world, entry):
    rows = mismatches(world, entry)
    known = {row: known_defect(entry, row) for row in rows}
    unexpected = [row for row, defect in known.items() if defect is None]
    assert not unexpected, f"{entry.key} ({entry.route}):\n{table(unexpected)}"
    listed = {defect for defect in rules.KNOWN_DEFECTS if defect.pattern == entry.key}
    fixed = listed - set(known.values())
    assert not fixed, f"{entry.key}: fixed, remove from KNOWN_DEFECTS: {[defect.why for defect in fixed]}"
    if known:
        pytest.xfail("; ".join(sorted({defect.why for defect in known.values()})))
