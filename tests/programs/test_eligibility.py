"""Each eligibility rule of each program at its edges, with time-machine: registered one year
before termination (a day short refuses), elect within two years (a day late refuses), no
statutory disqualification, not CE Inactive two years in a row, no IAR CE deficiency (IAR EVEP)."""

import datetime as dt

import pytest
import time_machine

from programs import selectors, services
from programs.models import Eligibility
from tests import factories

from .conftest import terminated_person

pytestmark = pytest.mark.django_db

TERMINATED = dt.date(2026, 3, 16)


@pytest.mark.parametrize("approved_on, eligible", [
    (dt.date(2025, 3, 16), True),  # a full year (365 days) before
    (dt.date(2025, 3, 17), False),  # one year minus a day
])
def test_registered_at_least_a_year_before_termination(approved_on, eligible):
    person = terminated_person(terminated_on=TERMINATED, approved_on=approved_on, user=False)
    with time_machine.travel(dt.datetime(2026, 4, 1, 12, tzinfo=dt.UTC)):
        result = selectors.mqp_eligibility(individual=person)
    assert result.eligible is eligible
    if eligible:
        assert result.reasons[0].startswith("You qualify because you were registered for at least a year")
    else:
        assert "less than a year" in result.reasons[0] and result.reasons[0].startswith("You don't qualify")


@pytest.mark.parametrize("today, eligible", [
    (dt.date(2028, 3, 15), True),  # two years (730 days) after
    (dt.date(2028, 3, 16), False),  # two years plus a day
])
def test_elect_within_two_years_of_termination(today, eligible):
    person = terminated_person(terminated_on=TERMINATED, user=False)
    with time_machine.travel(dt.datetime.combine(today, dt.time(15), tzinfo=dt.UTC)):
        result = selectors.mqp_eligibility(individual=person)
    assert result.eligible is eligible
    assert result.elect_by == dt.date(2028, 3, 15)
    if not eligible:
        assert "window to elect closed on March 15, 2028" in " ".join(result.reasons)


def test_a_statutory_disqualification_refuses():
    person = terminated_person(user=False)
    factories.DisqualificationFlagFactory(disclosure=factories.DisclosureFactory(individual=person))
    result = selectors.mqp_eligibility(individual=person)
    assert not result.eligible and "statutory disqualification" in " ".join(result.reasons)


def test_ce_inactive_two_years_in_a_row_refuses_one_year_does_not():
    person = terminated_person(user=False)
    factories.LearningPlanFactory(individual=person, ce_year=factories.CEYearFactory(year=2023), status="ce_inactive")
    factories.LearningPlanFactory(individual=person, ce_year=factories.CEYearFactory(year=2025), status="ce_inactive")
    assert selectors.mqp_eligibility(individual=person).eligible
    factories.LearningPlanFactory(individual=person, ce_year=factories.CEYearFactory(year=2024), status="ce_inactive")
    result = selectors.mqp_eligibility(individual=person)
    assert not result.eligible and "CE Inactive two years in a row" in " ".join(result.reasons)


def test_each_program_looks_at_its_own_categories():
    person = terminated_person(categories=(("AG", None, "NY"),), user=False)
    assert selectors.ag_evep_eligibility(individual=person).eligible
    assert not selectors.mqp_eligibility(individual=person).eligible
    assert "never been registered" in selectors.iar_evep_eligibility(individual=person).reasons[0]


def test_still_registered_is_not_eligible():
    person = terminated_person(user=False)
    factories.RegistrationFactory(individual=person)  # GS approved again elsewhere
    assert "still registered" in selectors.mqp_eligibility(individual=person).reasons[0]


def test_an_iar_ce_deficiency_at_termination_refuses_iar_evep_only():
    person = terminated_person(categories=(("RA", None, "CT"),), terminated_on=dt.date(2026, 2, 1),
                               approved_on=dt.date(2023, 1, 5), user=False)
    factories.IarCeAdoptionFactory(jurisdiction=factories.JurisdictionRef(code="CT"), adopted=True,
                                   effective_year=2025)
    result = selectors.iar_evep_eligibility(individual=person)
    assert not result.eligible and "IAR CE deficiency" in " ".join(result.reasons)
    for component in ("ethics", "products_practice"):
        course = factories.IarCeCourseFactory(component=component, credits=6, code=f"C-{component}")
        factories.IarCeCreditFactory(individual=person, course=course, completed_on=dt.date(2025, 5, 1))
    assert selectors.iar_evep_eligibility(individual=person).eligible


def test_eligibility_refresh_keeps_each_program_with_its_reasons():
    person = terminated_person(user=False)
    rows = {row.program.code: row for row in services.eligibility_refresh(individual=person)}
    assert rows["MQP"].eligible and not rows["AG_EVEP"].eligible
    assert Eligibility.objects.filter(individual=person).count() == 3
    services.eligibility_refresh(individual=person)
    assert Eligibility.objects.filter(individual=person).count() == 3


def test_the_daily_job_takes_the_banner_away_when_the_window_closes():
    person = terminated_person(terminated_on=TERMINATED, user=False)
    services.eligibility_refresh(individual=person, today=dt.date(2026, 4, 1))
    assert Eligibility.objects.get(individual=person, program__code="MQP").eligible
    assert services.programs_daily(today=dt.date(2028, 3, 15))["windows_closed"] == 0
    assert services.programs_daily(today=dt.date(2028, 3, 16))["windows_closed"] == 1
    assert not Eligibility.objects.get(individual=person, program__code="MQP").eligible
