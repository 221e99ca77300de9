from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from staff_lms.downloads import content_disposition

from .forms import VerifyForm
from .models import Certificate, normalise_code


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
    response = HttpResponse(certificate.document_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = attachment(certificate)
    return response


def attachment(certificate):
    return content_disposition(certificate.display_filename)
