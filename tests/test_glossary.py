"""Every Vietnamese catalogue keeps to the glossary (docs/GLOSSARY.md): a message whose English
holds a term of the glossary's table is never translated with one of that term's "Never" words."""

import re
from pathlib import Path

import pytest

from tests.test_translations import messages, translations

REPO_ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = REPO_ROOT / "docs" / "GLOSSARY.md"
# Each app's catalogues, wagtail_vi's and the host site's (locale/).
CATALOGUES = sorted([*REPO_ROOT.glob("*/locale/vi/LC_MESSAGES/*.po"), *REPO_ROOT.glob("locale/vi/LC_MESSAGES/*.po")])


def glossary():
    """The table's rows as (English term, [Vietnamese terms], [never]), a parenthesis after the
    English ("site (a Wagtail site)") being a note."""
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) != 4 or cells[0] in ("English", "---"):
            continue
        english, vietnamese, never, _why = cells
        rows.append((without_notes(english), terms(vietnamese), terms(never)))
    return rows


def without_notes(cell):
    return re.sub(r"\(.*?\)", "", cell).strip()


def terms(cell):
    return [term.strip() for term in without_notes(cell).split(",") if term.strip()]


def words(text):
    return re.compile(rf"(?<!\w){re.escape(text)}(?!\w)", re.IGNORECASE)


def test_the_glossary_is_read():
    rows = {english: (vietnamese, never) for english, vietnamese, never in glossary()}
    assert rows["inspect"] == (["xem chi tiết"], ["kiểm tra"])
    assert rows["quiz"] == (["bài kiểm tra"], ["câu đố"])
    assert len(rows) > 30


@pytest.mark.parametrize("po", CATALOGUES, ids=[str(po.relative_to(REPO_ROOT)) for po in CATALOGUES])
def test_no_translation_uses_a_word_the_glossary_rules_out(po):
    rules = [(english, vietnamese, never) for english, vietnamese, never in glossary() if never]
    wrong = []
    for entry in messages(po):
        source = f"{entry['msgid']} {entry.get('msgid_plural', '')}"
        for english, vietnamese, never in rules:
            stem = english.removesuffix("s")  # "settings" and "setting"
            if not re.search(rf"(?<!\w){re.escape(stem)}(s|es)?(?!\w)", source, re.IGNORECASE):
                continue
            for text in translations(entry):
                for allowed in vietnamese:
                    text = words(allowed).sub(" ", text)
                found = [word for word in never if words(word).search(text)]
                wrong += [f"{entry['msgid']!r} → {text!r}: {word!r} ({english})" for word in found]
    assert wrong == []
