import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from staff_lms.downloads import content_disposition

from . import credentials, keys
from .forms import VerifyForm
from .models import Certificate, CertificateSettings, normalise_code
from .pdf import credential_filename


@never_cache
def verify_form(request):
    """/certificates/verify/: type the code printed on a certificate."""
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        return redirect("certificates:verify", code=form.cleaned_data["code"])
    return render(request, "certificates/verify.html", {"form": form})


@never_cache
def verify(request, code):
    """Public: name, course, dates, status, and who issued and signed it; nothing more personal
    (not the date of birth)."""
    certificate = (
        Certificate.objects.filter(code=normalise_code(code))
        .only(
            "number",
            "learner_name",
            "course_title",
            "issued_on",
            "expires_on",
            "status",
            "revoked_at",
            "issuer_governing_body",
            "issuer_name",
            "signatory_authority",
            "signatory_title",
            "signatory_name",
        )
        .first()
    )
    status = 200 if certificate is not None else 404
    response = render(
        request,
        "certificates/verify.html",
        {"certificate": certificate, "code": code, "form": VerifyForm(initial={"code": code})},
        status=status,
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@login_required
def mine(request):
    """/certificates/: the learner's own valid certificates, of courses and of in-person classes
    alike (a class held without an online course has no course page to link one from)."""
    certificates = Certificate.objects.valid().filter(user=request.user).order_by("-issued_on", "-pk")
    return render(request, "certificates/mine.html", {"certificates": certificates})


@never_cache
@login_required
def download(request, pk):
    """The certificate's PDF for its learner, HR within its scope, the course's trainer and
    administrators. Anyone else gets 404, as if it did not exist. Personal data: never stored
    by a browser or a proxy (no-store)."""
    certificate = downloadable(request, pk)
    response = HttpResponse(certificate.document_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = attachment(certificate)
    return response


@never_cache
@login_required
def credential(request, pk):
    """The certificate's signed Open Badges credential as JSON, for the same people as its PDF
    (the same file is attached to the PDF)."""
    certificate = downloadable(request, pk)
    content = json.dumps(credentials.enveloped(certificate.signed_credential()), indent=2)
    response = HttpResponse(content, content_type="application/json")
    response["Content-Disposition"] = content_disposition(credential_filename(certificate))
    return response


def downloadable(request, pk):
    # A revoked certificate is withdrawn from its learner, whatever other role they hold;
    # HR and administrators still see it, for the record.
    certificate = (
        Certificate.objects.visible_to(request.user)
        .exclude(user=request.user, status=Certificate.Status.REVOKED)
        .filter(pk=pk)
        .first()
    )
    if certificate is None:
        raise Http404
    return certificate


def attachment(certificate):
    return content_disposition(certificate.display_filename)


# Verifying without our server ---------------------------------------------------------------


def public_keys(request):
    """The JSON Web Key Set of the issuing body's keys, current and retired (a stable address,
    named in docs and read by any verifier, from any origin)."""
    response = JsonResponse(keys.public_jwks())
    return shared(response)


def status_list(request):
    """The signed revocation status list (W3C Bitstring Status List), read by verifiers online."""
    token = credentials.signed_status_list(CertificateSettings.current())
    return shared(HttpResponse(token, content_type="application/vc+jwt"))


def shared(response):
    """Public data every verifier may fetch from anywhere, always fresh (revocation is immediate)."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "no-cache"
    return response


def offline_verifier(request):
    """A page that checks a certificate's QR token in the browser, with the public keys in it:
    once loaded (and cached by its service worker), it works without a connection."""
    branding = CertificateSettings.current()
    data = {
        "keys": keys.public_jwks(),
        "keysUrl": reverse("certificates:public_keys"),
        "statusUrl": reverse("certificates:status_list"),
        "worker": reverse("certificates:verifier_worker"),
        "scope": reverse("certificates:verify_form"),
        "messages": {
            "valid": _("Genuine: signed by the issuing body."),
            "invalid": _(
                "Not genuine: the signature does not match. The certificate may have been altered, or it was not "
                "signed by this issuing body."
            ),
            "malformed": _("This is not a certificate's QR code. Scan it again, or paste the whole address."),
            "revoked": _("Revoked: the issuing body has withdrawn this certificate."),
            "expired": _("Genuine, but expired."),
            "notRevoked": _("Checked online just now: not revoked."),
            "offline": _("Revocation not checked: you are offline. Check again when you are online."),
            "unsupported": _(
                "This browser cannot check signatures offline. When you are online, open the address in the QR "
                "code, or verify the certificate by its code on the site."
            ),
        },
    }
    response = render(
        request,
        "certificates/offline_verifier.html",
        {"verifier": data, "issuer": branding.body.name},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "no-cache"
    return response


def verifier_worker(request):
    """The offline verifier's service worker, served from verify/ so that its scope covers the
    addresses the QR codes point to."""
    response = render(request, "certificates/verifier_worker.js", content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response
