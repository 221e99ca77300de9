import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def rename_permissions(apps, schema_editor):
    """The renamed model's permissions keep their old codenames (view_exportlog…): rename them,
    so that every group and user granted one keeps it."""
    Permission = apps.get_model("auth", "Permission")
    for permission in Permission.objects.filter(content_type__app_label="people", codename__endswith="_exportlog"):
        action = permission.codename.split("_")[0]
        permission.codename = f"{action}_auditentry"
        permission.name = f"Can {action} audit trail entry"
        permission.save(update_fields=["codename", "name"])


def copy_actor_names(apps, schema_editor):
    AuditEntry = apps.get_model("people", "AuditEntry")
    for entry in AuditEntry.objects.filter(user__isnull=False).select_related("user"):
        entry.actor_name = entry.user.username
        entry.save(update_fields=["actor_name"])


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
        migrations.AddField(
            model_name="auditentry",
            name="actor_name",
            field=models.CharField(blank=True, max_length=150, verbose_name="user name"),
        ),
        migrations.RunPython(rename_permissions, migrations.RunPython.noop),
        migrations.RunPython(copy_actor_names, migrations.RunPython.noop),
    ]
