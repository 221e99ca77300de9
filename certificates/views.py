from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from people import roles

from .forms import VerifyForm
from .models import Certificate


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
        Certificate.objects.filter(code=code)
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


@login_required
def download(request, pk):
    """The certificate's PDF for its learner, HR within its scope, the course's trainer and
    administrators. Anyone else gets 404, as if it did not exist."""
    certificates = Certificate.objects.visible_to(request.user)
    if not (roles.is_provincial_admin(request.user) or roles.is_hr(request.user) or roles.is_trainer(request.user)):
        certificates = certificates.valid()  # a learner's revoked certificate is withdrawn
    certificate = certificates.filter(pk=pk).first()
    if certificate is None:
        raise Http404
    response = HttpResponse(certificate.ensure_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate.filename}"'
    return response
