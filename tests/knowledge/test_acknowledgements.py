"""Heuristic tone findings never stop a person: the author acknowledges one with a
reason, the reviewer sees it next to the text. Only deterministic problems block."""

import pytest
from django.urls import reverse

from config.errors import ActionForbidden, EmptyVersion, InvalidInput, LintFailed, NotEditable
from knowledge import services
from knowledge.models import FindingAcknowledgement
from knowledge.workflow import VersionStatus
from templates_app.tone.versions import finding_excerpt, lint_version
from tests.factories import EntryFactory, VariantFactory, complete_version

pytestmark = pytest.mark.django_db

PASSIVE = "Your parcel was sent yesterday. Is there anything else I can help with?"


@pytest.fixture
def draft(people, chat):
    """A chat draft whose English body has a passive sentence (a warning)."""
    variant = VariantFactory(entry=EntryFactory(key="sent"), channel=chat)
    complete_version(variant=variant, number=1, status=VersionStatus.PUBLISHED)
    draft = services.version_create_draft(variant=variant, actor=people["editor"])
    return services.version_update(
        version=draft,
        actor=people["editor"],
        texts={"body": {"en": f"I understand you're waiting. {PASSIVE}"}},
    )


def passive_finding(version):
    return next(f for f in lint_version(version) if f.rule == "passive-voice")


def test_an_acknowledged_finding_is_stored_logged_and_shown_to_the_reviewer(
    draft, people, client_for, api_for
):
    finding = passive_finding(draft)
    assert finding.severity == "warning"
    excerpt = finding_excerpt(draft, finding)
    services.version_acknowledge_finding(
        version=draft,
        actor=people["editor"],
        language="en",
        rule="passive-voice",
        excerpt=excerpt,
        reason="The courier sent it, not us; naming them would confuse.",
    )
    ack = FindingAcknowledgement.objects.get(version=draft)
    assert (ack.rule, ack.language, ack.author) == ("passive-voice", "en", people["editor"])
    step = draft.transitions.get(action="acknowledge")
    assert "naming them would confuse" in step.comment and step.actor == people["editor"]

    lint = api_for(people["editor"]).get(f"/api/v1/versions/{draft.pk}/lint/").json()
    shown = next(f for f in lint["findings"] if f["rule"] == "passive-voice")
    assert shown["acknowledged"]["reason"].startswith("The courier sent it")
    assert shown["acknowledged"]["by"] == "editor"
    assert lint["errors"] == 0

    submitted = services.version_submit(version=draft, actor=people["editor"])
    assert submitted.status == VersionStatus.IN_REVIEW
    page = client_for(people["reviewer"]).get(
        reverse("admin:knowledge_version_compare", args=[draft.pk])
    )
    html = page.content.decode()
    assert "The author says it is right as written" in html
    assert "naming them would confuse" in html


def test_a_warning_never_blocks_submit_even_unacknowledged(draft, people):
    assert passive_finding(draft)
    assert services.version_submit(version=draft, actor=people["editor"]).status == "in_review"


def test_a_fact_mismatch_is_a_warning_the_reviewer_judges(people, help_page, chat):
    entry = EntryFactory(key="refund-days")
    source = services.variant_open_draft(
        entry=entry,
        channel=help_page,
        actor=people["editor"],
        texts={"title": {"en": "Refunds"}, "body": {"en": "Refunds arrive within 5 days."}},
    )
    translation = services.variant_open_draft(
        entry=entry,
        channel=chat,
        actor=people["editor"],
        texts={
            "title": {"ja": "返金"},
            "body": {"ja": "ご不便をおかけしています。返金は7日以内に届きます。ご質問は？"},
        },
    )
    findings = [f for f in lint_version(translation) if f.rule == "fact-mismatch"]
    assert findings and {f.severity for f in findings} == {"warning"}
    assert services.version_submit(version=translation, actor=people["editor"]).status == (
        "in_review"
    )
    assert source.status == "draft"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("I understand. " * 60, "length"),  # over the chat's 700 characters
        ("I understand, {{custmer_name}}. Anything else?", "unknown-placeholder"),
    ],
)
def test_deterministic_problems_still_block_and_cannot_be_acknowledged(people, chat, body, code):
    variant = VariantFactory(entry=EntryFactory(key=f"blocked-{code}"), channel=chat)
    draft = services.variant_open_draft(entry=variant.entry, channel=chat, actor=people["editor"])
    draft.title_en, draft.body_en = "Title", body  # as stored before placeholders were checked
    draft.save()
    with pytest.raises(LintFailed) as refused:
        services.version_submit(version=draft, actor=people["editor"])
    assert {f["rule"] for f in refused.value.extra["findings"]} == {code}
    finding = next(f for f in lint_version(draft) if f.rule == code)
    with pytest.raises(InvalidInput, match="not a judgement call"):
        services.version_acknowledge_finding(
            version=draft,
            actor=people["editor"],
            language="en",
            rule=code,
            excerpt=finding_excerpt(draft, finding),
            reason="I know.",
        )


