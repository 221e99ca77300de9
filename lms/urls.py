from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, include, path
from django.views.decorators.cache import cache_control
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import views

# A document may be a lesson's handout, for that course's readers only (courses/lesson_documents.py):
# no shared cache keeps a copy, and browsers ask again each time (a 304 when it has not changed).
private_document = cache_control(private=True, no_cache=True)
document_patterns = [
    URLPattern(pattern.pattern, private_document(pattern.callback), pattern.default_args, pattern.name)
    for pattern in wagtaildocs_urls.urlpatterns
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(document_patterns)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("courses.urls")),
    path("accounts/", include("people.account_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    # Uploaded images only, as nginx does (docs/DEPLOY.md): documents, certificate PDFs, handbooks
    # and import previews are served by views that check who asks.
    for folder in ("original_images", "images"):
        urlpatterns += static(f"{settings.MEDIA_URL}{folder}/", document_root=f"{settings.MEDIA_ROOT}/{folder}")

urlpatterns += [path("", include(wagtail_urls))]

handler500 = "lms.views.server_error"
