"""Create the four editorial roles as groups, with their model permissions.

Permissions normally appear only after all migrations (post_migrate), so they
are created here first for the apps this migration depends on.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT = ["topic", "tag", "entry", "variant", "version"]

ROLES = {
    "Editors": {
        "knowledge": [f"{action}_{model}" for model in CONTENT for action in ("add", "change", "view")],
        "channels": ["view_channel"],
    },
    "Reviewers": {
        "knowledge": [f"view_{model}" for model in CONTENT] + ["review_version"],
        "channels": ["view_channel"],
    },
    "Publishers": {
        "knowledge": [f"view_{model}" for model in CONTENT] + ["publish_version"],
        "channels": ["view_channel"],
    },
    "Channel managers": {
        "knowledge": [f"view_{model}" for model in CONTENT],
        "channels": ["add_channel", "change_channel", "view_channel"],
    },
}


def create_groups(apps, schema_editor):
    for label in ("knowledge", "channels"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, by_app in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codenames in by_app.items():
            perms = Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
            missing = set(codenames) - set(perms.values_list("codename", flat=True))
            if missing:
                raise RuntimeError(f"Permissions missing for {name}: {sorted(missing)}")
            group.permissions.add(*perms)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("knowledge", "0001_initial"),
        ("channels", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
