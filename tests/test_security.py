"""Login throttling (django-axes), password rules, the Content-Security-Policy header and the
deployment checks of the production settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from .conftest import PASSWORD, client_for, make_user

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
WRONG = "sai-mật-khẩu-123"
LOCKED_EN = "Too many failed attempts. Try again in 15 minutes, or reset your password."
LOCKED_VI = "Bạn đã đăng nhập sai quá nhiều lần. Hãy thử lại sau 15 phút, hoặc đặt lại mật khẩu."


def signed_in(client):
    return client.session.get(SESSION_KEY) is not None


def fail(client, username, times, url=LOGIN):
    """``times`` failed logins; the fifth failure already answers with the lockout page."""
    for n in range(1, times + 1):
        response = client.post(url, {"username": username, "password": WRONG})
        assert response.status_code == (429 if n >= 5 else 200)


# Login throttling -------------------------------------------------------------------------------


def test_sixth_login_after_five_failures_is_refused_even_with_the_right_password(learner, anon_client):
    fail(anon_client, "lan", 5)

    response = anon_client.post(LOGIN, {"username": "lan", "password": PASSWORD})

    assert response.status_code == 429
    assert LOCKED_EN in response.text
    assert 'href="/accounts/password-reset/"' in response.text
    assert not signed_in(anon_client)


def test_lockout_message_is_vietnamese_by_default(learner):
    client = Client()
    fail(client, "lan", 5)

    response = client.post(LOGIN, {"username": "lan", "password": PASSWORD})

    assert response.status_code == 429
    assert LOCKED_VI in response.text


def test_failures_with_the_email_address_count_for_the_account(db, anon_client):
    make_user("thu", email="thu@example.vn")
    fail(anon_client, "thu@example.vn", 5)

    response = anon_client.post(LOGIN, {"username": "thu", "password": PASSWORD})

    assert response.status_code == 429


def test_lockout_touches_neither_other_users_nor_other_addresses(learner, other_learner, anon_client):
    fail(anon_client, "lan", 5)

    other_user = anon_client.post(LOGIN, {"username": other_learner.username, "password": PASSWORD})
    assert other_user.status_code == 302

    elsewhere = client_for(REMOTE_ADDR="10.1.2.3")
    same_user_other_address = elsewhere.post(LOGIN, {"username": "lan", "password": PASSWORD})
    assert same_user_other_address.status_code == 302
    assert signed_in(elsewhere)


def test_a_successful_login_resets_the_count(learner, anon_client):
    fail(anon_client, "lan", 4)
    assert anon_client.post(LOGIN, {"username": "lan", "password": PASSWORD}).status_code == 302
    anon_client.post("/accounts/logout/")

    fail(anon_client, "lan", 4)  # four more are allowed again
    response = anon_client.post(LOGIN, {"username": "lan", "password": PASSWORD})

    assert response.status_code == 302


def test_the_wagtail_admin_login_is_throttled_too(superuser):
    client = client_for()
    fail(client, superuser.username, 5, url=ADMIN_LOGIN)

    response = client.post(ADMIN_LOGIN, {"username": superuser.username, "password": PASSWORD})

    assert response.status_code == 429
    assert LOCKED_EN in response.text
    assert client.get("/admin/").status_code == 302  # still signed out


def test_admin_and_site_logins_share_the_count(learner, anon_client):
    fail(anon_client, "lan", 4, url=ADMIN_LOGIN)

    fifth = anon_client.post(LOGIN, {"username": "lan", "password": WRONG})

    assert fifth.status_code == 429
    assert anon_client.post(LOGIN, {"username": "lan", "password": PASSWORD}).status_code == 429


def test_axes_reset_command_lifts_the_lockout(learner, anon_client):
    from django.core.management import call_command

    fail(anon_client, "lan", 5)
    call_command("axes_reset", verbosity=0)

    assert anon_client.post(LOGIN, {"username": "lan", "password": PASSWORD}).status_code == 302


# Passwords --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "new_password, message",
    [
        ("Ng8#kd2x", "This password is too short. It must contain at least 10 characters."),
        ("password123", "This password is too common."),
        ("4829175630", "This password is entirely numeric."),
    ],
)
def test_password_change_refuses_weak_passwords(learner, learner_client, new_password, message):
    response = learner_client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )

    assert response.status_code == 200
    assert message in response.text
    learner.refresh_from_db()
    assert learner.check_password(PASSWORD)


# Content-Security-Policy ------------------------------------------------------------------------


def directives(response):
    header = response["Content-Security-Policy"]
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {part[0]: set(part[1:]) for part in parts}


STRICT = {
    "default-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "script-src": {"'self'"},
    "style-src": {"'self'", "'unsafe-inline'"},
    "frame-src": {"'self'", "https://www.youtube.com", "https://www.youtube-nocookie.com", "https://player.vimeo.com"},
    "frame-ancestors": {"'none'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
}


def test_public_page_has_the_strict_policy(course_index, anon_client):
    response = anon_client.get("/")

    assert response.status_code == 200
    assert directives(response) == STRICT


def test_login_and_learner_pages_have_the_strict_policy(course_index, anon_client, learner_client):
    assert directives(anon_client.get(LOGIN)) == STRICT
    response = learner_client.get("/learning/")
    assert response.status_code == 200
    assert directives(response) == STRICT


def test_admin_pages_allow_inline_scripts_and_framing_by_the_site_only(superuser):
    response = client_for(superuser).get("/admin/")

    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == {"'self'", "'unsafe-inline'"}
    assert policy["frame-ancestors"] == {"'self'"}
    assert policy["object-src"] == {"'none'"}
    assert policy["default-src"] == {"'self'"}


# Production settings ----------------------------------------------------------------------------


@pytest.mark.slow
def test_check_deploy_is_clean_under_production_settings(tmp_path):
    root = Path(__file__).resolve().parent.parent
    # Not the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE: deployment checks refuse it, rightly.
    env = {
        **{key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": "k" * 20 + "-production-like-secret-key-with-enough-variety-0123456789",
        "ALLOWED_HOSTS": "lms.example.vn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        # A server has its certificate signing key (docs/DEPLOY.md 1.4; certificates.W001 otherwise).
        "LMS_CERTIFICATE_KEYS_DIR": str(tmp_path / "certificate-keys"),
    }
    subprocess.run(
        [sys.executable, "manage.py", "certificate_keys", "generate"], cwd=root, env=env, check=True, timeout=120
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_policy_built_once_still_yields_to_a_view_and_a_nonce(rf, settings):
    """The middleware keeps the header it built for plain responses (lms.middleware); a view that
    changes its policy (django-csp's decorators) or a page that used a nonce gets its own."""
    from csp.constants import NONCE
    from csp.decorators import csp_exempt, csp_update
    from django.http import HttpResponse

    from lms.middleware import ContentSecurityPolicyMiddleware

    def plain(request):
        return HttpResponse("ok")

    @csp_update({"img-src": ["https://anh.example.vn"]})
    def updated(request):
        return HttpResponse("ok")

    @csp_exempt()
    def exempt(request):
        return HttpResponse("ok")

    def with_nonce(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}"></script>')

    def header(view, path="/"):
        return ContentSecurityPolicyMiddleware(view)(rf.get(path)).get("Content-Security-Policy")

    site, admin = header(plain), header(plain, "/admin/")
    assert header(plain) == site and "frame-ancestors 'none'" in site
    assert "'unsafe-inline'" in admin.split("script-src")[1].split(";")[0]
    assert "'unsafe-inline'" not in site.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'self'" in admin
    assert "https://anh.example.vn" in header(updated) and "https://anh.example.vn" not in header(plain)
    assert header(exempt) is None

    # A site whose policy asks for nonces: a page that used one has it in its header.
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {**directives, "script-src": ["'self'", NONCE]}}
    assert "'nonce-" in header(with_nonce) and "'nonce-" not in header(plain)


# Password hashing -------------------------------------------------------------------------------


def test_passwords_are_hashed_with_argon2id_and_older_hashes_are_rewritten_at_login(settings, db, anon_client):
    """The host site hashes with Argon2id at OWASP's parameters (lms/hashers.py): a login costs
    about a tenth of PBKDF2's million iterations. An account hashed with PBKDF2 still logs in,
    and its hash is then rewritten."""
    from django.contrib.auth.hashers import make_password

    from lms.settings.base import PASSWORD_HASHERS

    settings.PASSWORD_HASHERS = PASSWORD_HASHERS
    user = make_user("lan", password=PASSWORD)
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save()

    response = anon_client.post(LOGIN, {"username": "lan", "password": PASSWORD})

    assert response.status_code == 302 and signed_in(anon_client)
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert user.check_password(PASSWORD) and not user.check_password(WRONG)
