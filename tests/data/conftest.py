import pytest
from django.apps import apps
from django.core.management import call_command


def row_counts() -> dict[str, int]:
    """Rows in every table of the project (history tables included)."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture
def seeded(db):
    """Run seed_demo once; return its output."""
    from io import StringIO

    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()
