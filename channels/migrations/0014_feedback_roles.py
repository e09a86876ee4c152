"""Every editorial role may read customers' feedback (the comments behind the performance
page's figures)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ["Editors", "Reviewers", "Publishers", "Channel managers"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("channels")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(content_type__app_label="channels", codename="view_feedback")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.add(view)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.filter(content_type__app_label="channels", codename="view_feedback")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*view)


class Migration(migrations.Migration):
    dependencies = [("channels", "0013_revision_task_roles"), ("knowledge", "0002_groups")]

    operations = [migrations.RunPython(grant, revoke)]
