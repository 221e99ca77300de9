import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import register_setting

from staff_lms.site_settings import DefaultSiteSetting

VIEW_COMPLETION_RECORDS = "reports.view_completion_records"
VIEW_TRAINING_REPORT = "reports.view_training_report"

# The national programme (Decision 1520/QĐ-TTg of 09/12/2022) runs from 2023: where coverage
# since the plan began counts from until a province sets the day its own plan was issued.
PROGRAMME_START = datetime.date(2023, 1, 1)


class Report(models.Model):
    """No table: the permissions of the reports' screens, which Wagtail's group editor shows and
    ``people.roles`` grants to the roles."""

    class Meta:
        managed = False
        verbose_name = _("training reports")
        verbose_name_plural = _("training reports")
        default_permissions = ()
        # Wagtail's group editor cuts a label ending with the model's name ("report") short.
        permissions = [
            ("view_completion_records", _("Can see and export completion records")),
            ("view_training_report", _("Can see the III.3 report and download it")),
        ]

    def __str__(self):
        return str(self._meta.verbose_name)


@register_setting(icon="table")
class ReportSettings(DefaultSiteSetting):
    """The province's choices for the III.3 report (Settings → III.3 report): the plan the
    report answers to, since when coverage is counted, the target and who receives the report.
    Who issues the report (heading, abbreviation, place) is the site's issuing body
    (``people.IssuingBody``), changed for one report in the report's form."""

    plan_reference = models.CharField(
        _("the province's plan"),
        max_length=300,
        blank=True,
        help_text=_(
            "As the basis paragraph names it after “Thực hiện”, e.g. “Kế hoạch số 123/KH-UBND ngày 15/8/2023 của "
            "UBND tỉnh Thái Nguyên”. The report adds “triển khai Quyết định số 1520/QĐ-TTg …”. Empty: the basis "
            "names Decision 1520/QĐ-TTg only."
        ),
    )
    plan_start = models.DateField(
        _("the plan began on"),
        default=PROGRAMME_START,
        help_text=_("Coverage since the plan began counts the staff who completed a course or class from this day."),
    )
    coverage_target = models.PositiveSmallIntegerField(
        _("coverage target (%)"),
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("The share of staff to be trained; the report sets coverage against it."),
    )
    recipients = models.TextField(
        _("recipients"),
        blank=True,
        default="Lưu: VT.",
        help_text=_("The “Nơi nhận” block: one recipient a line, e.g. “Bộ Văn hóa, Thể thao và Du lịch (b/c);”."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("plan_reference"), FieldPanel("plan_start"), FieldPanel("coverage_target")],
            heading=_("The plan"),
        ),
        FieldPanel("recipients"),
    ]

    class Meta:
        verbose_name = _("III.3 report")

    def recipient_lines(self):
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]
