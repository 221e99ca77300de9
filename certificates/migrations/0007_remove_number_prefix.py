from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0006_fill_issuer_and_number_pattern"),
    ]

    operations = [
        migrations.RemoveField(model_name="certificatesettings", name="number_prefix"),
    ]
