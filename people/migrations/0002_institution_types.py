from django.db import migrations

CODES = [
    "public_library",
    "museum",
    "culture_centre",
    "school_library",
    "armed_forces",
    "community_learning_centre",
    "post_culture_point",
]


def create_types(apps, schema_editor):
    InstitutionType = apps.get_model("people", "InstitutionType")
    for order, code in enumerate(CODES):
        InstitutionType.objects.update_or_create(code=code, defaults={"sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(create_types, migrations.RunPython.noop)]
