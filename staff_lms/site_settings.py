"""The base of the LMS's Wagtail site settings (Settings → Issuing body, → Certificates,
→ III.3 report)."""

from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Site


class DefaultSiteSetting(BaseSiteSetting):
    """A site setting read outside any request too (documents are issued by tasks and
    commands): ``current()`` is the default site's. ``required_fields`` name what every
    document prints and no default can know; ``missing_fields()`` lists those still empty."""

    required_fields = ()

    class Meta:
        abstract = True

    @classmethod
    def current(cls):
        """The default site's setting; an unsaved empty one while there is no site."""
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            return cls()
        return cls.for_site(site)

    def missing_fields(self):
        """The labels of the required fields still empty: documents issued now would print blanks."""
        return [
            self._meta.get_field(name).verbose_name for name in self.required_fields if not getattr(self, name).strip()
        ]
