import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def drop_export_log_permissions(apps, schema_editor):
    """The renamed model's permissions keep their old codenames (view_exportlog…); the new
    ones (view_auditentry…) are created after migrate and granted by people.roles."""
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="people", codename__endswith="_exportlog").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_export_log"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("ExportLog", "AuditEntry"),
        migrations.AlterModelOptions(
            name="auditentry",
            options={
                "ordering": ["-created_at", "-pk"],
                "verbose_name": "audit trail entry",
                "verbose_name_plural": "audit trail",
            },
        ),
        migrations.AddField(
            model_name="auditentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("export", "Export"),
                    ("import", "Import"),
                    ("role", "Role change"),
                    ("scope", "HR scope change"),
                    ("certificate_revoked", "Certificate revoked"),
                    ("certificate_reissued", "Certificate re-issued"),
                ],
                db_index=True,
                default="export",
                max_length=30,
                verbose_name="action",
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="when"),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="kind",
            field=models.CharField(
                help_text="The records exported or imported (completions, roster…), the account or the certificate number.",
                max_length=200,
                verbose_name="what",
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="file_format",
            field=models.CharField(blank=True, max_length=10, verbose_name="format"),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="filters",
            field=models.JSONField(blank=True, default=dict, verbose_name="details"),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="user",
            ),
        ),
        migrations.RunPython(drop_export_log_permissions, migrations.RunPython.noop),
    ]
