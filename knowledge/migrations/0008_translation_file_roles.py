"""Editors, reviewers and publishers may read the log of translation files (who sent
what to translators, who took which units back)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ["Editors", "Reviewers", "Publishers"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("knowledge")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(
        content_type__app_label="knowledge", codename="view_translationfile"
    )
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.add(view)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.filter(
        content_type__app_label="knowledge", codename="view_translationfile"
    )
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*view)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0007_translation_files")]

    operations = [migrations.RunPython(grant, revoke)]
