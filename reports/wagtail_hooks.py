"""The reports app's admin screens register their own hooks in these modules."""

from . import completion_admin, training_report_admin  # noqa: F401
