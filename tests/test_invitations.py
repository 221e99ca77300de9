"""Onboarding: accounts created by a roster import have no password. HR (for the staff of its
scope) and provincial administrators send them an invitation e-mail with a time-limited link to
set one, from the Staff listing (a row's button, a bulk action), at the end of an import, or with
``invite_staff``; "Forgot your password?" also works for an account without a password."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from people.invitations import invitation_tokens
from people.models import AuditEntry, HRScope
from people.roles import HR, TRAINERS

from . import sheets
from .conftest import client_for, make_user
from .sheets import upload

User = get_user_model()

LISTING = "/admin/snippets/people/staffprofile/"
BULK_INVITE = "/admin/bulk/people/staffprofile/invite/"
IMPORT = "/admin/people/import/"
CONFIRM = "/admin/people/import/confirm/"
INVITE_IMPORTED = "/admin/people/invite/imported/"
NEW_PASSWORD = "Mật-khẩu-mới-2025"
ROSTER_HEADERS = ["Họ và tên", "Email", "Mã nhân viên", "Đơn vị", "Chức danh", "Đối tượng"]


def newcomer(username, institution, *, full_name=None, **fields):
    """An account as a roster import creates it: a staff profile, no password."""
    user = make_user(username, profile={"full_name": full_name or username, "institution": institution}, **fields)
    user.set_unusable_password()
    user.save()
    return user


def invite_url(*profiles, next_url=LISTING):
    ids = "&".join(f"id={profile.pk}" for profile in profiles)
    return f"{BULK_INVITE}?{ids}&next={next_url}"


def invite(client, *users, capture):
    with capture(execute=True):
        return client.post(invite_url(*(user.staff_profile for user in users)))


def link_in(message):
    return re.search(r"http://127\.0\.0\.1:8000(/accounts/invitation/\S+/)", message.body).group(1)


def set_password(client, link, password=NEW_PASSWORD):
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"] is True
    return client.post(form_page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})


def signed_in_user_id(client):
    value = client.session.get(SESSION_KEY)
    return int(value) if value is not None else None


@pytest.fixture
def lan(units):
    return newcomer("lan.nguyen", units["library_a"], full_name="Nguyễn Thị Lan")


@pytest.fixture
def other_hr(units):
    """HR officer of district B only."""
    user = make_user("tccb-b", groups=[HR], profile={"full_name": "Vũ Thị Bắc"})
    HRScope.objects.create(user=user).administrative_units.add(units["district_b"])
    return user


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


# "Forgot your password?" ------------------------------------------------------------------------------


def test_forgot_password_sends_a_link_to_an_account_without_a_password(lan, anon_client):
    response = anon_client.post("/accounts/password-reset/", {"email": "lan.nguyen@example.vn"})

    assert response["Location"] == "/accounts/password-reset/sent/"
    assert [message.to for message in mail.outbox] == [["lan.nguyen@example.vn"]]
    assert "has no password yet" in mail.outbox[0].body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = anon_client.get(link, follow=True)
    done = anon_client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done["Location"] == "/accounts/reset/done/"
    lan.refresh_from_db()
    assert lan.check_password(NEW_PASSWORD)


def test_forgot_password_sends_nothing_to_a_closed_account_without_a_password(lan, anon_client):
    lan.is_active = False
    lan.save()

    anon_client.post("/accounts/password-reset/", {"email": "lan.nguyen@example.vn"})

    assert mail.outbox == []


# Sending ----------------------------------------------------------------------------------------------


def test_hr_invites_a_new_account_from_the_staff_listing(hr, lan, capture):
    client = client_for(hr)

    confirm = client.get(invite_url(lan.staff_profile))
    sent = invite(client, lan, capture=capture)

    assert confirm.status_code == 200
    assert "Nguyễn Thị Lan" in confirm.text and "lan.nguyen@example.vn" in confirm.text
    assert sent.status_code == 302 and sent["Location"] == LISTING
    assert [message.to for message in mail.outbox] == [["lan.nguyen@example.vn"]]
    message = mail.outbox[0]
    assert message.subject == "Mời tham gia Học tập suốt đời - Thái Nguyên: đặt mật khẩu cho tài khoản"
    assert "Kính gửi Nguyễn Thị Lan," in message.body  # Vietnamese, whatever the sender's language
    assert "Tên đăng nhập: lan.nguyen" in message.body
    assert "7 ngày" in message.body
    assert link_in(message)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.INVITATION)
    assert (entry.user, entry.rows, entry.filters, entry.source) == (hr, 1, {"to": ["lan.nguyen"]}, "admin")
    assert [str(m).strip() for m in client.get(LISTING).context["messages"]] == [
        "An invitation is on its way to 1 person."
    ]


def test_the_listing_offers_an_invitation_to_accounts_without_a_password_only(hr, lan, units):
    make_user("co-mat-khau", profile={"full_name": "Đã Có Mật Khẩu", "institution": units["library_a"]})

    page = client_for(hr).get(LISTING).text

    assert page.count(f"{BULK_INVITE}?id=") == 1
    assert f"{BULK_INVITE}?id={lan.staff_profile.pk}" in page
    assert "Send invitations" in page  # the bulk action


def test_the_edit_screen_offers_the_invitation(hr, lan):
    page = client_for(hr).get(f"{LISTING}edit/{lan.staff_profile.pk}/").text

    assert f"{BULK_INVITE}?id={lan.staff_profile.pk}" in page


def test_bulk_invitation_skips_whom_it_must_and_says_why(hr, lan, units, capture):
    mai = newcomer("mai", units["library_commune_a"], full_name="Hà Thị Mai")
    has_password = make_user("co-mat-khau", profile={"full_name": "Đã Có Mật Khẩu", "institution": units["library_a"]})
    trainer = newcomer("gv-trong-don-vi", units["library_a"], full_name="Giảng Viên", groups=[TRAINERS])
    no_email = newcomer("khong-email", units["library_a"], full_name="Không Email", email="")
    selected = [lan, mai, has_password, trainer, no_email]
    client = client_for(hr)

    confirm = client.get(invite_url(*(user.staff_profile for user in selected)))
    with capture(execute=True):
        client.post(invite_url(*(user.staff_profile for user in selected)))

    page = confirm.text
    assert "2 people will receive an invitation" in page
    assert "already have a password" in page and "Đã Có Mật Khẩu" in page
    assert "hold a role" in page and "Giảng Viên" in page
    assert "have no e-mail address" in page and "Không Email" in page
    assert sorted(message.to[0] for message in mail.outbox) == ["lan.nguyen@example.vn", "mai@example.vn"]
    assert AuditEntry.objects.get(action=AuditEntry.Action.INVITATION).filters == {"to": ["lan.nguyen", "mai"]}


def test_provincial_admin_invites_an_account_with_a_role_but_not_a_superuser(provincial_admin, units, capture):
    trainer = newcomer("gv-moi", units["library_a"], groups=[TRAINERS])
    superuser = newcomer("qt-moi", units["library_a"], is_superuser=True, is_staff=True)

    invite(client_for(provincial_admin), trainer, superuser, capture=capture)

    assert [message.to for message in mail.outbox] == [["gv-moi@example.vn"]]


def test_hr_of_another_unit_cannot_invite_and_learns_no_name(other_hr, lan, capture):
    client = client_for(other_hr)

    confirm = client.get(invite_url(lan.staff_profile))
    sent = invite(client, lan, capture=capture)

    assert "Nguyễn Thị Lan" not in confirm.text
    assert "1 selected person is not in your scope" in confirm.text
    assert sent.status_code == 302
    assert mail.outbox == []
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.INVITATION).exists()


@pytest.mark.parametrize("role", ["learner", "trainer"])
def test_learners_and_trainers_cannot_invite(role, request, lan, capture):
    client = client_for(request.getfixturevalue(role))

    invite(client, lan, capture=capture)

    assert mail.outbox == []


def test_select_all_invites_the_filtered_listing_within_the_scope(hr, lan, units, capture):
    newcomer("mai", units["library_commune_a"], full_name="Hà Thị Mai")
    newcomer("binh", units["library_b"], full_name="Trần Văn Bình")  # another unit's
    url = f"{BULK_INVITE}?id=all&institution={units['library_a'].pk}&next={LISTING}"

    with capture(execute=True):
        client_for(hr).post(url)

    assert [message.to for message in mail.outbox] == [["lan.nguyen@example.vn"]]


# The link -------------------------------------------------------------------------------------------------


def test_the_link_sets_the_password_and_signs_the_person_in(hr, lan, capture):
    invite(client_for(hr), lan, capture=capture)
    client = client_for()

    done = set_password(client, link_in(mail.outbox[0]))

    assert done.status_code == 302 and done["Location"] == "/learning/"
    assert signed_in_user_id(client) == lan.pk
    lan.refresh_from_db()
    assert lan.check_password(NEW_PASSWORD)
    again = client_for().get(link_in(mail.outbox[0]), follow=True)
    assert again.context["validlink"] is False


def test_the_link_page_shows_the_user_name(hr, lan, capture):
    invite(client_for(hr), lan, capture=capture)

    page = client_for().get(link_in(mail.outbox[0]), follow=True)

    assert "lan.nguyen" in page.text


def test_the_password_must_pass_the_validators(hr, lan, capture):
    invite(client_for(hr), lan, capture=capture)

    response = set_password(client_for(), link_in(mail.outbox[0]), password="12345")

    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    lan.refresh_from_db()
    assert not lan.has_usable_password()


def test_an_expired_link_explains_in_vietnamese_how_to_get_a_new_one(lan, settings, monkeypatch):
    settings.LMS_INVITATION_DAYS = 7
    now = invitation_tokens._now()
    monkeypatch.setattr(invitation_tokens, "_now", lambda: now - timedelta(days=7, minutes=1))
    expired = invitation_tokens.make_token(lan)
    monkeypatch.setattr(invitation_tokens, "_now", lambda: now - timedelta(days=6, hours=23))
    fresh = invitation_tokens.make_token(lan)
    monkeypatch.setattr(invitation_tokens, "_now", lambda: now)
    uid = urlsafe_base64_encode(force_bytes(lan.pk))

    page = client_for().get(f"/accounts/invitation/{uid}/{expired}/", follow=True)
    vietnamese = Client().get(f"/accounts/invitation/{uid}/{expired}/", follow=True)  # the site's default language

    assert page.context["validlink"] is False
    assert invitation_tokens.check_token(lan, fresh)
    assert "Liên kết mời này không còn hiệu lực" in vietnamese.text
    assert "Quên mật khẩu" in vietnamese.text and "người phụ trách tổ chức" in vietnamese.text


def test_a_second_invitation_gives_a_new_link_and_the_first_keeps_working(hr, lan, capture, monkeypatch):
    client = client_for(hr)
    now = invitation_tokens._now()
    monkeypatch.setattr(invitation_tokens, "_now", lambda: now - timedelta(days=2))
    invite(client, lan, capture=capture)
    monkeypatch.setattr(invitation_tokens, "_now", lambda: now)
    invite(client, lan, capture=capture)

    first, second = link_in(mail.outbox[0]), link_in(mail.outbox[1])

    assert first != second
    assert client_for().get(first, follow=True).context["validlink"] is True
    set_password(client_for(), second)
    assert client_for().get(first, follow=True).context["validlink"] is False
    assert AuditEntry.objects.filter(action=AuditEntry.Action.INVITATION).count() == 2


def test_the_link_stops_working_once_the_account_signs_in(hr, lan, capture):
    invite(client_for(hr), lan, capture=capture)
    link = link_in(mail.outbox[0])

    client_for(lan)  # signed in some other way (an administrator set a password, say)

    assert client_for().get(link, follow=True).context["validlink"] is False


def test_an_invitation_link_is_not_a_password_reset_link_nor_the_other_way_round(lan):
    uid = urlsafe_base64_encode(force_bytes(lan.pk))
    reset_token = default_token_generator.make_token(lan)
    invitation_token = invitation_tokens.make_token(lan)

    invitation_page = client_for().get(f"/accounts/invitation/{uid}/{reset_token}/", follow=True)
    reset_page = client_for().get(f"/accounts/reset/{uid}/{invitation_token}/", follow=True)

    assert invitation_page.context["validlink"] is False
    assert reset_page.context["validlink"] is False


def test_a_closed_account_cannot_use_its_link(hr, lan, capture):
    invite(client_for(hr), lan, capture=capture)
    lan.is_active = False
    lan.save()

    assert client_for().get(link_in(mail.outbox[0]), follow=True).context["validlink"] is False


# At the end of an import ------------------------------------------------------------------------------------


def test_after_an_import_hr_sends_invitations_to_the_new_accounts(hr, units, capture):
    existing = make_user("lan", email="lan@example.vn")  # adopted: has a password, not invited
    rows = [
        ["Nguyễn Thị Hương", "huong@example.vn", "", "tv-dai-tu", "", ""],
        ["Trần Văn Bình", "binh@example.vn", "", "bdvh-hung-son", "", ""],
        ["Nguyễn Thị Lan", existing.email, "", "tv-dai-tu", "", ""],
    ]
    client = client_for(hr)
    preview = client.post(IMPORT, upload("nhan-su.xlsx", sheets.xlsx_bytes(rows, headers=ROSTER_HEADERS)))
    confirmed = client.post(CONFIRM, {"token": preview.context["confirm_form"].initial["token"]})

    offer = client.get(confirmed["Location"])
    with capture(execute=True):
        sent = client.post(INVITE_IMPORTED)

    assert confirmed["Location"] == INVITE_IMPORTED
    assert "Send invitations to the 2 new accounts" in offer.text
    assert "Staff imported: 3 new, 0 updated, 0 unchanged." in offer.text
    assert sent["Location"] == LISTING
    assert sorted(message.to[0] for message in mail.outbox) == ["binh@example.vn", "huong@example.vn"]
    assert AuditEntry.objects.get(action=AuditEntry.Action.INVITATION).filters == {"to": ["binh", "huong"]}
    assert client.post(INVITE_IMPORTED)["Location"] == LISTING  # the offer is used up
    assert len(mail.outbox) == 2


def test_an_import_that_creates_no_account_goes_back_to_the_listing(hr, units):
    make_user("lan", email="lan@example.vn")
    rows = [["Nguyễn Thị Lan", "lan@example.vn", "", "tv-dai-tu", "", ""]]
    client = client_for(hr)
    preview = client.post(IMPORT, upload("nhan-su.xlsx", sheets.xlsx_bytes(rows, headers=ROSTER_HEADERS)))

    confirmed = client.post(CONFIRM, {"token": preview.context["confirm_form"].initial["token"]})

    assert confirmed["Location"] == LISTING


def test_the_offer_after_an_import_is_the_importers_only(hr, provincial_admin, units):
    rows = [["Nguyễn Thị Hương", "huong@example.vn", "", "tv-dai-tu", "", ""]]
    client = client_for(hr)
    preview = client.post(IMPORT, upload("nhan-su.xlsx", sheets.xlsx_bytes(rows, headers=ROSTER_HEADERS)))
    client.post(CONFIRM, {"token": preview.context["confirm_form"].initial["token"]})

    assert client_for(provincial_admin).get(INVITE_IMPORTED)["Location"] == LISTING


# The command ------------------------------------------------------------------------------------------------


def test_command_invites_every_account_without_a_password_in_the_scope(hr, lan, units):
    newcomer("binh", units["library_b"], full_name="Trần Văn Bình")
    make_user("co-mat-khau", profile={"full_name": "Đã Có Mật Khẩu", "institution": units["library_a"]})
    out = StringIO()

    call_command("invite_staff", "--as", hr.username, stdout=out)

    assert [message.to for message in mail.outbox] == [["lan.nguyen@example.vn"]]
    assert "1 invitation sent" in out.getvalue()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.INVITATION)
    assert (entry.user, entry.source, entry.filters) == (hr, "command", {"to": ["lan.nguyen"]})


def test_command_invites_named_people_and_dry_run_sends_nothing(lan, units):
    newcomer("binh", units["library_b"], full_name="Trần Văn Bình")
    out = StringIO()

    call_command("invite_staff", "lan.nguyen@example.vn", "--dry-run", stdout=out)
    assert mail.outbox == []
    assert "would invite lan.nguyen" in out.getvalue()

    call_command("invite_staff", "lan.nguyen@example.vn", stdout=StringIO())
    assert [message.to for message in mail.outbox] == [["lan.nguyen@example.vn"]]


def test_command_refuses_an_unknown_person(db):
    with pytest.raises(CommandError, match="No staff profile"):
        call_command("invite_staff", "khong-co", stdout=StringIO())


@pytest.mark.parametrize("role", ["hr", "provincial_admin"])
def test_the_listings_buttons_cost_no_query_per_row(role, request, units):
    def queries(count):
        for n in range(count):
            newcomer(f"nv{count}-{n}", units["library_a"], groups=[TRAINERS] if n % 2 else [])
        client = client_for(request.getfixturevalue(role))
        client.get(LISTING)  # warm the caches (site root paths, permissions)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LISTING).status_code == 200
        return len(captured)

    assert queries(12) == queries(3)


# A host with its own login (no people.account_urls): no page to set a password from -------------


@pytest.mark.urls("tests.urls_own_login")
def test_a_host_with_its_own_login_offers_no_invitation(hr, lan):
    listing = client_for(hr).get(LISTING).text
    edit = client_for(hr).get(f"{LISTING}edit/{lan.staff_profile.pk}/").text

    assert f"{BULK_INVITE}?id=" not in listing
    assert f"{BULK_INVITE}?id=" not in edit


@pytest.mark.urls("tests.urls_own_login")
def test_a_host_with_its_own_login_refuses_the_bulk_invitation_and_says_why(hr, lan, capture):
    client = client_for(hr)

    shown = client.get(invite_url(lan.staff_profile))
    sent = invite(client, lan, capture=capture)

    assert shown.status_code == 302 and shown["Location"] == LISTING
    assert sent.status_code == 302 and sent["Location"] == LISTING
    assert mail.outbox == []
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.INVITATION).exists()
    messages = [str(m) for m in client.get(LISTING).context["messages"]]
    assert any("own login" in message for message in messages)


@pytest.mark.urls("tests.urls_own_login")
def test_a_host_with_its_own_login_makes_invite_staff_stop(lan):
    with pytest.raises(CommandError, match="people.account_urls"):
        call_command("invite_staff", "lan.nguyen", stdout=StringIO())
    assert mail.outbox == []
