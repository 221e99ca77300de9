"""Whatever is typed into a search box or a filter, the answer is a page, never a server error
(hypothesis), on SQLite and on PostgreSQL (issue 11; the fixes are tested one by one in
tests/test_search_input.py).

The screens are found, not listed: every page the permission matrix (tests/permission_rules.py)
requests and a learner, a trainer, an HR officer, a provincial administrator or the superuser
gets (the catalogue and the learner's pages, ours and Wagtail's and Django's admin screens,
choosers included), is requested once as the last of them that reaches it; a page whose HTML
has a GET form, or links to itself with a query, is a search or filter screen, with the form's
fields and the links' parameters (and the values it offers: select options, checkbox values).
Every Wagtail bulk action, whose "select all" repeats the listing's search, is a screen too
(``?id=all`` and ``q``). Each screen is then requested as the roles that reach it.

The values: search engines' syntax (quotes, ``AND OR NOT NEAR * ^ - : ( )``, column filters),
NUL and other control characters, unicode, Vietnamese, very long text, and what a filter does
not expect (impossible dates, ids of nothing, ids too large for the database, words for
numbers), mixed with the values the forms offer, and the listings' page and sort parameters.
``test_every_screen_takes_hostile_text`` tries a few of them on every screen, in every
parameter one types into (the choices valid, so that the search runs) or in all of them; the
property tries arbitrary mixes. Every request runs in a savepoint rolled back after it.
"""

import copy
import json
from dataclasses import dataclass
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from wagtail.admin.views.bulk_action.registry import bulk_action_registry

from . import permission_rules as rules
from .test_permission_matrix import ENTRIES, build_world, probes_for, world_settings, world_storages

# The roles of the issue: a learner for the site, the admin's roles for the admin.
ROLES = ("learner", "trainer", "hr", "admin", "superuser")
PAGES = (rules.OK, rules.SEES, rules.SCOPED)
# Listing parameters no form shows: page number and sort order (Wagtail's, Django admin's).
EVERYWHERE = ("q", "p", "ordering", "o")

PROPERTY = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


# The screens ----------------------------------------------------------------------------------


@dataclass
class Screen:
    url: str  # with the query the page itself was requested with (a chooser's selection)
    roles: tuple  # those of ROLES that reach it
    fields: dict  # name -> the values the page offers

    def __str__(self):
        return self.url


def reaching(probe):
    """The roles of ``ROLES`` that ``probe``'s rule says get a page."""
    return tuple(role for role in ROLES if any(rules.matches(probe.expect.get(role, ""), got) for got in PAGES))


def page_html(response):
    content_type = response.get("Content-Type", "")
    if response.streaming or response.status_code != 200:
        return None
    if content_type.startswith("application/json"):
        # Wagtail's choosers answer their HTML inside JSON.
        content = json.loads(response.content)
        return content.get("html") if isinstance(content, dict) else None
    return response.content.decode() if content_type.startswith("text/html") else None


def read_fields(url, html):
    """The parameters of the page at ``url``: the fields of its GET forms (Wagtail's listings
    send them to their ``results/`` view, which filters as the page does) and of its links to
    itself, each with the values the page offers."""
    path = urlsplit(url).path
    soup = BeautifulSoup(html, "html.parser")
    fields = {}
    for form in soup.find_all("form"):
        if (form.get("method") or "get").lower() != "get":
            continue
        for element in form.find_all(["input", "select", "textarea"]):
            name = element.get("name")
            if not name or name == "csrfmiddlewaretoken":
                continue
            values = fields.setdefault(name, set())
            if element.get("value"):
                values.add(element["value"])
            values.update(option["value"] for option in element.find_all("option") if option.get("value"))
    for link in soup.find_all("a", href=True):
        parts = urlsplit(urljoin(url, link["href"]))
        if parts.path == path and parts.query:
            for name, value in parse_qsl(parts.query, keep_blank_values=True):
                fields.setdefault(name, set()).add(value)
    return fields


def bulk_actions():
    """Every Wagtail bulk action's URL, as "select all" of its listing asks it."""
    bulk_action_registry._scan_for_bulk_actions()
    return [
        reverse("wagtail_bulk_action", args=[app_label, model_name, action_type])
        for app_label, models in bulk_action_registry.actions.items()
        for model_name, actions in models.items()
        for action_type in actions
    ]


