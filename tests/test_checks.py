"""The checks that tell a host site what it wired wrong (staff_lms/checks.py). The real cases —
a host's own ``reports`` app, an app left out — run in a throw-away site in tests/test_plugin.py;
here each check is shown what it looks for."""

import sys
from types import SimpleNamespace

from django.apps import apps
from django.core.checks import run_checks

from staff_lms import checks


def lms_messages():
    return [message for message in run_checks() if message.id and message.id.startswith("staff_lms.")]


def test_this_site_is_wired_right():
    assert lms_messages() == []
    assert checks.missing_required_apps() == {}


def test_an_app_that_hides_the_lms_app_of_its_name_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setattr(apps.get_app_config("reports"), "path", str(tmp_path / "reports"))

    [message] = lms_messages()

    assert message.id == "staff_lms.E001" and message.is_serious()
    assert "'reports'" in message.msg and str(tmp_path / "reports") in message.msg
    assert "App names" in message.hint


def test_a_package_the_lms_app_hides_is_a_warning(monkeypatch, tmp_path):
    (tmp_path / "courses").mkdir()
    (tmp_path / "courses" / "__init__.py").write_text("")
    monkeypatch.setattr(sys, "path", [*sys.path, str(tmp_path)])

    [message] = lms_messages()

    assert message.id == "staff_lms.W001" and str(tmp_path / "courses") in message.msg


def test_an_lms_app_without_an_app_it_needs_is_named(monkeypatch):
    installed = [app for app in checks.LMS_APPS if app != "certificates"] + ["wagtail.contrib.settings"]
    monkeypatch.setattr(checks, "settings", SimpleNamespace(INSTALLED_APPS=installed))

    assert checks.missing_required_apps() == {"classes": ["certificates"], "reports": ["certificates"]}


def test_an_app_installed_by_its_app_config_counts(monkeypatch):
    installed = ["staff_lms.apps.StaffLmsConfig", "people", "courses.apps.CoursesConfig", "wagtail.contrib.settings"]
    monkeypatch.setattr(checks, "settings", SimpleNamespace(INSTALLED_APPS=installed))

    assert checks.missing_required_apps() == {}


def test_a_setting_under_its_old_name_is_a_warning_naming_the_new_one(settings):
    settings.CERTIFICATES_PLACE_NAME = "Thái Nguyên"

    [message] = lms_messages()

    assert message.id == "staff_lms.W002"
    assert "CERTIFICATES_PLACE_NAME" in message.msg and "LMS_PLACE_NAME" in message.hint


def test_documents_uploaded_unchecked_are_a_warning(settings):
    del settings.WAGTAILDOCS_DOCUMENT_FORM_BASE
    [unset] = lms_messages()
    settings.WAGTAILDOCS_DOCUMENT_FORM_BASE = "wagtail.documents.forms.BaseDocumentForm"
    [wagtails_own] = lms_messages()

    assert unset.id == wagtails_own.id == "staff_lms.W003"
    assert "staff_lms.upload_settings" in unset.hint


def test_the_old_certificate_number_prefix_points_to_the_pattern(monkeypatch):
    monkeypatch.setattr(checks, "settings", SimpleNamespace(LMS_CERTIFICATE_NUMBER_PREFIX="GCN"))

    [message] = checks.check_renamed_settings()

    assert message.id == "staff_lms.W002" and "LMS_CERTIFICATE_NUMBER_PREFIX is no longer read" in message.msg
    assert "LMS_CERTIFICATE_NUMBER_PATTERN, a pattern such as “{sequence}/GCN-{abbreviation}”" in message.hint
