"""The host site's URLs without ``people.account_urls``: a host that keeps its own login."""

from lms.urls import urlpatterns as lms_urlpatterns

urlpatterns = [pattern for pattern in lms_urlpatterns if getattr(pattern, "app_name", None) != "people_accounts"]
