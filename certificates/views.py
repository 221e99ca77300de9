from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

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
    """Public: name, course, dates and status, nothing more personal."""
    certificate = (
        Certificate.objects.filter(code=normalise_code(code))
        .only("number", "learner_name", "course_title", "issued_on", "expires_on", "status", "revoked_at")
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
    response["Content-Disposition"] = f'attachment; filename="{certificate.filename}"'
    return response
