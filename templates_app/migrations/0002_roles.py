"""Give the editorial roles their snippet permissions (the groups come from knowledge)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SNIPPET_MODELS = ["snippet", "snippetversion"]
VIEW = [f"view_{model}" for model in SNIPPET_MODELS]

ROLES = {
    "Editors": [f"{a}_{m}" for m in SNIPPET_MODELS for a in ("add", "change", "view")],
    "Reviewers": [*VIEW, "review_snippetversion"],
    "Publishers": [*VIEW, "publish_snippetversion"],
    "Channel managers": VIEW,
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("templates_app")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        perms = Permission.objects.filter(
            content_type__app_label="templates_app", codename__in=codenames
        )
        if perms.count() != len(codenames):
            raise RuntimeError(f"Snippet permissions missing for {name}.")
        group.permissions.add(*perms)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="templates_app")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("templates_app", "0001_initial"),
        ("knowledge", "0002_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
