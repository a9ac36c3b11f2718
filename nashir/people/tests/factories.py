import factory

from nashir.people.models import Author


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"كاتب رقم {n}")
    slug = factory.Sequence(lambda n: f"author-{n}")
    role = "مراسل"
    bio = "يكتب عن الشأن المحلي منذ سنوات."
    email = factory.Sequence(lambda n: f"author{n}@newsroom.example")

    class Params:
        desk = factory.Trait(name="فريق التحرير", slug="newsroom", is_desk=True, role="")
