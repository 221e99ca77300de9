"""Settings → Certificates starts neutral: a fresh install names no province, body, place or
signatory, and the admin dashboard asks those who may change the settings to fill them before the
first certificate is issued. The demo seed fills them with the Thái Nguyên Department's."""

from collections import Counter

import pytest
from wagtail.models import Site

from certificates.models import CertificateSettings
from lms.management.commands.seed_demo import DEMO_CERTIFICATE_SETTINGS, Command

from .conftest import client_for

PANEL = 'id="certificate-settings-missing-content"'
SETTINGS_URL = "/admin/settings/certificates/certificatesettings/"


def branding():
    return CertificateSettings.for_site(Site.objects.get(is_default_site=True))


def fill(branding, **values):
    values = {**DEMO_CERTIFICATE_SETTINGS, **values}
    for name, value in values.items():
        setattr(branding, name, value)
    branding.save()


@pytest.mark.django_db
def test_fresh_settings_hold_no_thai_nguyen_text():
    fresh = branding()

    texts = [str(getattr(fresh, field.name)) for field in CertificateSettings._meta.concrete_fields]
    texts += [str(field.help_text) for field in CertificateSettings._meta.concrete_fields]
    assert not [text for text in texts if "Thái Nguyên" in text or "THÁI NGUYÊN" in text or "thainguyen" in text]
    assert fresh.signatory_name == ""
    assert len(fresh.missing_fields()) == len(CertificateSettings.required_fields)


# django_db: the users are asked for by name, so pytest-django would not see the database otherwise
# (and would run these after the transactional tests, whose flush removes Wagtail's site).
@pytest.mark.django_db
@pytest.mark.parametrize("user", ["superuser", "provincial_admin"])
def test_dashboard_asks_to_fill_the_settings_until_they_are(request, user):
    client = client_for(request.getfixturevalue(user))

    html = client.get("/admin/").text

    assert PANEL in html
    assert "Fill Settings → Certificates before the first certificate is issued" in html
    assert f'href="{SETTINGS_URL}"' in html
    assert "Still empty: issuing body, signatory title, signatory name, place name</p>" in html

    fill(branding())
    assert PANEL not in client.get("/admin/").text


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

    assert PANEL not in html


@pytest.mark.django_db
def test_the_settings_link_opens_the_editor(superuser):
    response = client_for(superuser).get(SETTINGS_URL, follow=True)

    assert response.status_code == 200
    assert 'name="signatory_name"' in response.text


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
    assert (seeded.place_name, seeded.governing_body) == ("Thái Nguyên", "UBND TỈNH THÁI NGUYÊN")
    assert seeded.missing_fields() == []
