"""One site name, set once in Settings → Sites (the Wagtail site's "Site name"), else the
``WAGTAIL_SITE_NAME`` setting: the site header, the admin, the e-mails, the handbook cover and
the personal-data export all say the same."""

import datetime
import json
import re

import pypdfium2
import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Site

from courses.handbook import Handbook
from people import invitations
from staff_lms.sites import site_name

from .conftest import client_for, enrol, make_course, make_user

NEW_NAME = "Trường học trực tuyến Sở VHTTDL"


def rename_site(name):
    site = Site.objects.get(is_default_site=True)
    site.site_name = name
    site.save()


def vietnamese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    return client


def tight(html):
    """The page with the white space around its tags removed."""
    return re.sub(r"\s*(<[^>]*>)\s*", r"\1", " ".join(html.split()))


def cover_text(course):
    pdf = pypdfium2.PdfDocument(Handbook(course).render())
    return " ".join(pdf[0].get_textpage().get_text_range().split())


def test_the_site_record_has_no_name_so_the_setting_names_the_site(course_index, anon_client):
    assert Site.objects.get(is_default_site=True).site_name == ""

    assert site_name() == settings.WAGTAIL_SITE_NAME == "Học tập suốt đời - Thái Nguyên"
    assert f'<a class="site-title" href="/">{settings.WAGTAIL_SITE_NAME}<span>' in anon_client.get("/").text


def test_renaming_the_site_renames_the_header_and_the_page_title(course_index, anon_client):
    rename_site(NEW_NAME)

    page = anon_client.get("/").text

    assert f'<a class="site-title" href="/">{NEW_NAME}<span>' in page
    assert f"· {NEW_NAME}</title>" in page
    assert settings.WAGTAIL_SITE_NAME not in page


def test_renaming_the_site_renames_the_admin_dashboard_title_and_login(course_index, superuser):
    rename_site(NEW_NAME)

    dashboard = tight(vietnamese(client_for(superuser)).get("/admin/").text)
    login = tight(vietnamese(client_for()).get("/admin/login/").text)

    assert f'<h1 class="w-h1 w-mt-0">{NEW_NAME}</h1>' in dashboard
    assert f"<title>Trang tổng quan - {NEW_NAME}</title>" in dashboard
    assert f"<h1>Đăng nhập {NEW_NAME}</h1>" in login
    assert re.search(f"<title>[^<]* - {NEW_NAME}</title>", login)


def test_the_admin_never_names_the_site_by_its_host_name(course_index, superuser):
    """Wagtail would show "localhost" for a site record without a name."""
    dashboard = tight(client_for(superuser).get("/admin/").text)

    assert f'<h1 class="w-h1 w-mt-0">{settings.WAGTAIL_SITE_NAME}</h1>' in dashboard
    assert ">localhost<" not in dashboard


def test_renaming_the_site_renames_the_emails(course_index):
    rename_site(NEW_NAME)
    lan = make_user("lan", profile={"full_name": "Nguyễn Thị Lan"}, email="lan@example.vn")
    lan.set_unusable_password()
    lan.save()
    course, _lessons = make_course(course_index, 1, title="Số hóa tài liệu")
    enrol(lan, course, due_date=timezone.localdate() + datetime.timedelta(days=3))

    invitation = invitations.invitation_message(lan)
    call_command("send_reminders", stdout=open("/dev/null", "w"))
    client_for().post("/accounts/password-reset/", {"email": "lan@example.vn"})

    reminder, reset = mail.outbox
    assert NEW_NAME in invitation.subject and NEW_NAME in invitation.body
    assert NEW_NAME in reminder.body
    assert NEW_NAME in reset.body
    for message in (invitation, reminder, reset):
        assert settings.WAGTAIL_SITE_NAME not in message.subject + message.body


def test_renaming_the_site_renames_the_handbook_cover(course_index):
    course, _lessons = make_course(course_index, 1, title="Số hóa tài liệu")
    assert settings.WAGTAIL_SITE_NAME in cover_text(course)

    rename_site(NEW_NAME)

    cover = cover_text(course)
    assert NEW_NAME in cover
    assert settings.WAGTAIL_SITE_NAME not in cover


@pytest.mark.django_db
def test_renaming_the_site_renames_the_personal_data_export(course_index, learner):
    rename_site(NEW_NAME)

    response = client_for(learner).get("/accounts/my-data/")

    assert json.loads(response.content)["site"] == NEW_NAME
