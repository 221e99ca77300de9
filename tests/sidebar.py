"""The admin's sidebar as a user sees it, read from the JSON props Wagtail draws it from."""

import html
import json
import re

from .conftest import client_for


def sidebar(user, client=None):
    """The main menu of the dashboard as ``user`` sees it (in English, unless ``client`` is
    given): ``{name: (label, url or [submenu])}`` for the top level, each submenu a list of
    ``(name, label, url)`` in its order (Wagtail draws the sidebar from these JSON props)."""
    if client is None:
        client = client_for(user)
    page = client.get("/admin/").text
    props = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', page, re.S)
    modules = json.loads(html.unescape(props.group(1)))["modules"]
    main_menu = next(module for module in modules if module["_type"] == "wagtail.sidebar.MainMenuModule")

    def read(item):
        options, *children = item["_args"]
        if item["_type"] == "wagtail.sidebar.SubMenuItem":
            return options["label"], [(child["_args"][0]["name"], *read(child)) for child in children[0]]
        return options["label"], options["url"]

    return {item["_args"][0]["name"]: read(item) for item in main_menu["_args"][0]}
