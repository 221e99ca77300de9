"""The host site's part of a person's data (people/personal_data.py): django-axes' sign-in records
(user name, address, browser, times). Anonymisation deletes them: they serve login throttling and
security checks, which a closed account no longer needs."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.utils.translation import gettext_lazy as _


def export_sign_ins(user):
    username = user.get_username()
    return {
        "sign_ins": [
            {
                "at": log.attempt_time,
                "signed_out_at": log.logout_time,
                "ip_address": log.ip_address,
                "browser": log.user_agent,
            }
            for log in AccessLog.objects.filter(username=username).order_by("attempt_time")
        ],
        "failed_sign_ins": [
            {
                "at": log.attempt_time,
                "ip_address": log.ip_address,
                "browser": log.user_agent,
                "locked_out": log.locked_out,
            }
            for log in AccessFailureLog.objects.filter(username=username).order_by("attempt_time")
        ],
    }


def delete_sign_ins(user):
    username = user.get_username()
    count = 0
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        _total, per_model = model.objects.filter(username=username).delete()
        count += per_model.get(model._meta.label, 0)
    return {"sign-in records deleted": count} if count else {}


AUDIT_LABELS = {"sign-in records deleted": _("sign-in records deleted")}
