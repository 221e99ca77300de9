from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("verify/", views.verify_form, name="verify_form"),
    # The offline verifier and its service worker, whose scope is verify/ (where the QR codes
    # point): declared before verify/<code>/, which "offline" would otherwise match.
    path("verify/offline/", views.offline_verifier, name="offline_verifier"),
    path("verify/worker.js", views.verifier_worker, name="verifier_worker"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("keys.json", views.public_keys, name="public_keys"),
    path("status/revocation/", views.status_list, name="status_list"),
    path("<int:pk>/download/", views.download, name="download"),
    path("<int:pk>/credential/", views.credential, name="credential"),
]
