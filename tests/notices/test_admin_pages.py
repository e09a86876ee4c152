"""The admin pages: my notices, following one, marking read, my e-mail setting."""

import pytest
from django.template import RequestContext, Template
from django.template.loader import render_to_string
from django.test import RequestFactory

from knowledge import services
from notices.models import Notice, NoticeSettings
from notices.selectors import unread_notices
from tests.factories import UserFactory
from tests.notices.conftest import submit_change

pytestmark = pytest.mark.django_db

NOTICES = "/admin/notices/notice/"
SETTINGS = "/admin/notices/noticesettings/"


@pytest.fixture
def submitted(people, live_entry, chat):
    """A version in review: a notice for the reviewer, and one for a second reviewer."""
    UserFactory(username="second-reviewer", groups=["Reviewers"])
    return submit_change(live_entry, chat, people["editor"], body={"ja": "新しい本文です。"})


def notice_of(username: str) -> Notice:
    return Notice.objects.get(recipient__username=username)


def test_my_notices_list_shows_mine_only(client_for, people, submitted):
    mine = client_for(people["reviewer"]).get(NOTICES)
    assert mine.status_code == 200
    assert "Waiting for your review: order-delayed (chat) v2" in mine.content.decode()
    assert f"{NOTICES}{notice_of('reviewer').pk}/open/" in mine.content.decode()
    assert f"{NOTICES}{notice_of('second-reviewer').pk}/open/" not in mine.content.decode()
    assert "order-delayed" not in client_for(people["publisher"]).get(NOTICES).content.decode()


def test_following_a_notice_opens_the_version_and_marks_it_read(client_for, people, submitted):
    notice = notice_of("reviewer")
    response = client_for(people["reviewer"]).get(f"{NOTICES}{notice.pk}/open/")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/knowledge/version/{submitted.pk}/change/"
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert notice_of("second-reviewer").read_at is None


def test_another_persons_notice_cannot_be_opened_nor_marked_read(client_for, people, submitted):
    theirs = notice_of("second-reviewer")
    client = client_for(people["reviewer"])
    assert client.get(f"{NOTICES}{theirs.pk}/open/").status_code == 404
    assert client.get(f"{NOTICES}{theirs.pk}/change/").status_code == 404
    client.post(NOTICES, {"action": "mark_read", "_selected_action": [theirs.pk]})
    client.post(f"{NOTICES}read/")
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert notice_of("reviewer").read_at is not None  # "mark all read" did mark mine


def test_mark_all_read_takes_a_post_and_goes_back(client_for, people, submitted):
    client = client_for(people["reviewer"])
    assert client.get(f"{NOTICES}read/").status_code == 405
    assert notice_of("reviewer").read_at is None
    response = client.post(f"{NOTICES}read/", {"next": "/admin/"})
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert notice_of("reviewer").read_at is not None
    elsewhere = client.post(f"{NOTICES}read/", {"next": "https://evil.example/"})
    assert elsewhere["Location"] == NOTICES


def test_the_mark_read_action_marks_the_selected_notices(client_for, people, submitted):
    services.version_request_changes(version=submitted, actor=people["reviewer"], comment="More.")
    services.version_update(
        version=submitted, actor=people["editor"], texts={"body": {"ja": "短い本文。"}}
    )
    services.version_submit(version=submitted, actor=people["editor"])
    # The reviewer's first notice was withdrawn by their decision; the new one is unread.
    [unread] = unread_notices(people["reviewer"])
    response = client_for(people["reviewer"]).post(
        NOTICES, {"action": "mark_read", "_selected_action": [unread.pk]}
    )
    assert response.status_code == 302
    assert not unread_notices(people["reviewer"]).exists()


def test_the_unread_count_is_in_every_admin_page(client_for, people, submitted):
    # A callable, so pages that do not show it cost no query; templates call it.
    response = client_for(people["reviewer"]).get("/admin/password_change/")
    assert response.context["parley_unread_notices"]() == 1
    assert client_for(people["editor"]).get("/admin/").context["parley_unread_notices"]() == 0
    shown = Template("{% if parley_unread_notices %}{{ parley_unread_notices|add:1 }}{% endif %}")
    assert shown.render(RequestContext(response.wsgi_request)) == "2"


def test_the_panel_lists_unread_notices_with_links_and_mark_all_read(people, submitted):
    request = RequestFactory().get("/admin/")
    request.user = people["reviewer"]
    # Included as it is: the context processor gives it the person's unread notices.
    html = render_to_string("admin/notices/panel.html", {}, request)
    assert f'href="{NOTICES}{notice_of("reviewer").pk}/open/"' in html
    assert "Waiting for your review: order-delayed (chat) v2" in html
    assert "Notices (1 unread)" in html
    assert f'action="{NOTICES}read/"' in html and "csrfmiddlewaretoken" in html
    request.user = people["editor"]
    assert "Nothing needs you right now." in render_to_string(
        "admin/notices/panel.html", {}, request
    )


def test_the_home_page_shows_the_panel(client_for, people, submitted):
    home = client_for(people["reviewer"]).get("/admin/").content.decode()
    assert 'id="parley-notices"' in home
    assert f"{NOTICES}{notice_of('reviewer').pk}/open/" in home


def test_every_staff_member_reaches_and_changes_their_own_email_setting(client_for):
    nobody_special = UserFactory(username="intern", groups=[])
    client = client_for(nobody_special)
    page = client.get(SETTINGS)
    assert page.status_code == 200
    assert 'name="email"' in page.content.decode() and "checked" in page.content.decode()
    assert client.post(SETTINGS, {}).status_code == 302  # unticked: off
    assert NoticeSettings.objects.get(user=nobody_special).email is False
    assert "checked" not in client.get(SETTINGS).content.decode()
    client.post(SETTINGS, {"email": "on"})
    assert NoticeSettings.objects.get(user=nobody_special).email is True
    assert SETTINGS in client.get("/admin/notices/").content.decode()


def test_nobody_sees_or_changes_another_persons_setting(client_for, people):
    theirs = NoticeSettings.objects.create(user=people["reviewer"], email=True)
    client = client_for(people["editor"])
    assert client.get(f"{SETTINGS}{theirs.pk}/change/").status_code == 404
    assert client.post(f"{SETTINGS}{theirs.pk}/change/", {"email": ""}).status_code == 404
    client.post(SETTINGS, {})  # the editor turns their own off
    theirs.refresh_from_db()
    assert theirs.email is True
    assert NoticeSettings.objects.get(user=people["editor"]).email is False


def test_people_outside_the_staff_reach_neither_page(client_for, people):
    customer = UserFactory(username="customer", is_staff=False)
    client = client_for(customer)
    for url in (NOTICES, SETTINGS):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
