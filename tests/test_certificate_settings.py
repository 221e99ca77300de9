"""Settings → Issuing body and Settings → Certificates start neutral: a fresh install names no
province, body, place or signatory, and the admin dashboard asks those who may change the settings
to fill them before the first document is issued. The demo seed fills them with the Thái Nguyên
Department's."""

from collections import Counter

import pytest
from wagtail.models import Site

from certificates.models import CertificateSettings
from lms.management.commands.seed_demo import DEMO_CERTIFICATE_SETTINGS, DEMO_ISSUING_BODY, Command
from people.models import IssuingBody

from .conftest import client_for

PANEL = 'id="certificates-certificatesettings-missing-content"'
BODY_PANEL = 'id="people-issuingbody-missing-content"'
SETTINGS_URL = "/admin/settings/certificates/certificatesettings/"
BODY_SETTINGS_URL = "/admin/settings/people/issuingbody/"


def branding():
    return CertificateSettings.for_site(Site.objects.get(is_default_site=True))


def issuing_body():
    return IssuingBody.for_site(Site.objects.get(is_default_site=True))


def fill(setting, **values):
    defaults = DEMO_ISSUING_BODY if isinstance(setting, IssuingBody) else DEMO_CERTIFICATE_SETTINGS
    for name, value in {**defaults, **values}.items():
        setattr(setting, name, value)
    setting.save()


@pytest.mark.django_db
def test_fresh_settings_hold_no_thai_nguyen_text():
    texts = []
    for fresh in (branding(), issuing_body()):
        fields = type(fresh)._meta.concrete_fields
        texts += [str(getattr(fresh, field.name)) for field in fields] + [str(field.help_text) for field in fields]
        assert len(fresh.missing_fields()) == len(type(fresh).required_fields)
    assert not [text for text in texts if "Thái Nguyên" in text or "THÁI NGUYÊN" in text or "thainguyen" in text]
    assert branding().signatory_name == "" and issuing_body().name == ""


# django_db: the users are asked for by name, so pytest-django would not see the database otherwise
# (and would run these after the transactional tests, whose flush removes Wagtail's site).
@pytest.mark.django_db
@pytest.mark.parametrize("user", ["superuser", "provincial_admin"])
def test_dashboard_asks_to_fill_the_settings_until_they_are(request, user):
    client = client_for(request.getfixturevalue(user))

    html = client.get("/admin/").text

    assert PANEL in html and BODY_PANEL in html
    assert "Fill Settings → Certificates before the first certificate is issued" in html
    assert "Fill Settings → Issuing body before the first document is issued" in html
    assert f'href="{SETTINGS_URL}"' in html and f'href="{BODY_SETTINGS_URL}"' in html
    assert "Still empty: signatory title, signatory name</p>" in html
    assert "Still empty: issuing body, place name</p>" in html

    fill(branding())
    html = client.get("/admin/").text
    assert PANEL not in html and BODY_PANEL in html
    fill(issuing_body())
    assert BODY_PANEL not in client.get("/admin/").text


@pytest.mark.django_db
def test_dashboard_names_only_the_fields_still_empty(provincial_admin):
    fill(branding(), signatory_name="")

    html = client_for(provincial_admin).get("/admin/").text

    assert PANEL in html
    assert "Still empty: signatory name</p>" in html


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["hr", "trainer"])
def test_the_panel_is_for_those_who_may_change_the_settings(request, user):
    html = client_for(request.getfixturevalue(user)).get("/admin/").text

    assert PANEL not in html and BODY_PANEL not in html


@pytest.mark.django_db
def test_the_settings_links_open_the_editors(superuser):
    response = client_for(superuser).get(SETTINGS_URL, follow=True)
    assert response.status_code == 200
    assert 'name="signatory_name"' in response.text

    response = client_for(superuser).get(BODY_SETTINGS_URL, follow=True)
    assert response.status_code == 200
    assert 'name="abbreviation"' in response.text and 'name="place_name"' in response.text


@pytest.mark.django_db
def test_the_demo_seed_fills_the_empty_settings_and_keeps_an_administrators_edits():
    edited = branding()
    edited.signatory_name = "Lê Thị Hoa"
    edited.save()
    command = Command()
    command.created = Counter()

    command.seed_certificate_settings()

    seeded = branding()
    assert seeded.signatory_name == "Lê Thị Hoa"
    assert seeded.missing_fields() == []
    body = issuing_body()
    assert (body.place_name, body.governing_body, body.abbreviation) == (
        "Thái Nguyên",
        "UBND TỈNH THÁI NGUYÊN",
        "SVHTTDL",
    )
    assert body.missing_fields() == []
