"""wagtail-staff-lms: the staff-training LMS apps for Wagtail (this package is their shared base)."""

# The one place the version is written: pyproject.toml reads it, CHANGELOG.md names it.
__version__ = "0.2.0"
