"""Install the statutory section 11 standard set (audits/statutory.py) in every deployment."""

from django.db import migrations

from audits import statutory


def create_statutory_set(apps, schema_editor):
    statutory.install(
        apps.get_model("audits", "StandardSet"),
        apps.get_model("audits", "Standard"),
        apps.get_model("audits", "Criterion"),
    )


def remove_statutory_set(apps, schema_editor):
    StandardSet = apps.get_model("audits", "StandardSet")
    StandardSet.objects.filter(partnership__isnull=True, name=statutory.NAME, cycles__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("audits", "0001_initial")]

    operations = [migrations.RunPython(create_statutory_set, remove_statutory_set)]
