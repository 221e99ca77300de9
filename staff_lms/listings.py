"""What the admin listings of the apps (assigned courses, essays to mark, completion records,
course trainers) add to Wagtail's generic ``IndexView`` and ``ReportView``: their items counted
in their own words under the pagination, the filters that could not be applied shown above the
results, row buttons beside a title that links nowhere, and a checkbox per row for a form around
the table.
"""

from django.utils.functional import cached_property
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import BaseColumn, ButtonsColumnMixin, TitleColumn


class ListingPaginator(WagtailPaginator):
    """Wagtail's paginator, whose ``items_count_label`` (shown under the pages) is
    ``count_label``, an ``ngettext_lazy(singular, plural, "count")``."""

    def __init__(self, *args, count_label, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_label = count_label

    @cached_property
    def items_count_label(self):
        return self.count_label % {"count": self.count}


class ListingMixin:
    """For an ``IndexView`` or ``ReportView``; ``items_count_label`` names its items."""

    paginator_class = ListingPaginator
    items_count_label = None
    results_template_name = "staff_lms/admin/listing_results.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # Wagtail's spreadsheet export (``?export=``) is off: our exports are views of their
        # own, each written in the audit trail.
        self.is_export = False

    def get_paginator(self, queryset, per_page, **kwargs):
        return super().get_paginator(queryset, per_page, count_label=self.items_count_label, **kwargs)


class ButtonsTitleColumn(ButtonsColumnMixin, TitleColumn):
    """Wagtail's title column with the row's buttons, ``get_buttons(instance)`` (as a view's
    ``get_list_buttons``)."""

    def __init__(self, *args, get_buttons, **kwargs):
        super().__init__(*args, **kwargs)
        self._get_buttons = get_buttons

    def get_buttons(self, instance, parent_context):
        return self._get_buttons(instance)


class SelectColumn(BaseColumn):
    """A checkbox named ``name`` holding the row's pk, for a form around the table."""

    header_template_name = "staff_lms/admin/tables/select_header.html"
    cell_template_name = "staff_lms/admin/tables/select_cell.html"
