"""The site's search backend: Wagtail's database backend (``wagtail.search.backends.database``:
PostgreSQL's full-text search, or FTS5 on SQLite), made to answer whatever is typed into a
search box. ``WAGTAILSEARCH_BACKENDS`` in ``lms/settings/base.py`` names this module; a host
site copies it and that setting (README, "Add to your Wagtail site").

It changes only what reaches the backend, once for every search of the site (the admin's
page, image, document, user and snippet searches, choosers, bulk actions, the catalogue):

- ``"`` and NUL become spaces. SQLite's backend writes each word between double quotes in its
  FTS5 MATCH expression without escaping the quotes a word holds, so a lone ``"`` was a syntax
  error (a server error); PostgreSQL refuses NUL in any text. Both databases' tokenizers read
  these characters as spaces anyway: the same words are searched.
- Only the first 255 characters of each text are read (Wagtail's
  ``normalise_query_string`` keeps as many): thousands of words made an expression too deep
  to compile.
- A text left without a character to search is the empty query, which finds nothing (SQLite's
  backend crashed on a query of spaces).
- The queryset's filters and ordering are not checked against the model's ``FilterField``
  list: the database backends apply them with the ORM, as they are, and the check crashed on a
  filter on an annotation (the image and document listings' usage count with a search,
  django-modelsearch issue 51) and on an ordering by a related field (the page explorer sorted
  by type, with a search).
"""

import copy
import functools
import re

from wagtail.search.backends import database
from wagtail.search.utils import MAX_QUERY_STRING_LENGTH

UNSEARCHABLE = re.compile(r'["\x00]')


def cleaned(query):
    """``query`` (a text, or a query object holding texts) with every text cleaned; ``None``
    for an object whose texts are all empty."""
    if isinstance(query, str):
        return UNSEARCHABLE.sub(" ", query[:MAX_QUERY_STRING_LENGTH]).strip()
    query = copy.copy(query)
    if hasattr(query, "query_string"):  # PlainText, Phrase, Fuzzy
        query.query_string = cleaned(query.query_string)
        return query if query.query_string else None
    if hasattr(query, "subquery"):  # Not, Boost
        query.subquery = cleaned(query.subquery)
        return query if query.subquery is not None else None
    if hasattr(query, "subqueries"):  # And, Or
        query.subqueries = [part for part in map(cleaned, query.subqueries) if part is not None]
        return query if query.subqueries else None
    return query  # MatchAll


class CleanQueries:
    """Search backend mixin: every query is cleaned before the backend compiles it."""

    def search(self, query, model_or_queryset, **kwargs):
        return super().search(cleaned(query) or "", model_or_queryset, **kwargs)

    def autocomplete(self, query, model_or_queryset, **kwargs):
        return super().autocomplete(cleaned(query) or "", model_or_queryset, **kwargs)


class QuerysetInTheDatabase:
    """Query compiler mixin: the queryset's filters and ordering are left to the database,
    unchecked (``check()`` still refuses a search on a field that is not indexed)."""

    def _get_filters_from_queryset(self, check_only=False):
        if not check_only:
            return super()._get_filters_from_queryset(check_only=False)

    def _get_order_by(self):
        return ()


@functools.cache
def with_clean_queries(backend_class):
    compilers = {
        name: type(compiler.__name__, (QuerysetInTheDatabase, compiler), {})
        for name in ("query_compiler_class", "autocomplete_query_compiler_class")
        if (compiler := getattr(backend_class, name))
    }
    return type(backend_class.__name__, (CleanQueries, backend_class), compilers)


def SearchBackend(params):
    """The backend ``wagtail.search.backends.database`` picks for the default database (by
    its vendor, and on SQLite by whether FTS5 is there), with the above. Wagtail looks a
    backend module's ``SearchBackend`` up by that name."""
    return with_clean_queries(type(database.SearchBackend(params)))(params)
