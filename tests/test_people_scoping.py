"""Wagtail's extras around the staff snippet (its chooser, the listing's filters, the site
history report, the history of one profile) show HR only the staff and institutions of its
own scope."""

import importlib

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from people.models import StaffProfile, StaffProfileLogEntry

from .conftest import client_for, make_user

CHOOSER = "/admin/snippets/choose/people/staffprofile/"
STAFF_LISTING = "/admin/snippets/people/staffprofile/"
SITE_HISTORY = "/admin/reports/site-history/"


@pytest.fixture
def staff(units):
    """One staff member in the ``hr`` fixture's scope (district A), one outside it."""
    inside = make_user("giang", profile={"full_name": "Nguyễn Thị Hương Giang", "institution": units["library_a"]})
    outside = make_user("luu", profile={"full_name": "Đặng Văn Lưu", "institution": units["library_b"]})
    return inside.staff_profile, outside.staff_profile


def test_chooser_lists_hr_only_the_staff_of_its_scope(hr, staff):
    inside, outside = staff

    response = client_for(hr).get(CHOOSER)

    assert response.status_code == 200
    content = response.json()["html"]
    assert inside.full_name in content
    assert outside.full_name not in content
    assert client_for(hr).get(f"{CHOOSER}chosen/{outside.pk}/").status_code == 404
    assert client_for(hr).get(f"{CHOOSER}chosen/{inside.pk}/").status_code == 200


def test_staff_listing_offers_hr_only_the_institutions_of_its_scope(hr, provincial_admin, units):
    response = client_for(hr).get(STAFF_LISTING)

    assert response.status_code == 200
    content = response.content.decode()
    assert units["library_a"].name in content  # in the "institution" filter: no staff is listed
    assert units["library_b"].name not in content
    assert units["library_b"].name in client_for(provincial_admin).get(STAFF_LISTING).content.decode()


def test_chooser_lists_nothing_to_trainers(trainer, staff):
    content = client_for(trainer).get(CHOOSER).json()["html"]

    assert staff[0].full_name not in content and staff[1].full_name not in content


def test_site_history_shows_hr_only_the_staff_of_its_scope(hr, provincial_admin, staff):
    inside, outside = staff
    for profile in staff:
        log(profile, "wagtail.edit", user=provincial_admin)
    assert StaffProfileLogEntry.objects.count() == 2
    assert not ModelLogEntry.objects.exists()

    hr_view = client_for(hr).get(SITE_HISTORY).content.decode()
    admin_view = client_for(provincial_admin).get(SITE_HISTORY).content.decode()

    assert inside.full_name in hr_view
    assert outside.full_name not in hr_view
    assert inside.full_name in admin_view and outside.full_name in admin_view


def test_a_deleted_profiles_entry_stays_visible_to_administrators(hr, provincial_admin, staff):
    inside, _outside = staff
    log(inside, "wagtail.delete", user=provincial_admin, deleted=True)
    name = inside.full_name
    inside.delete()

    assert name in client_for(provincial_admin).get(SITE_HISTORY).content.decode()
    assert name not in client_for(hr).get(SITE_HISTORY).content.decode()


def test_history_of_a_profile_lists_its_own_entries(hr, provincial_admin, staff):
    inside, outside = staff
    log(inside, "wagtail.edit", user=provincial_admin)
    log(outside, "wagtail.edit", user=provincial_admin)

    assert list(StaffProfileLogEntry.objects.for_instance(inside).values_list("staff_profile_id", flat=True)) == [
        inside.pk
    ]


def test_migration_moves_entries_logged_before_it(provincial_admin, staff):
    inside, _outside = staff
    content_type = ContentType.objects.get_for_model(StaffProfile)
    ModelLogEntry.objects.create(
        content_type=content_type,
        object_id=str(inside.pk),
        label=inside.full_name,
        action="wagtail.edit",
        timestamp="2026-01-05T08:00:00Z",
        user=provincial_admin,
    )
    migration = importlib.import_module("people.migrations.0003_staff_profile_log_entry")

    migration.move_existing_entries(apps, None)

    assert not ModelLogEntry.objects.filter(content_type=content_type).exists()
    moved = StaffProfileLogEntry.objects.get()
    assert (moved.staff_profile_id, moved.action, moved.user, moved.label) == (
        inside.pk,
        "wagtail.edit",
        provincial_admin,
        inside.full_name,
    )
