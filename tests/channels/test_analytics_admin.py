"""The admin pages of answer performance, search gaps and revision tasks."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse

from channels import revision
from channels.analytics import rebuild_answer_totals
from channels.models import Feedback, SearchQuery, ServedCount
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rated(refund, channels):
    entry, primary = refund["entry"], refund["primary"]
    for language, helpful in [
        ("en", [True, True, True, False]),
        ("ja", [False, False, True, False]),
    ]:
        ServedCount.objects.create(
            entry=entry, channel=channels["help-page"], language=language, version=primary,
            count=50, day=date.today() - timedelta(days=3),
        )  # fmt: skip
        for value in helpful:
            Feedback.objects.create(
                entry=entry, channel=channels["help-page"], language=language,
                version=primary, helpful=value, effort=4 if not value else 1,
            )  # fmt: skip
    rebuild_answer_totals()  # served rows made directly, as a bulk load
    return refund


def test_performance_page_lists_worst_first_with_trends(rated, staff, client_for):
    page = client_for(staff["reviewer"]).get(reverse("admin:channels_answer_performance"))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.index("<td>ja</td>") < html.index("<td>en</td>")  # 25 % before 75 %
    assert html.count('class="parley-spark"') == 2  # a trend per row, drawn here, no script


def test_one_entrys_languages_side_by_side_flag_the_worse_one(rated, staff, client_for):
    url = reverse("admin:channels_answer_performance")
    page = client_for(staff["editor"]).get(url, {"entry": "refund-time"})
    side = page.context["side_by_side"]
    (help_page,) = side
    flags = {cell["code"]: cell["worse"] for cell in help_page["cells"]}
    assert flags["ja"] is True and flags["en"] is False


def test_performance_csv(rated, staff, client_for):
    url = reverse("admin:channels_answer_performance")
    response = client_for(staff["editor"]).get(url, {"export": "csv", "lang": "ja"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows == [
        {
            "entry": "refund-time", "channel": "help-page", "language": "ja", "served": "50",
            "votes": "4", "helpful_rate": "0.25", "helpful_votes": "4", "effort_mean": "3.25",
            "effort_votes": "4", "comments": "0",
        }
    ]  # fmt: skip


def test_gaps_page_offers_a_new_answer_with_the_questions(channels, staff, client_for):
    for query in ("parrot cage size", "parrot cages sizes"):
        SearchQuery.objects.create(
            channel=channels["chat"], language="en", query=query, searches=3, misses=3
        )
    client = client_for(staff["editor"])
    page = client.get(reverse("admin:channels_search_gaps"))
    (group,) = page.context["groups"]
    assert group.misses == 6
    write = client.get(group.write_url)
    assert write.status_code == 200
    assert "parrot cage size\nparrot cages sizes" in write.context["form"].initial["questions_en"]


def test_home_page_lists_my_revision_tasks(rated, staff, client_for, settings):
    settings.PARLEY_REVISION_MIN_VOTES = 4
    entry = rated["entry"]
    entry.owner = staff["editor"]
    entry.save()
    revision.apply_thresholds()
    home = client_for(staff["editor"]).get(reverse("admin:index")).content.decode()
    assert 'id="home-revision-tasks"' in home and "Answers to revise (1)" in home
    other = client_for(staff["publisher"]).get(reverse("admin:index")).content.decode()
    assert 'id="home-revision-tasks"' not in other


def test_who_sees_the_pages(rated, client_for):
    nobody = UserFactory(username="no-role")  # staff, in no group
    client = client_for(nobody)
    for name in ("admin:channels_answer_performance", "admin:channels_search_gaps"):
        assert client.get(reverse(name)).status_code == 403
    assert client.get(reverse("admin:channels_revisiontask_changelist")).status_code == 403


def test_the_comments_behind_a_row_are_readable(rated, channels, staff, client_for):
    Feedback.objects.create(
        entry=rated["entry"], channel=channels["help-page"], language="ja",
        version=rated["primary"], helpful=False, comment="説明が足りません",
    )  # fmt: skip
    Feedback.objects.create(  # the same text on another channel: not behind this row
        entry=rated["entry"], channel=channels["chat"], language="ja",
        version=rated["chat"], helpful=False, comment="チャットの話",
    )  # fmt: skip
    client = client_for(staff["editor"])
    page = client.get(
        reverse("admin:channels_answer_performance"), {"lang": "ja", "channel": "help-page"}
    )
    (line,) = page.context["table"]
    comments = client.get(line["comments_url"]).content.decode()
    assert "説明が足りません" in comments
    assert "チャットの話" not in comments
