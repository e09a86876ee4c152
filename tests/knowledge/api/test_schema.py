import io

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient


def test_openapi_schema_validates_without_warnings(db):
    out = io.StringIO()
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", stdout=out
    )
    assert '"/api/v1/versions/{id}/approve/"' in out.getvalue()


@pytest.mark.django_db
def test_schema_and_docs_are_served_from_our_own_static_files():
    client = APIClient()
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    page = docs.content.decode()
    assert "swagger-ui" in page
    assert "cdn.jsdelivr.net" not in page and "unpkg.com" not in page
