from django.conf import settings
from django.core.checks import Error, register


@register()
def scorm_storage_configured(app_configs, **kwargs):
    """Packages are someone else's HTML and JavaScript: they must live where no web server serves
    them as they are, only through the player's sandboxed view (``scorm.content``)."""
    if "scorm" in settings.STORAGES:
        return []
    return [
        Error(
            'STORAGES has no "scorm" storage for SCORM packages.',
            hint='Add STORAGES["scorm"], e.g. a FileSystemStorage outside MEDIA_ROOT with base_url None '
            "(see the README, SCORM packages).",
            id="scorm.E001",
        )
    ]
