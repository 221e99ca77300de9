"""Documents offered in lessons are for those who may read the lessons: the course's enrolled
learners, whoever may preview it (its trainers, provincial administrators, superusers) and the
admin users who may change the document (its uploader, provincial administrators). A document
that a published page outside the courses' lessons offers stays public; one that no page offers
is for those who may change it. Images stay public. Neither runserver's media serving (DEBUG)
nor nginx (docs/DEPLOY.md) hands out a document's file directly, and every document response is
kept out of shared caches."""

import importlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import clear_url_caches
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission, Page, PageViewRestriction
from wagtail.rich_text import RichText

from courses import lesson_documents
from courses.models import LessonPage
from people.roles import TRAINERS

from .conftest import client_for, enrol, make_course, make_user

PDF = b"%PDF-1.4\n% Tai lieu bai hoc\n%%EOF\n"
ROOT = Path(__file__).resolve().parent.parent


def make_document(title="Bảng kiểm số hoá", uploaded_by=None, name="bang-kiem.pdf"):
    return get_document_model().objects.create(
        title=title, file=ContentFile(PDF, name=name), uploaded_by_user=uploaded_by
    )


def offer(lesson, document):
    """Add a download block for ``document`` to the lesson and publish it, as a trainer does in
    the admin."""
    lesson.body.append(("document", {"document": document, "title": ""}))
    lesson.save_revision().publish()


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_downloads(user, document):
    response = client_for(user).get(document.url)
    assert response.status_code == 200, response.status_code
    assert body(response) == PDF
    return response


def assert_refused(user, document):
    response = client_for(user).get(document.url)
    assert response.status_code == 403
    assert PDF not in response.content
    return response


@pytest.fixture
def course(course_index, trainer):
    return make_course(course_index, 2, title="Số hoá tài liệu thư viện", trainer=trainer)


@pytest.fixture
def handout(course):
    """A document offered in the course's first lesson."""
    document = make_document()
    offer(course[1][0], document)
    return document


@pytest.fixture
def other_trainer(course_index):
    """A trainer of another course."""
    user = make_user("giangvien-khac", groups=[TRAINERS], profile={"full_name": "Đỗ Văn Khác"})
    make_course(course_index, 1, title="Bảo tàng số", trainer=user)
    return user


def collection_group(name, *actions):
    """A group holding ``actions`` (add, change, choose) on documents in the root collection,
    and admin access, but no page permission: what it may do comes from the documents alone."""
    group = Group.objects.create(name=name)
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for action in actions:
        GroupCollectionPermission.objects.create(
            group=group,
            collection=Collection.get_first_root_node(),
            permission=Permission.objects.get(content_type__app_label="wagtaildocs", codename=f"{action}_document"),
        )
    return group


