"""factory_boy factories for the whole suite."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from channels.models import Channel
from knowledge.models import Entry, Topic, Variant, Version
from knowledge.workflow import OPEN_STATUSES, VersionStatus


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    is_staff = True
    password = factory.django.Password("pw-for-tests-1")

    @factory.post_generation
    def groups(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        for name in extracted or []:
            self.groups.add(Group.objects.get(name=name))


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"channel-{n}")
    name = factory.LazyAttribute(lambda c: c.slug.replace("-", " ").title())
    tone = "plain"
    format = "markdown"


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_en = factory.LazyAttribute(lambda t: t.slug.title())


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    key = factory.Sequence(lambda n: f"entry-{n}")
    topic = factory.SubFactory(TopicFactory)
    questions_en = "How do I do this?"


class VariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Variant

    entry = factory.SubFactory(EntryFactory)
    channel = factory.SubFactory(ChannelFactory)


class VersionFactory(factory.django.DjangoModelFactory):
    """A version with text in English and Japanese; other languages empty."""

    class Meta:
        model = Version
        skip_postgeneration_save = True

    variant = factory.SubFactory(VariantFactory)
    number = factory.Sequence(lambda n: n + 1)
    status = VersionStatus.DRAFT
    title_en = factory.Sequence(lambda n: f"Title {n}")
    body_en = "Open My orders and select the order."
    title_ja = factory.Sequence(lambda n: f"タイトル{n}")
    body_ja = "注文履歴から注文を選びます。"

    @factory.post_generation
    def point_variant(self, create: bool, extracted: object, **kwargs: object) -> None:
        """Keep the variant's pointers consistent with the version's status."""
        if not create:
            return
        if self.status == VersionStatus.PUBLISHED:
            self.variant.published_version = self
            self.variant.save(update_fields=["published_version"])
        elif self.status in OPEN_STATUSES:
            self.variant.draft = self
            self.variant.save(update_fields=["draft"])


def complete_version(**kwargs: object) -> Version:
    """A version with a title and body in every configured language."""
    from knowledge.languages import language_codes, localized

    texts = {}
    for code in language_codes():
        texts[localized("title", code)] = f"Title ({code})"
        texts[localized("body", code)] = f"Body ({code})"
    return VersionFactory(**{**texts, **kwargs})


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "knowledge.Tag"
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"tag-{n}")


def write_draft(variant, people, texts):
    """`variant`'s open draft (a new one from the live text when none), with `texts`
    written by the demo-like `people["editor"]`."""
    from knowledge import services

    variant.refresh_from_db()
    draft = variant.draft or services.version_create_draft(variant=variant, actor=people["editor"])
    return services.version_update(version=draft, actor=people["editor"], texts=texts)


def review_and_publish(version, people):
    """Submit (editor), approve (reviewer) and publish (publisher) `version`."""
    from knowledge import services

    services.version_submit(version=version, actor=people["editor"])
    services.version_approve(version=version, actor=people["reviewer"])
    return services.version_publish(version=version, actor=people["publisher"])