def request(world, role, url, params=None):
    """What ``role`` gets for GET ``url`` with ``params``, rolled back; the client's cookies
    are put back (a page may change the session)."""
    client = world.clients[role]
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        response = client.get(url, params or {})
        html = page_html(response)
        transaction.set_rollback(True)
    client.cookies = cookies
    return response, html


def find_screens(world):
    screens = []
    for entry in ENTRIES:
        for probe in probes_for(entry):
            roles = reaching(probe) if probe.method == "GET" else ()
            if not roles:
                continue
            url = probe.build_url(world)
            # As the last role that reaches it: the superuser sees every filter there is.
            _response, html = request(world, roles[-1], url)
            if html is not None and (fields := read_fields(url, html)):
                screens.append(Screen(url, roles, fields))
    for action in bulk_actions():
        # "Select all" of a listing searched for q (childOf, its parent, and the selected ids
        # are what Wagtail's script sends, not text anyone types). Requested as every admin
        # role: a refusal is a page too.
        screens.append(Screen(f"{action}?id=all", ROLES[1:], {"q": set()}))
    for screen in screens:
        for name in EVERYWHERE:
            screen.fields.setdefault(name, set())
        screen.fields = {name: sorted(values) for name, values in sorted(screen.fields.items())}
    return sorted(screens, key=str)


@pytest.fixture(scope="module")
def world_media(tmp_path_factory):
    return tmp_path_factory.mktemp("search-media")


@pytest.fixture(autouse=True)
def media_root(settings, world_media):
    """The world's images, documents and SCORM package, where every request finds them."""
    settings.MEDIA_ROOT = world_media
    settings.STORAGES = world_storages(world_media)
    return world_media


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, world_media, certificate_keys_dir):
    """The permission matrix's world (units A and B, their people, courses, quizzes,
    certificates, classes, files) and its screens, built once, in a transaction rolled back
    after the module's last test."""
    settings = world_settings(world_media, certificate_keys_dir)
    with django_db_blocker.unblock(), transaction.atomic(), override_settings(**settings):
        built = build_world()
        built.screens = find_screens(built)
        yield built
        transaction.set_rollback(True)


# Values -------------------------------------------------------------------------------------

# Search syntax, with an odd number of quotes.
SYNTAX = '"bảo tàng" AND (số* OR NEAR(a b)) NOT -x ^y title:z {title body}: w %s %% \\ \' ` "'
HOSTILE_TEXT = [
    '"',
    '""',
    "'",
    'a"("b',
    '"bảo tàng',
    "AND",
    "OR NOT",
    "NEAR(a b)",
    "*",
    "x*",
    "^x",
    "-",
    ":",
    "title:x",
    "(",
    ")",
    "{title}: x",
    "%",
    "%s",
    "\\",
    "\x00",
    "a\x00b",
    "\x01\x1f\x7f",
    "😀",
    "\u202e\ufeff",
    " ",
    "",
    SYNTAX,
]
NOT_A_VALUE = [
    "2024-13-45",
    "31/02/2024",
    "0000-00-00",
    "9999-12-31",
    "-1",
    "0",
    "1.5",
    "1e3",
    "0x10",
    "１",
    "99999999999999999999999",
    "-99999999999999999999",
    "9" * 5000,
    "None",
    "[]",
    "all",
]
LONG = ["x" * 5000, "Đ" * 3000, "bảo tàng " * 700]
# Vietnamese words, with a search engine's syntax between them.
vietnamese = st.text(
    st.sampled_from(
        "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ" + ' "*-:()'
    ),
    max_size=30,
)
hostile = st.one_of(
    st.sampled_from(HOSTILE_TEXT + NOT_A_VALUE + LONG),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=40),
    vietnamese,
)

# What test_every_screen_takes_hostile_text puts in a screen's parameters: "typed" in those
# where one types (a choice keeps the first value the page offers, so that the form is valid
# and the search runs), "everywhere" in all of them.
SWEEPS = {
    "syntax typed": (SYNTAX, "typed"),
    "a quote typed": ('"', "typed"),
    "NUL typed": ("bảo\x00tàng", "typed"),
    "long text typed": (LONG[2], "typed"),
    "syntax everywhere": (SYNTAX, "everywhere"),
    "huge id everywhere": ("99999999999999999999999", "everywhere"),
}


