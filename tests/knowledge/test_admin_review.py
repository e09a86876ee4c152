import pytest

from knowledge import services
from knowledge.models import UserToken
from knowledge.tokens import hash_token
from knowledge.workflow import VersionStatus
from tests.factories import EntryFactory, UserFactory, VariantFactory, complete_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(people, chat):
    """A chat variant whose draft changes the Japanese body, submitted for review."""
    variant = VariantFactory(entry=EntryFactory(key="late-parcel"), channel=chat)
    complete_version(variant=variant, number=1, status=VersionStatus.PUBLISHED)
    draft = services.version_create_draft(variant=variant, actor=people["editor"])
    services.version_update(
        version=draft, actor=people["editor"], texts={"body": {"ja": "荷物は明日届きます。"}}
    )
    return services.version_submit(version=draft, actor=people["editor"])


def test_compare_page_shows_both_versions_side_by_side_per_language(client_for, people, submitted):
    page = client_for(people["reviewer"]).get(f"/admin/knowledge/version/{submitted.pk}/compare/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Changed languages: <strong>ja</strong>" in html
    assert "<del>Body (ja)</del>" in html
    assert "<ins>荷物は明日届きます。</ins>" in html
    assert html.count('class="changed"') == 1  # only the ja body differs


def test_compare_page_escapes_version_text(client_for, people, chat):
    variant = VariantFactory(channel=chat)
    draft = complete_version(variant=variant, number=1, body_en="<script>alert(1)</script>")
    html = (
        client_for(people["reviewer"])
        .get(f"/admin/knowledge/version/{draft.pk}/compare/")
        .content.decode()
    )
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_reviewer_queue_in_admin_follows_declared_languages(client_for, people, submitted):
    finnish = UserFactory(username="fi-reviewer", groups=["Reviewers"])
    client = client_for(finnish)
    saved = client.post("/admin/knowledge/version/review-languages/", {"languages": ["fi"]})
    assert saved.status_code == 302
    queue = client.get("/admin/knowledge/version/?queue=mine").content.decode()
    assert "late-parcel" not in queue
    client.post("/admin/knowledge/version/review-languages/", {"languages": ["fi", "ja"]})
    queue = client.get("/admin/knowledge/version/?queue=mine").content.decode()
    assert "late-parcel" in queue


def test_editors_cannot_declare_review_languages(client_for, people):
    response = client_for(people["editor"]).get("/admin/knowledge/version/review-languages/")
    assert response.status_code == 403


def test_admin_creates_a_token_shows_it_once_and_revokes_it(client_for):
    admin_user = UserFactory(username="root", is_superuser=True)
    owner = UserFactory(username="scripted")
    client = client_for(admin_user)
    response = client.post(
        "/admin/knowledge/usertoken/add/", {"user": owner.pk, "name": "import"}, follow=True
    )
    shown = [str(m) for m in response.context["messages"]]
    raw = next(m for m in shown if "not shown again" in m).rsplit(" ", 1)[-1]
    token = UserToken.objects.get(user=owner)
    assert token.key_hash == hash_token(raw)
    client.post(
        "/admin/knowledge/usertoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
