from django.db import migrations
from django.db.models import Exists, OuterRef, Subquery


def scores_from_certificates(apps, schema_editor):
    """A completed enrolment whose valid certificate states a score has that score as its final
    score: the number already handed out is the one the records must show."""
    Certificate = apps.get_model("certificates", "Certificate")
    Enrolment = apps.get_model("courses", "Enrolment")
    stated = Certificate.objects.filter(
        status="valid", score__isnull=False, user_id=OuterRef("user_id"), course_id=OuterRef("course_id")
    )
    Enrolment.objects.filter(Exists(stated), completed_at__isnull=False).update(
        final_score=Subquery(stated.order_by("-issued_on", "-pk").values("score")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0001_initial"),
        ("courses", "0005_enrolment_final_score"),
    ]

    operations = [migrations.RunPython(scores_from_certificates, migrations.RunPython.noop)]
