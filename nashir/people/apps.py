from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "nashir.people"
    verbose_name = "الكتّاب"
