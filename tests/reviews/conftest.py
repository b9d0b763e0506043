import importlib

import pytest

STANDARD_THEMES = importlib.import_module("reviews.migrations.0002_standard_themes").STANDARD_THEMES
DB_FIXTURES = {"db", "transactional_db", "cast"}


@pytest.fixture(autouse=True)
def standard_themes(request):
    """The standard themes the data migration adds, put back when a transactional test has flushed them."""
    if not request.node.get_closest_marker("django_db") and not DB_FIXTURES & set(request.fixturenames):
        return
    request.getfixturevalue("_django_db_helper")
    from reviews.models import Theme

    for name, description in STANDARD_THEMES:
        Theme.objects.get_or_create(partnership=None, name=name, defaults={"description": description})
