"""In a real browser: a login lockout, and a channel manager's webhook URL and secret."""

import pytest

from channels.models import Channel
from tests.e2e.conftest import PASSWORD, outside_the_browser, seed_demo_site

pytestmark = [
    pytest.mark.integration(services=["browser"]),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def demo(db, settings):
    settings.PARLEY_WEBHOOK_ALLOWED_HOSTS = []
    seed_demo_site("editor", "channelmanager")


def test_wrong_passwords_lock_the_login_with_a_message(demo, browser_steps, settings):
    context = browser_steps.browser.new_context(viewport={"width": 1280, "height": 900})
    browser_steps.contexts.append(context)
    page = context.new_page()
    page.goto(f"{browser_steps.base_url}/admin/login/")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        page.fill("#id_username", "editor")
        page.fill("#id_password", f"wrong-{attempt}")
        page.click("input[type=submit]")
        page.wait_for_load_state()
    browser_steps.shot(page, "locked-out")
    assert "Too many failed attempts" in page.content()
    # The right password now is refused too, with the same message.
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_load_state()
    browser_steps.shot(page, "still-locked")
    assert "Too many failed attempts" in page.content()
    assert "/admin/login/" in page.url


def test_a_channel_manager_sets_a_webhook_and_sees_the_secret_once(demo, browser_steps):
    page = browser_steps.page_for("channelmanager", PASSWORD)
    chat_id = outside_the_browser(lambda: Channel.objects.get(slug="chat").pk)
    change_url = f"{browser_steps.base_url}/admin/channels/channel/{chat_id}/change/"
    page.goto(change_url)
    assert page.locator("#id_webhook_secret").count() == 0  # no field to read or type it

    page.fill("#id_webhook_url", "https://169.254.169.254/latest/meta-data/")
    page.click("input[name=_continue]")
    page.wait_for_selector(".errorlist")
    browser_steps.shot(page, "metadata-address-refused")
    assert "non-public address" in page.content()

    page.fill("#id_webhook_url", "https://hooks.example.com/parley")
    page.click("input[name=_continue]")
    page.wait_for_selector("text=it is not shown again")
    browser_steps.shot(page, "secret-shown-once")
    secret = outside_the_browser(lambda: Channel.objects.get(slug="chat").webhook_secret)
    assert secret in page.content()

    page.goto(change_url)
    browser_steps.shot(page, "secret-not-shown-again")
    assert secret not in page.content()
    assert "Set since" in page.content()

    page.goto(f"{browser_steps.base_url}/admin/channels/channel/")
    page.check(f"input[name=_selected_action][value='{chat_id}']")
    page.select_option("select[name=action]", "rotate_webhook_secret")
    page.click("button[name=index]")
    page.wait_for_selector("text=New webhook secret of chat")
    browser_steps.shot(page, "rotated")
    rotated = outside_the_browser(lambda: Channel.objects.get(slug="chat").webhook_secret)
    assert rotated != secret and rotated in page.content()