def test_an_empty_version_still_cannot_be_submitted(people, chat):
    variant = VariantFactory(entry=EntryFactory(key="empty"), channel=chat)
    draft = services.variant_open_draft(entry=variant.entry, channel=chat, actor=people["editor"])
    with pytest.raises(EmptyVersion):
        services.version_submit(version=draft, actor=people["editor"])


def test_acknowledging_needs_the_finding_a_reason_a_draft_and_an_editor(draft, people):
    excerpt = finding_excerpt(draft, passive_finding(draft))
    ask = {"version": draft, "language": "en", "rule": "passive-voice", "excerpt": excerpt}
    with pytest.raises(InvalidInput, match="Say why"):
        services.version_acknowledge_finding(actor=people["editor"], reason="  ", **ask)
    with pytest.raises(InvalidInput, match="not on this version"):
        services.version_acknowledge_finding(
            actor=people["editor"], reason="r", **{**ask, "excerpt": "was never here"}
        )
    with pytest.raises(ActionForbidden):
        services.version_acknowledge_finding(actor=people["reviewer"], reason="r", **ask)
    services.version_submit(version=draft, actor=people["editor"])
    with pytest.raises(NotEditable):
        services.version_acknowledge_finding(actor=people["editor"], reason="r", **ask)
    assert not FindingAcknowledgement.objects.exists()


def test_an_editor_acknowledges_in_the_admin(draft, people, client_for):
    client = client_for(people["editor"])
    url = reverse("admin:knowledge_version_change", args=[draft.pk])
    page = client.get(url).content.decode()
    assert "Right as written? Acknowledge a finding" in page
    excerpt = finding_excerpt(draft, passive_finding(draft))
    response = client.post(
        reverse("admin:knowledge_version_acknowledge", args=[draft.pk]),
        {
            "language": "en",
            "field": "body",
            "rule": "passive-voice",
            "excerpt": excerpt,
            "reason": "Nobody at our end sends it.",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "the reviewer will see your reason" in html
    assert "Acknowledged by editor" in html
    assert FindingAcknowledgement.objects.filter(version=draft).count() == 1


def test_a_chat_translation_is_checked_against_the_chat_text_beside_it(people, help_page, chat):
    """The help page says less than the chat: a chat fact it lacks is no mismatch in
    the chat's translations, and a wrong one is caught against the chat's English."""
    entry = EntryFactory(key="opening-hours")
    services.variant_open_draft(
        entry=entry,
        channel=help_page,
        actor=people["editor"],
        texts={"title": {"en": "Opening hours"}, "body": {"en": "Steps: 1. Open Help. 2. Call."}},
    )
    texts = {
        "title": {"en": "We're open late", "ja": "遅くまで営業", "fi": "Auki myöhään"},
        "body": {
            "en": "Thanks for asking! Call us until 8 pm, twice a day if you like. Anything else?",
            "ja": "ご質問ありがとうございます。20時まで、1日2回お電話いただけます。ほかに何か？",
            "fi": "Kiitos kysymyksestä! Soita klo 21 asti, kolmesti päivässä. Muuta?",
        },
    }
    draft = services.variant_open_draft(
        entry=entry, channel=chat, actor=people["editor"], texts=texts
    )
    flagged = {
        (f.language, draft.body_fi[f.start : f.end] if f.language == "fi" else "")
        for f in lint_version(draft)
        if f.rule == "fact-mismatch" and f.field == "body"
    }
    assert not any(code == "ja" for code, _ in flagged)  # 20時 and 2回 match the chat's English
    assert {code for code, _ in flagged} >= {"fi"}  # klo 21 and kolmesti do not
