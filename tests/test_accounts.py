import re

from django.contrib.auth import SESSION_KEY
from django.core import mail

from .conftest import PASSWORD, client_for, make_user

LOGIN = "/accounts/login/"


def signed_in_user_id(client):
    value = client.session.get(SESSION_KEY)
    return int(value) if value is not None else None


def test_login_with_user_name(learner, anon_client):
    response = anon_client.post(LOGIN, {"username": "lan", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/learning/"
    assert signed_in_user_id(anon_client) == learner.pk


def test_login_with_email_ignores_case(db, anon_client):
    user = make_user("thu", email="Thu.Nguyen@Example.vn")

    response = anon_client.post(LOGIN, {"username": "  thu.nguyen@EXAMPLE.VN ", "password": PASSWORD})

    assert response.status_code == 302
    assert signed_in_user_id(anon_client) == user.pk


def test_login_follows_next(learner, anon_client):
    response = anon_client.post(LOGIN, {"username": "lan", "password": PASSWORD, "next": "/khoa-hoc-1/"})

    assert response["Location"] == "/khoa-hoc-1/"


def test_login_with_wrong_password_shows_error(learner, anon_client):
    response = anon_client.post(LOGIN, {"username": "lan", "password": "sai-mật-khẩu"})

    assert response.status_code == 200
    assert "The user name or e-mail and password do not match." in response.text
    assert signed_in_user_id(anon_client) is None


def test_login_with_email_shared_by_two_accounts_is_refused(db, anon_client):
    make_user("an1", email="chung@example.vn")
    make_user("an2", email="chung@example.vn")

    response = anon_client.post(LOGIN, {"username": "chung@example.vn", "password": PASSWORD})

    assert "The user name or e-mail and password do not match." in response.text
    assert signed_in_user_id(anon_client) is None


def test_logout_is_post_only(learner, learner_client):
    response = learner_client.get("/accounts/logout/")

    assert response.status_code == 405
    assert signed_in_user_id(learner_client) == learner.pk


def test_logout_signs_out(learner, learner_client):
    response = learner_client.post("/accounts/logout/")

    assert response["Location"] == "/"
    assert signed_in_user_id(learner_client) is None
    assert learner_client.get("/learning/").status_code == 302


def test_password_change_requires_login(anon_client):
    response = anon_client.get("/accounts/password/")

    assert response["Location"] == "/accounts/login/?next=/accounts/password/"


def test_password_change_sets_new_password(learner, learner_client):
    new_password = "Mật-khẩu-mới-2025"

    response = learner_client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
        follow=True,
    )

    assert response.redirect_chain == [("/accounts/password/done/", 302)]
    assert signed_in_user_id(learner_client) == learner.pk  # still signed in
    learner.refresh_from_db()
    assert learner.check_password(new_password)


def test_password_change_refuses_wrong_old_password(learner, learner_client):
    response = learner_client.post(
        "/accounts/password/",
        {"old_password": "sai", "new_password1": "Mật-khẩu-mới-2025", "new_password2": "Mật-khẩu-mới-2025"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"old_password"}
    learner.refresh_from_db()
    assert learner.check_password(PASSWORD)


def test_password_reset_link_lets_user_choose_new_password(learner, anon_client):
    new_password = "Mật-khẩu-mới-2025"

    response = anon_client.post("/accounts/password-reset/", {"email": "LAN@example.vn"})

    assert response["Location"] == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lan@example.vn"]
    link = re.search(r"http://testserver(/accounts/reset/[^/\s]+/[^/\s]+/)", mail.outbox[0].body).group(1)

    form_page = anon_client.get(link, follow=True)
    assert form_page.context["validlink"] is True
    set_password_url = form_page.redirect_chain[-1][0]
    done = anon_client.post(set_password_url, {"new_password1": new_password, "new_password2": new_password})
    assert done["Location"] == "/accounts/reset/done/"

    fresh = client_for()
    fresh.post(LOGIN, {"username": "lan", "password": new_password})
    assert signed_in_user_id(fresh) == learner.pk


def test_password_reset_link_works_only_once(learner, anon_client):
    anon_client.post("/accounts/password-reset/", {"email": "lan@example.vn"})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    set_password_url = anon_client.get(link, follow=True).redirect_chain[-1][0]
    anon_client.post(set_password_url, {"new_password1": "Mật-khẩu-mới-2025", "new_password2": "Mật-khẩu-mới-2025"})

    again = client_for().get(link, follow=True)

    assert again.context["validlink"] is False
    assert "This link is no longer valid" in again.text


def test_password_reset_for_unknown_email_sends_nothing_and_reveals_nothing(db, anon_client):
    response = anon_client.post("/accounts/password-reset/", {"email": "khong-co@example.vn"})

    assert response["Location"] == "/accounts/password-reset/sent/"
    assert mail.outbox == []
