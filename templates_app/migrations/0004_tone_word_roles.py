"""Editors and reviewers keep the tone word lists; everyone else may read them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

KEEP = [f"{action}_toneword" for action in ("add", "change", "delete", "view")]
ROLES = {
    "Editors": KEEP,
    "Reviewers": KEEP,
    "Publishers": ["view_toneword"],
    "Channel managers": ["view_toneword"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("templates_app")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="templates_app", codename__in=ROLES[group.name]
            )
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="templates_app", codename__in=KEEP)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [("templates_app", "0003_tone_words")]

    operations = [migrations.RunPython(grant, revoke)]
