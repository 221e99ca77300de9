"""The demo's SCORM lesson (``manage.py seed_demo``): a real SCORM 1.2 package kept as source files
in ``lms/demo/scorm/``, uploaded as the course trainer at seed time, played by the demo learner;
the learners whose history has done it hold the passed result its package would have reported."""

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client

from courses.models import CoursePage, Enrolment, LessonCompletion
from lms.management.commands.seed_demo import SCORM_SOURCES, zip_folder
from scorm.models import ScormLessonPage, ScormPackage, ScormRecord, package_storage
from scorm.packages import read_package

SLUG = "an-toan-thong-tin-tai-thu-vien"
SOURCE = SCORM_SOURCES / SLUG


def seed():
    call_command("seed_demo", "--force", stdout=io.StringIO())


def demo_lesson():
    return ScormLessonPage.objects.select_related("package").get(slug=SLUG)


def test_the_package_reads_as_scorm_12_with_its_mastery_score():
    data = zip_folder(SOURCE)
    assert data == zip_folder(SOURCE)  # the same bytes each run: the same checksum

    info = read_package(ContentFile(data, name=f"{SLUG}.zip"))

    assert (info.version, info.launch, info.launch_query) == ("1.2", "index.html", "")
    assert info.mastery_score == Decimal(70)
    assert info.title == "An toàn thông tin khi làm việc tại thư viện"
    assert info.file_count == len([path for path in SOURCE.rglob("*") if path.is_file()])


def test_the_package_refers_only_to_its_own_files_and_elements():
    files = {path.relative_to(SOURCE).as_posix() for path in SOURCE.rglob("*") if path.is_file()}
    manifest = (SOURCE / "imsmanifest.xml").read_text(encoding="utf-8")
    html = (SOURCE / "index.html").read_text(encoding="utf-8")
    script = (SOURCE / "bai-hoc.js").read_text(encoding="utf-8")

    # The SCO resource lists every file of the package but the manifest, and no other.
    assert set(re.findall(r'<file href="([^"]+)"', manifest)) == files - {"imsmanifest.xml"}
    linked = set(re.findall(r'(?:src|href)="([^"]+)"', html))
    assert linked == {"bai-hoc.css", "bai-hoc.js"}
    assert not re.search(r"https?://", html + script)  # nothing from outside the package
    assert '<html lang="vi">' in html
    # Every element the script looks up, and every question it marks, is in the page.
    ids = set(re.findall(r'id="([^"]+)"', html))
    wanted = set(re.findall(r'getElementById\("([^"]+)"\)', script))
    wanted |= set(re.findall(r'"(trang-\d|ket-qua)"', script))
    assert wanted and wanted <= ids
    answers = dict(re.findall(r'"(cau-\d)": "(\d)"', script))
    assert len(answers) == 4
    for name, value in answers.items():
        assert f'name="{name}" value="{value}"' in html
    # The run-time calls the task needs, with SCORM 1.2's element names.
    for call in ("LMSInitialize", "LMSCommit", "LMSFinish", "LMSGetValue", "LMSSetValue"):
        assert f"api.{call}(" in script
    for element in (
        "cmi.core.lesson_location",
        "cmi.suspend_data",
        "cmi.core.entry",
        "cmi.core.score.raw",
        "cmi.core.score.min",
        "cmi.core.score.max",
        "cmi.core.lesson_status",
        "cmi.core.session_time",
        "cmi.core.exit",
    ):
        assert f'"{element}"' in script, element


@pytest.mark.django_db
def test_seed_demo_adds_the_scorm_lesson_once_uploaded_by_the_course_trainer():
    seed()
    lesson = demo_lesson()
    course = CoursePage.objects.get(slug="chuyen-doi-so-trong-hoat-dong-thu-vien")
    assert lesson.live and not lesson.has_unpublished_changes
    assert lesson.get_parent().pk == course.pk
    # The fourth lesson: after the library software, before cataloguing.
    slugs = list(course.lessons().values_list("slug", flat=True))
    assert slugs[2:5] == ["phan-mem-quan-ly-thu-vien-tich-hop", SLUG, "bien-muc-marc-21-va-dublin-core"]

    package = lesson.package
    assert (package.scorm_version, package.launch, package.mastery_score) == ("1.2", "index.html", Decimal(70))
    assert package.uploaded_by.username == "trainer"
    assert course.trainers().filter(pk=package.uploaded_by_id).exists()
    storage = package_storage()
    for name in ("imsmanifest.xml", "index.html", "bai-hoc.css", "bai-hoc.js"):
        assert storage.exists(package.file_path(name)), name

    records = ScormRecord.objects.count()
    seed()
    assert ScormLessonPage.objects.filter(slug=SLUG).count() == 1
    assert ScormPackage.objects.count() == 1
    assert ScormRecord.objects.count() == records

    # A demo database seeded before the lesson existed gets it in its place, not last.
    lesson.delete()
    seed()
    assert list(course.lessons().values_list("slug", flat=True)) == slugs


@pytest.mark.django_db
def test_learners_who_did_the_lesson_passed_it_and_the_demo_learner_has_it_to_play():
    seed()
    lesson = demo_lesson()
    done = LessonCompletion.objects.filter(lesson=lesson)
    records = ScormRecord.objects.filter(lesson=lesson)
    assert done.exists()
    # Exactly the learners whose history has done the lesson hold a result, passed, saved then.
    assert set(records.values_list("enrolment", flat=True)) == set(done.values_list("enrolment", flat=True))
    for record in records.select_related("enrolment"):
        completion = done.get(enrolment=record.enrolment)
        assert (record.status, record.success) == ("passed", "passed")
        assert record.score in (Decimal(75), Decimal(100))
        assert record.completed_at == record.saved_at == completion.completed_at
        assert record.cmi["core"]["exit"] == ""
    completed = Enrolment.objects.completed().filter(course=lesson.get_parent())
    assert completed.exists()
    assert not completed.exclude(scorm_records__lesson=lesson).exists()

    learner = Enrolment.objects.get(user__username="learner", course=lesson.get_parent())
    assert not learner.is_completed
    assert not done.filter(enrolment=learner).exists()
    assert not records.filter(enrolment=learner).exists()


@pytest.mark.django_db
def test_the_demo_learner_plays_the_package_with_the_bridge():
    seed()
    lesson = demo_lesson()
    client = Client(HTTP_HOST="localhost")
    client.force_login(get_user_model().objects.get(username="learner"))

    page = client.get(lesson.url)

    assert page.status_code == 200
    config = page.context["player"].config
    assert config["version"] == "1.2" and config["package"] == lesson.package.pk
    assert config["commitUrl"] and config["cmi"]["core"]["lesson_status"] == "not attempted"
    assert config["contentUrl"].endswith("/index.html")
    assert 'id="scorm-config"' in page.content.decode()

    content = client.get(config["contentUrl"])
    assert content.status_code == 200
    html = content.content.decode()
    assert html.index("scorm/frame.js") < html.index('src="bai-hoc.js"')  # window.API before the package
    assert "An toàn thông tin khi làm việc tại thư viện" in html
    assert "sandbox" in content["Content-Security-Policy"]
    script = client.get(config["contentUrl"].replace("index.html", "bai-hoc.js"))
    assert script.status_code == 200
    assert b"LMSInitialize" in b"".join(script.streaming_content)


def test_every_package_source_folder_is_a_demo_lesson():
    from lms.demo.courses import COURSES

    used = {lesson["scorm"] for course in COURSES for lesson in course["lessons"] if "scorm" in lesson}
    assert used == {path.name for path in Path(SCORM_SOURCES).iterdir() if path.is_dir()}
