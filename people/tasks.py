"""Background work of the people app: sending invitation e-mails (people/invitations.py) and
preparing large admin downloads (people/exports.py).

Runs through Django's task framework, as certificate delivery does: the immediate backend runs it
once the request's transaction commits, django-tasks-db in a worker (docs/DEPLOY.md).
"""

from django.contrib.auth import get_user_model
from django_tasks import task

from . import invitations


@task()
def send_invitations(actor_id, user_ids, source="admin"):
    User = get_user_model()
    actor = User.objects.filter(pk=actor_id).first() if actor_id is not None else None
    users = User.objects.filter(pk__in=user_ids).select_related("staff_profile").order_by(User.USERNAME_FIELD)
    sent, failed = invitations.send(actor, users, source=source)
    return {"sent": len(sent), "failed": len(failed)}


@task()
def prepare_export(export_id):
    """A large admin download, written in the worker (people/exports.py)."""
    from . import exports
    from .models import PreparedExport

    export = PreparedExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.status != PreparedExport.Status.PENDING:
        return "nothing to do"
    exports.prepare(export)
    return {"status": export.status, "rows": export.rows}
