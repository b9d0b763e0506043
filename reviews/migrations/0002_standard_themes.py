"""The standard themes of learning every partnership starts with (a managed list: partnerships add their own)."""

from django.db import migrations

STANDARD_THEMES = [
    ("Neglect", "Recognising and responding to neglect, including its cumulative harm."),
    ("Exploitation", "Child sexual and criminal exploitation, county lines, trafficking."),
    ("Information sharing", "Sharing information between agencies in time to protect a child."),
    ("Domestic abuse", "Children living with domestic abuse, and its impact on them."),
    ("Mental health", "Parental and children's mental health."),
    ("Professional curiosity", "Looking beyond what is presented; respectful uncertainty."),
    ("Voice of the child", "Hearing and acting on what children say and show."),
    ("Safe sleep", "Safer sleeping for babies, and the risks families face."),
    ("Substance misuse", "Parental drug and alcohol use."),
    ("Multi-agency working", "Joint working, escalation and shared plans."),
]


def add_themes(apps, schema_editor):
    Theme = apps.get_model("reviews", "Theme")
    for name, description in STANDARD_THEMES:
        Theme.objects.get_or_create(partnership=None, name=name, defaults={"description": description})


def remove_themes(apps, schema_editor):
    Theme = apps.get_model("reviews", "Theme")
    Theme.objects.filter(partnership=None, name__in=[name for name, _ in STANDARD_THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]

    operations = [migrations.RunPython(add_themes, remove_themes)]
