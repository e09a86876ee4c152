"""Revision tasks: thresholds open them, jobs remind and escalate, publishing closes them."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from channels import gaps, revision
from channels.models import Feedback, RevisionTask, SearchQuery
from knowledge import services
from knowledge.models import ReviewerProfile

pytestmark = pytest.mark.django_db

TASKS = "/api/v1/revision-tasks/"


def votes(refund, channels, *, channel="help-page", language="ja", helpful=(), effort=()):
    version = refund["primary"] if channel == "help-page" else refund["chat"]
    for value in helpful:
        Feedback.objects.create(
            entry=refund["entry"], channel=channels[channel], language=language,
            version=version, helpful=value,
        )  # fmt: skip
    for value in effort:
        Feedback.objects.create(
            entry=refund["entry"], channel=channels[channel], language=language,
            version=version, effort=value,
        )  # fmt: skip


def run_jobs(now=None) -> str:
    out = io.StringIO()
    if now is None:
        call_command("run_due_jobs", stdout=out)
    else:
        revision.apply_thresholds(now=now)
    return out.getvalue()


@pytest.fixture
def owned(refund, staff):
    entry = refund["entry"]
    entry.owner = staff["editor"]
    entry.save()
    return refund


def test_an_unhelpful_answer_opens_one_task_for_its_owner_with_the_evidence(
    owned, channels, settings, staff
):
    settings.PARLEY_REVISION_MIN_VOTES = 5
    votes(owned, channels, helpful=[False, False, True, False])  # 4 votes: not enough yet
    assert "0 opened" in run_jobs()
    Feedback.objects.create(
        entry=owned["entry"], channel=channels["help-page"], language="ja",
        version=owned["primary"], helpful=False, comment="分かりにくい",
    )  # fmt: skip
    assert "1 opened" in run_jobs()
    task = RevisionTask.objects.get()
    assert (task.reason, task.entry, task.channel.slug, task.language) == (
        "unhelpful",
        owned["entry"],
        "help-page",
        "ja",
    )
    assert task.assignee == staff["editor"]
    assert task.evidence["helpful_rate"] == 0.2 and task.evidence["votes"] == 5
    assert task.evidence["comments"] == ["分かりにくい"]
    assert task.due_at - task.opened_at == timedelta(days=settings.PARLEY_REVISION_SLA_DAYS)
    assert "0 opened" in run_jobs()  # the same task is not opened twice


def test_high_effort_opens_its_own_task(owned, channels, settings):
    settings.PARLEY_REVISION_MIN_VOTES = 3
    votes(owned, channels, channel="chat", language="en", effort=[4, 5, 4])
    votes(owned, channels, language="en", effort=[1, 2, 1])  # easy on the help page
    run_jobs()
    (task,) = RevisionTask.objects.all()
    assert (task.reason, task.channel.slug, task.evidence["effort_mean"]) == (
        "effort",
        "chat",
        4.33,
    )


def test_reminded_the_day_before_and_escalated_to_publishers_once_overdue(
    owned, channels, settings, staff
):
    settings.PARLEY_REVISION_MIN_VOTES = 3
    votes(owned, channels, helpful=[False, False, False])
    start = timezone.now()
    revision.apply_thresholds(now=start)
    task = RevisionTask.objects.get()
    revision.remind_and_escalate(now=start + timedelta(days=5))
    assert mail.outbox == []
    counts = revision.remind_and_escalate(now=task.due_at - timedelta(hours=12))
    assert counts == {"reminded": 1, "escalated": 0}
    assert mail.outbox[-1].to == [staff["editor"].email]
    assert "Revision due" in mail.outbox[-1].subject
    counts = revision.remind_and_escalate(now=task.due_at + timedelta(hours=1))
    assert counts == {"reminded": 0, "escalated": 1}
    assert mail.outbox[-1].to == [staff["publisher"].email]
    assert "overdue" in mail.outbox[-1].subject
    assert revision.remind_and_escalate(now=task.due_at + timedelta(days=2)) == {
        "reminded": 0,
        "escalated": 0,
    }


def test_publishing_a_new_version_of_the_text_closes_its_task(owned, channels, settings, staff):
    settings.PARLEY_REVISION_MIN_VOTES = 3
    votes(owned, channels, helpful=[False, False, False])
    votes(owned, channels, language="fi", helpful=[False, False, False])
    run_jobs()
    assert RevisionTask.objects.filter(state="open").count() == 2
    variant = owned["primary"].variant
    draft = services.version_create_draft(variant=variant, actor=staff["editor"])
    services.version_update(
        version=draft,
        actor=staff["editor"],
        texts={"body": {"ja": "返金は5営業日以内に届きます。"}},
    )
    services.version_submit(version=draft, actor=staff["editor"])
    services.version_approve(version=draft, actor=staff["reviewer"])
    services.version_publish(version=draft, actor=staff["publisher"])
    ja, fi = RevisionTask.objects.get(language="ja"), RevisionTask.objects.get(language="fi")
    assert (ja.state, ja.closed_because) == ("closed", f"version {draft.number} published")
    assert fi.state == "open"  # the Finnish text did not change
    # Votes on the old version no longer count: no new task for it.
    assert "0 opened" in run_jobs()


def test_a_search_gap_opens_a_task_for_the_language_reviewers(channels, settings, staff):
    settings.PARLEY_REVISION_GAP_COUNT = 5
    for query, misses in [("parrot cage size", 3), ("parrot cages size", 2), ("gift wrap", 1)]:
        SearchQuery.objects.create(
            channel=channels["chat"], language="en", query=query, searches=misses, misses=misses
        )
    run_jobs()
    (task,) = RevisionTask.objects.all()
    assert (task.reason, task.entry, task.assignee, task.language) == (
        "search_gap",
        None,
        None,
        "en",
    )
    assert task.evidence["misses"] == 5
    assert set(task.evidence["questions"]) == {"parrot cage size", "parrot cages size"}
    ReviewerProfile.objects.create(user=staff["reviewer"], languages=["ja"])
    assert revision.language_reviewers("en") == []
    assert list(revision.tasks_for(staff["reviewer"])) == []
    ReviewerProfile.objects.filter(user=staff["reviewer"]).update(languages=["en"])
    assert list(revision.tasks_for(staff["reviewer"])) == [task]


@pytest.mark.parametrize(
    ("language", "together", "apart"),
    [
        ("en", ["refund time", "Refund  times?"], "change my password"),
        ("ja", ["返金はいつ届きますか", "返金はまだ届きませんか"], "配送はいつ届きますか"),
        ("fi", ["Milloin saan hyvityksen?", "milloin hyvitys tulee"], "salasanan vaihto"),
        ("zh-hant", ["退款什麼時候到", "退款還沒收到"], "包裹什麼時候到"),
    ],
)
def test_gaps_group_questions_worded_alike(language, together, apart, channels):
    for query, misses in [(together[0], 4), (together[1], 3), (apart, 2)]:
        SearchQuery.objects.create(
            channel=channels["chat"], language=language, query=query, searches=misses, misses=misses
        )
    groups = gaps.search_gaps(language=language)
    assert [(sorted(g.questions), g.misses) for g in groups] == [
        (sorted(together), 7),
        ([apart], 2),
    ]


def test_tasks_over_the_api(owned, channels, settings, staff, api_for):
    settings.PARLEY_REVISION_MIN_VOTES = 3
    votes(owned, channels, helpful=[False, False, False])
    run_jobs()
    api = api_for(staff["reviewer"])
    rows = api.get(TASKS, {"state": "open"}).json()["results"]
    assert [(r["entry"], r["channel"], r["language"], r["reason"]) for r in rows] == [
        ("refund-time", "help-page", "ja", "unhelpful")
    ]
    assert rows[0]["evidence"]["helpful_rate"] == 0.0 and rows[0]["due_at"]
    assert api.get(TASKS, {"state": "closed"}).json()["results"] == []
    assert api.get(TASKS, {"mine": "1"}).json()["results"] == []  # the editor owns it
    assert len(api_for(staff["editor"]).get(TASKS, {"mine": "1"}).json()["results"]) == 1
    assert api.get(TASKS, {"state": "done"}).json()["code"] == "invalid_parameter"


def test_a_gap_opens_one_task_however_often_the_jobs_run(channels, settings):
    settings.PARLEY_REVISION_GAP_COUNT = 5
    for query, misses in [("parrot cage size", 4), ("size of a parrot cage", 3)]:
        SearchQuery.objects.create(
            channel=channels["chat"], language="en", query=query, searches=misses, misses=misses
        )
    for _ in range(3):
        run_jobs()
    (task,) = RevisionTask.objects.all()
    assert task.gap == "cage parrot size"  # the same key in every process and run
    # More misses of the same wording make no second task.
    SearchQuery.objects.filter(query="parrot cage size").update(misses=40)
    run_jobs()
    assert RevisionTask.objects.count() == 1


def test_a_gap_task_closes_once_search_answers_its_questions(refund, channels, settings):
    from channels.search import indexer

    settings.PARLEY_REVISION_GAP_COUNT = 3
    SearchQuery.objects.create(
        channel=channels["help-page"], language="en", query="refund time", searches=3, misses=3
    )
    revision.apply_thresholds()  # the index is empty: nothing answers it
    task = RevisionTask.objects.get()
    assert task.state == "open"
    indexer.rebuild()  # the answer is searchable now
    counts = revision.apply_thresholds()
    task.refresh_from_db()
    assert counts["closed"] == 1
    assert (task.state, task.closed_because) == ("closed", "answered now by refund-time")
