from dataclasses import asdict

from csp.constants import HEADER, HEADER_REPORT_ONLY, SELF, UNSAFE_INLINE
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.utils import translation


class SiteLanguageMiddleware:
    """Vietnamese unless the visitor picked another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many staff
    computers run browsers set to English; the site must still open in Vietnamese. The
    switch (``/i18n/setlang/``) stores the choice in the language cookie, read here.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        # Rendering is done when get_response returns; the language active before is then
        # put back, so that nothing leaks into what the thread does next.
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


# The admin screens (Wagtail's and Django's) print small inline scripts (inline panels, date
# pickers, workflow and chooser set-up) and frame their own previews, so there script-src also
# allows 'unsafe-inline' and frame-ancestors allows the site itself; every other page keeps the
# strict policy of settings.CONTENT_SECURITY_POLICY.
ADMIN_PATH_PREFIXES = ("/admin/", "/django-admin/")
ADMIN_CSP_UPDATE = {"script-src": [UNSAFE_INLINE], "img-src": ["blob:"]}
ADMIN_CSP_REPLACE = {"frame-ancestors": [SELF]}


# What a view may set on its response to change its policy (django-csp's decorators).
PER_VIEW_ATTRIBUTES = tuple(
    f"_csp_{name}{suffix}" for name in ("config", "update", "replace", "exempt") for suffix in ("", "_ro")
)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the looser policy above on the admin paths.

    django-csp builds the header anew for every response; here a response that no view decorated
    and that used no nonce gets the policy built once for its kind (admin or not)."""

    def __init__(self, get_response):
        super().__init__(get_response)
        self.built = {}

    def process_response(self, request, response):
        if (
            settings.DEBUG
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in PER_VIEW_ATTRIBUTES)
        ):
            return super().process_response(request, response)
        kind = request.path.startswith(ADMIN_PATH_PREFIXES)
        if kind not in self.built:
            self.built[kind] = {
                header: build_policy(**asdict(self.get_policy_parts(request, response, ro)), report_only=ro)
                for header, ro in ((HEADER, False), (HEADER_REPORT_ONLY, True))
            }
        for header, value in self.built[kind].items():
            if value and header not in response:
                response[header] = value
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(ADMIN_PATH_PREFIXES):
            parts.update = {**ADMIN_CSP_UPDATE, **(parts.update or {})}
            parts.replace = {**ADMIN_CSP_REPLACE, **(parts.replace or {})}
        return parts
