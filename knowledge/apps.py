from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = "Knowledge base"

    def ready(self) -> None:
        from knowledge.api import schema  # noqa: F401  (registers the OpenAPI extension)


class ParleyAdminConfig(admin_apps.AdminConfig):
    """Django's admin whose default site shows each person their work on the index."""

    default = False  # "knowledge" in INSTALLED_APPS still means KnowledgeConfig
    default_site = "knowledge.site.ParleyAdminSite"