def assert_a_page(response, role, url, params):
    assert response.status_code < 500, f"{response.status_code} for {role}: GET {url} {params!r}"


# The tests ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_screens_are_found(world):
    """What the properties run over: the catalogue, the certificate check, Wagtail's page,
    image, document, user and snippet searches and choosers, its reports, our screens' filter
    forms, Django admin's changelists and the bulk actions, each with its parameters."""
    fields = {screen.url.split("?")[0]: screen.fields for screen in world.screens}
    expected = {
        "/": {"q", "audience", "training_type"},
        "/certificates/verify/": {"code"},
        "/admin/pages/search/": {"q"},
        "/admin/images/": {"q"},
        "/admin/documents/chooser/": {"q"},
        "/admin/users/": {"q", "group", "last_login_from"},
        "/admin/snippets/people/staffprofile/": {"q", "institution"},
        "/admin/snippets/certificates/certificate/": {"q", "status", "year", "course"},
        "/admin/snippets/classes/trainingclass/": {"q", "period_from", "period_to"},
        "/admin/snippets/people/auditentry/": {"q", "action", "created_at_from"},
        "/admin/snippets/choose/quizzes/question/results/": {"q"},
        "/admin/assignments/": {"course", "institution", "status"},
        "/admin/assignments/matrix/": {"unit", "institution", "course", "include_unassigned"},
        "/admin/completion-records/": {"date_from", "date_to", "unit", "institution_type", "status"},
        "/admin/training-report/": {"date_from", "date_to", "unit"},
        "/admin/reports/site-history/": {"action", "timestamp_from"},
        "/django-admin/auth/user/": {"q"},
        "/admin/bulk/wagtailimages/image/delete/": {"q"},
        "/admin/bulk/certificates/certificate/download_zip/": {"q"},
    }
    missing = {url: sorted(names - set(fields.get(url, ()))) for url, names in expected.items()}
    assert not {url: names for url, names in missing.items() if names}, missing
    attendance = [url for url in fields if url.startswith("/admin/snippets/classes/trainingclass/attendance/")]
    assert attendance and {"q", "institution"} <= set(fields[attendance[0]])
    roles = {screen.url.split("?")[0]: screen.roles for screen in world.screens}
    assert roles["/"] == ROLES
    assert roles["/admin/completion-records/"] == ("trainer", "hr", "admin", "superuser")
    assert len(world.screens) >= 60


@pytest.mark.django_db
@pytest.mark.parametrize("sweep", SWEEPS)
def test_every_screen_takes_hostile_text(world, sweep):
    """Every screen, each sweep as another of the roles that reach it."""
    text, where = SWEEPS[sweep]
    turn = list(SWEEPS).index(sweep)
    failures = []
    for screen in world.screens:
        params = {name: values[0] if values and where == "typed" else text for name, values in screen.fields.items()}
        role = screen.roles[turn % len(screen.roles)]
        try:
            status = request(world, role, screen.url, params)[0].status_code
        except Exception as error:  # the test client re-raises what became a 500
            status = f"{type(error).__name__}: {error}"[:200]
        if not isinstance(status, int) or status >= 500:
            failures.append(f"{role} GET {screen.url}: {status}")
    assert not failures, "\n".join(failures)


@st.composite
def searches(draw, screens):
    """(screen, role, parameters): a screen, a role that reaches it, and each of its
    parameters left out, a value the page offers, or anything at all (sometimes twice)."""
    screen = draw(st.sampled_from(screens))
    role = draw(st.sampled_from(screen.roles))
    params = {}
    for name, offered in screen.fields.items():
        kinds = ["left out", "offered", "anything"] if offered else ["left out", "anything"]
        kind = draw(st.sampled_from(kinds))
        if kind == "offered":
            params[name] = draw(st.sampled_from(offered))
        elif kind == "anything":
            params[name] = draw(st.lists(hostile, min_size=1, max_size=2))
    return screen, role, params


@pytest.mark.django_db
@PROPERTY
@given(data=st.data())
def test_any_search_or_filter_is_a_page(world, data):
    screen, role, params = data.draw(searches(world.screens))

    response, _html = request(world, role, screen.url, params)

    event(f"status {response.status_code}")
    assert_a_page(response, role, screen.url, params)