# Documents of lessons -----------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_log_in(handout, anon_client):
    response = anon_client.get(handout.url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={handout.url}"


def test_learner_not_enrolled_is_refused_with_a_link_to_the_course(course, handout, learner):
    response = assert_refused(learner, handout)

    text = response.content.decode()
    assert "Document not available" in text
    assert "Số hoá tài liệu thư viện" in text
    assert f'href="{course[0].url}"' in text


def test_refusal_is_in_vietnamese_by_default(course, handout, learner):
    client = Client()
    client.force_login(learner)

    response = client.get(handout.url)

    assert response.status_code == 403
    assert "Không thể tải tài liệu" in response.content.decode()


def test_trainer_of_another_course_is_refused(handout, other_trainer):
    assert_refused(other_trainer, handout)


@pytest.mark.parametrize("who", ["enrolled learner", "course trainer", "provincial_admin", "superuser"])
def test_who_may_read_the_lesson_downloads_its_document(request, course, handout, learner, trainer, who):
    users = {"enrolled learner": learner, "course trainer": trainer}
    if who == "enrolled learner":
        enrol(learner, course[0])
    user = users.get(who) or request.getfixturevalue(who)

    response = assert_downloads(user, handout)

    assert response["Content-Disposition"] == 'inline; filename="bang-kiem.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_link_in_the_lesson_text_counts_too(course, learner, other_learner):
    document = make_document(title="Phụ lục", name="phu-luc.pdf")
    lesson = course[1][1]
    lesson.body.append(("paragraph", RichText(f'<p>Xem <a linktype="document" id="{document.pk}">phụ lục</a>.</p>')))
    lesson.save_revision().publish()
    enrol(learner, course[0])

    assert_downloads(learner, document)
    assert_refused(other_learner, document)


def test_hr_officer_not_enrolled_is_refused(handout, hr):
    assert_refused(hr, handout)


def test_its_uploader_downloads_it_without_reading_the_course(course, learner):
    """An admin user who may add documents may change those they uploaded: they get their own
    file, whichever lessons offer it."""
    learner.groups.add(collection_group("Người tải lên", "add"))
    own, others = make_document(uploaded_by=learner), make_document(title="Của người khác", name="khac.pdf")
    offer(course[1][0], own)
    offer(course[1][1], others)

    assert_downloads(learner, own)
    assert_refused(learner, others)


def test_choosing_documents_in_the_admin_does_not_open_every_lesson(course, handout, learner):
    learner.groups.add(collection_group("Người chọn tài liệu", "choose"))

    assert_refused(learner, handout)


def test_who_may_change_every_document_downloads_it(course, handout, learner):
    learner.groups.add(collection_group("Người quản lý tài liệu", "change"))

    assert_downloads(learner, handout)


def test_document_of_an_unpublished_lesson_is_for_those_who_preview_it(course, learner, trainer):
    enrol(learner, course[0])
    document = make_document()
    # Until its first publication, a lesson's page row holds what it was created with.
    course[0].add_child(
        instance=LessonPage(
            title="Bài sắp ra", slug="bai-sap-ra", live=False, body=[("document", {"document": document, "title": ""})]
        )
    )

    assert_refused(learner, document)
    assert_downloads(trainer, document)


def test_removing_it_from_the_lesson_withdraws_it(course, handout, learner):
    enrol(learner, course[0])
    lesson = course[1][0]
    lesson.body = [("paragraph", RichText("<p>Bài học không còn tài liệu.</p>"))]
    lesson.save_revision().publish()

    assert_refused(learner, handout)


def test_a_document_in_two_courses_is_for_the_readers_of_either(course_index, course, handout, learner, other_learner):
    other_course, other_lessons = make_course(course_index, 1)
    offer(other_lessons[0], handout)
    enrol(other_learner, other_course)

    assert_downloads(other_learner, handout)
    assert_refused(learner, handout)


def test_the_check_costs_two_queries(course, handout, learner, django_assert_max_num_queries):
    enrol(learner, course[0])
    ContentType.objects.get_for_models(Page, get_document_model())  # cached for the process
    document = get_document_model().objects.get(pk=handout.pk)

    with django_assert_max_num_queries(2):
        assert lesson_documents.may_download(document, learner)


# Documents outside the lessons ------------------------------------------------------------------


def test_document_on_a_public_page_stays_public(course_index, anon_client):
    document = make_document(title="Quy chế", name="quy-che.pdf")
    course_index.intro = f'<p>Đọc <a linktype="document" id="{document.pk}">quy chế</a>.</p>'
    course_index.save_revision().publish()

    response = anon_client.get(document.url)

    assert response.status_code == 200
    assert body(response) == PDF


def test_document_on_a_public_page_and_in_a_lesson_is_public(course_index, handout, anon_client):
    course_index.intro = f'<p><a linktype="document" id="{handout.pk}">Bảng kiểm</a></p>'
    course_index.save_revision().publish()

    assert anon_client.get(handout.url).status_code == 200


def test_document_on_a_private_page_is_not_public(course_index, anon_client, learner):
    document = make_document(title="Nội bộ", name="noi-bo.pdf")
    course_index.intro = f'<p><a linktype="document" id="{document.pk}">nội bộ</a></p>'
    course_index.save_revision().publish()
    PageViewRestriction.objects.create(page=course_index, restriction_type=PageViewRestriction.LOGIN)

    assert anon_client.get(document.url).status_code == 302
    assert_refused(learner, document)


def test_document_in_no_page_is_for_those_who_may_change_it(anon_client, learner, trainer, provincial_admin):
    document = make_document(uploaded_by=trainer)

    assert anon_client.get(document.url)["Location"].startswith("/accounts/login/")
    assert_refused(learner, document)
    assert_downloads(trainer, document)
    assert_downloads(provincial_admin, document)


def test_other_trainers_do_not_get_a_document_in_no_page(trainer, other_trainer):
    assert_refused(other_trainer, make_document(uploaded_by=trainer))


# Caching -------------------------------------------------------------------------------------------


def test_document_responses_stay_out_of_shared_caches(course, handout, course_index, learner, anon_client):
    enrol(learner, course[0])
    public = make_document(title="Quy chế", name="quy-che.pdf")
    course_index.intro = f'<p><a linktype="document" id="{public.pk}">quy chế</a></p>'
    course_index.save_revision().publish()

    for response in (client_for(learner).get(handout.url), anon_client.get(public.url)):
        assert response.status_code == 200
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-cache"} <= directives


def test_an_unchanged_document_answers_304_only_after_the_check(course, handout, learner, other_learner):
    enrol(learner, course[0])
    handout.get_file_hash()  # set on upload in the admin
    etag = client_for(learner).get(handout.url)["ETag"]

    assert client_for(learner).get(handout.url, headers={"If-None-Match": etag}).status_code == 304
    assert client_for(other_learner).get(handout.url, headers={"If-None-Match": etag}).status_code == 403


# Files in MEDIA_ROOT ----------------------------------------------------------------------------------


@pytest.fixture
def debug_urls(settings):
    """The site's URLconf as runserver builds it (DEBUG on), put back afterwards."""
    import lms.urls

    settings.DEBUG = True
    importlib.reload(lms.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(lms.urls)
    clear_url_caches()


def test_runserver_serves_images_but_no_document_file(debug_urls, handout, anon_client, media_root):
    image = get_image_model().objects.create(
        title="Ảnh", file=ContentFile(png_bytes(), name="anh.png"), width=4, height=3
    )
    rendition = image.get_rendition("width-2")
    (media_root / "certificates").mkdir()
    (media_root / "certificates" / "gcn.pdf").write_bytes(PDF)

    assert anon_client.get(image.file.url).status_code == 200
    assert anon_client.get(rendition.url).status_code == 200
    assert anon_client.get(handout.file.url).status_code == 404
    assert anon_client.get("/media/certificates/gcn.pdf").status_code == 404
    assert anon_client.get(handout.url).status_code == 302  # the document view still answers


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "white").save(buffer, "PNG")
    return buffer.getvalue()


def nginx_locations():
    """``(prefix, body)`` of every nginx ``location`` in docs/DEPLOY.md."""
    text = (ROOT / "docs" / "DEPLOY.md").read_text(encoding="utf-8")
    return re.findall(r"location\s+(\S+)\s*\{([^}]*)\}", text)


def test_nginx_serves_only_images_from_media_root():
    locations = nginx_locations()
    serving = {
        prefix for prefix, block in locations if re.search(r"\b(alias|root)\b", block) and "internal" not in block
    }
    media = {prefix for prefix in serving if prefix.startswith("/media")}

    assert media == {"/media/images/", "/media/original_images/"}
    # Both server blocks (one server; several behind a load balancer) say so.
    assert sum(prefix == "/media/images/" for prefix, _block in locations) == 2


def test_production_serves_documents_through_the_view(tmp_path):
    """Wagtail serves a document through its view (and so the check) when the storage has local
    paths and WAGTAILDOCS_SERVE_METHOD is unset or "serve_view"; "direct" would link the file
    itself and "redirect" send the browser to /media/documents/, which nginx refuses."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": "production-like-secret-key-" + "x" * 30,
        "ALLOWED_HOSTS": "lms.example.vn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    script = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "from django.core.files.storage import default_storage\n"
        "print(getattr(settings, 'WAGTAILDOCS_SERVE_METHOD', None))\n"
        "print(default_storage.path('documents/a.pdf'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stderr
    serve_method, local_path = result.stdout.splitlines()
    assert serve_method in ("None", "serve_view")
    assert local_path.endswith("documents/a.pdf")
