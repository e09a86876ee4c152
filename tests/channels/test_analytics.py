"""Answer performance over the editorial API: served, helpful rate, effort; worst first."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from channels.analytics import answer_performance, rebuild_answer_totals
from channels.models import AnswerTotal, Feedback, ServedCount, VoteDay

pytestmark = pytest.mark.django_db

URL = "/api/v1/analytics/answers/"


@pytest.fixture
def performance(refund, channels):
    entry, primary, chat = refund["entry"], refund["primary"], refund["chat"]
    today = date.today()
    for channel, language, version, count, day in [
        ("help-page", "en", primary, 40, today),
        ("help-page", "en", primary, 60, today - timedelta(days=40)),
        ("help-page", "ja", primary, 10, today),
        ("chat", "en", chat, 5, today),
    ]:
        ServedCount.objects.create(
            entry=entry, channel=channels[channel], language=language, version=version,
            count=count, day=day,
        )  # fmt: skip
    votes = [
        ("help-page", "en", True, 1, ""),
        ("help-page", "en", True, 2, ""),
        ("help-page", "en", False, 4, "Too vague"),
        ("help-page", "ja", False, 5, "分かりにくい"),
        ("help-page", "ja", False, None, ""),
        ("chat", "en", None, 3, ""),
    ]
    for channel, language, helpful, effort, comment in votes:
        Feedback.objects.create(
            entry=entry, channel=channels[channel], language=language, version=primary,
            helpful=helpful, effort=effort, comment=comment,
        )  # fmt: skip
    # Served rows made directly, not by a flush: summed as a bulk load would be.
    rebuild_answer_totals()


def test_rows_are_per_entry_channel_and_language_worst_first(performance, staff, api_for):
    response = api_for(staff["editor"]).get(URL)
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["channel"], r["language"]) for r in rows] == [
        ("help-page", "ja"),  # helpful 0 of 2: the worst
        ("help-page", "en"),  # 2 of 3
        ("chat", "en"),  # only an effort vote: after the rated ones
    ]
    ja, en, chat = rows
    assert (ja["served"], ja["votes"], ja["helpful_rate"], ja["effort_mean"]) == (10, 2, 0.0, 5.0)
    assert (en["served"], en["helpful_rate"], en["effort_mean"], en["comments"]) == (
        100,
        0.667,
        2.33,
        1,
    )
    assert (chat["helpful_rate"], chat["effort_mean"], chat["effort_votes"]) == (None, 3.0, 1)


def test_filters_by_channel_language_and_since(performance, staff, api_for):
    api = api_for(staff["editor"])
    since = (date.today() - timedelta(days=7)).isoformat()
    rows = api.get(URL, {"channel": "help-page", "lang": "en", "since": since}).json()["results"]
    assert [(r["channel"], r["language"], r["served"]) for r in rows] == [("help-page", "en", 40)]
    assert api.get(URL, {"since": "last week"}).json()["code"] == "invalid_parameter"
    assert api.get(URL, {"lang": "xx"}).json()["code"] == "invalid_language"
    assert api.get(URL, {"colour": "red"}).status_code == 400
    assert api.get(URL, {"channel": "nope"}).json()["code"] == "invalid_parameter"


def test_who_may_read_analytics(performance, staff, api_for, channels, token_for):
    for person in staff.values():
        assert api_for(person).get(URL).status_code == 200
    anonymous = APIClient().get(URL)
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "not_authenticated")
    channel = APIClient()
    channel.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(channels['chat'])}")
    assert channel.get(URL).status_code == 401  # a channel's token is not a person's


def test_daily_sums_follow_votes_saved_replaced_and_deleted(refund, channels):
    from channels.analytics import rebuild_vote_days
    from channels.models import VoteDay
    from channels.services import feedback_record

    common = {
        "entry_id": refund["entry"].pk,
        "channel_id": channels["help-page"].pk,
        "language": "ja",
        "version_id": refund["primary"].pk,
    }
    feedback_record(**common, client_key="a", helpful=False, effort=5, comment="")
    feedback_record(**common, client_key="b", helpful=True, effort=1, comment="良い")
    # Client a changes its mind the same day: its vote is replaced, not added.
    feedback_record(**common, client_key="a", helpful=True, effort=2, comment="")

    def sums() -> tuple:
        day = VoteDay.objects.get()
        return (day.votes, day.helpful, day.helpful_votes, day.effort_sum, day.effort_votes,
                day.comments)  # fmt: skip

    def totals() -> tuple:
        total = AnswerTotal.objects.get()
        return (total.votes, total.helpful, total.helpful_votes, total.effort_sum,
                total.effort_votes, total.comments)  # fmt: skip

    assert sums() == (2, 2, 2, 3, 2, 1)
    assert totals() == sums()  # all time is that one day so far
    incremental = sums()
    assert rebuild_vote_days() == 1
    assert sums() == incremental  # the same as summing every row again
    assert rebuild_answer_totals() == 1 and totals() == incremental
    Feedback.objects.filter(client_key="b").delete()
    assert sums() == totals() == (1, 1, 1, 2, 1, 0)
    refund["entry"].delete()  # cascades: nothing left behind, nothing created
    assert not VoteDay.objects.exists() and not AnswerTotal.objects.exists()


def test_all_time_reads_one_total_per_answer_and_equals_every_day_summed(
    performance, staff, api_for
):
    all_time = api_for(staff["editor"]).get(URL).json()["results"]
    since_ever = api_for(staff["editor"]).get(URL, {"since": "2000-01-01"}).json()["results"]
    assert all_time == since_ever  # the totals and the day rows agree
    assert [row["served"] for row in all_time] == [10, 100, 5]
    with CaptureQueriesContext(connection) as captured:
        answer_performance()
    tables = " ".join(q["sql"] for q in captured.captured_queries)
    assert AnswerTotal._meta.db_table in tables
    assert ServedCount._meta.db_table not in tables and VoteDay._meta.db_table not in tables
