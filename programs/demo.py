"""Demo data of the programs (called by `manage.py seed_demo` after u5, idempotent): the
Practical Element content of each CE year (programs.content, loaded the way ce loads its own),
and everyone's eligibility computed from CRD (morgan.former qualifies for MQP and AG EVEP; the
dashboard's Reminders show the banner)."""

from crd.models import Individual

from . import services
from .content import PRACTICAL_ELEMENT


def seed(demo) -> None:
    from ce.demo import load_content

    year = demo.today.year
    for y in (year - 1, year, year + 1):
        load_content(year=y, curriculum=PRACTICAL_ELEMENT, first_position=10)
    for person in Individual.objects.filter(registrations__status="terminated").distinct().only("pk"):
        services.eligibility_refresh(individual=person, today=demo.today)
