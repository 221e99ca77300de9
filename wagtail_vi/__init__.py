"""Vietnamese for Wagtail's admin: the strings of Wagtail (and of Django where the admin shows them)
that Wagtail's own Vietnamese catalogue leaves in English, for any Wagtail 8 site.

Install it before Wagtail's apps in INSTALLED_APPS (README, "Admin in Vietnamese"); its terms
follow docs/GLOSSARY.md.
"""
