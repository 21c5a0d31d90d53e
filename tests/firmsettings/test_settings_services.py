"""firm_settings_update and the selectors other apps rely on."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from crd.choices import AssociationKind
from firmsettings import selectors, services
from firmsettings.models import FirmSettingChange, FirmSettings
from tests.factories import AssociationFactory, FirmFactory, IndividualFactory

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC)


@time_machine.travel(TODAY, tick=False)
def test_firm_settings_update_records_who_when_old_and_new(firm, staff):
    officer = staff["compliance"]
    changes = services.firm_settings_update(firm=firm, changed_by=officer, changes={
        "attestation_employees": True, "ce_firm_due_date": dt.date(2026, 11, 30),
    })
    assert {c.setting for c in changes} == {"attestation_employees", "ce_firm_due_date"}
    rows = {c.setting: c for c in FirmSettingChange.objects.filter(firm=firm)}
    assert rows["attestation_employees"].old_value == "Off"
    assert rows["attestation_employees"].new_value == "On"
    assert rows["ce_firm_due_date"].old_value == "(none)"
    assert rows["ce_firm_due_date"].new_value == "11/30/2026"
    assert all(r.changed_by == officer and r.changed_at == TODAY for r in rows.values())
    assert FirmSettings.objects.get(firm=firm).attestation_employees is True


def test_firm_settings_update_without_a_change_records_nothing(firm, staff):
    services.firm_settings_update(firm=firm, changed_by=staff["admin"], changes={"attestation_employees": True})
    again = services.firm_settings_update(firm=firm, changed_by=staff["admin"],
                                          changes={"attestation_employees": True, "esignature_employees": False})
    assert again == []
    assert FirmSettingChange.objects.filter(firm=firm).count() == 1


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("due", [dt.date(2026, 12, 31), dt.date(2027, 1, 15), dt.date(2025, 11, 30)])
def test_firm_settings_update_refuses_a_due_date_not_before_dec_31_of_this_ce_year(firm, staff, due):
    with pytest.raises(ValidationError) as exc:
        services.firm_settings_update(firm=firm, changed_by=staff["compliance"],
                                      changes={"ce_firm_due_date": due, "attestation_employees": True})
    assert "before Dec 31, 2026" in exc.value.message_dict["ce_firm_due_date"][0]
    # Nothing half-written: neither the date nor the other setting in the same request.
    assert selectors.settings_for(firm=firm).attestation_employees is False
    assert not FirmSettingChange.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_firm_settings_update_accepts_dec_30(firm, staff):
    services.firm_settings_update(firm=firm, changed_by=staff["compliance"],
                                  changes={"ce_firm_due_date": dt.date(2026, 12, 30)})
    assert selectors.settings_for(firm=firm).ce_firm_due_date == dt.date(2026, 12, 30)


def test_firm_settings_update_refuses_reminder_days_not_on_the_list(firm, staff):
    with pytest.raises(ValidationError) as exc:
        services.firm_settings_update(firm=firm, changed_by=staff["compliance"],
                                      changes={"ce_reminder_days": [45]})
    assert "ce_reminder_days" in exc.value.message_dict


@time_machine.travel(TODAY, tick=False)
def test_firm_settings_update_refuses_reminders_without_days_or_due_date(firm, staff):
    with pytest.raises(ValidationError) as exc:
        services.firm_settings_update(firm=firm, changed_by=staff["compliance"], changes={
            "ce_reminders_enabled": True, "ce_reminder_days": [], "ce_firm_due_date": dt.date(2026, 11, 30)})
    assert "ce_reminder_days" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.firm_settings_update(firm=firm, changed_by=staff["compliance"], changes={
            "ce_reminders_enabled": True, "ce_reminder_days": [30]})
    assert "ce_firm_due_date" in exc.value.message_dict


def test_firm_settings_update_refuses_unknown_settings(firm, staff):
    with pytest.raises(ValidationError):
        services.firm_settings_update(firm=firm, changed_by=staff["admin"], changes={"firm_id": 3})


def test_reminder_days_are_stored_sorted_and_shown_in_history(firm, staff):
    services.firm_settings_update(firm=firm, changed_by=staff["admin"], changes={"ce_reminder_days": [7, 60, 30]})
    assert selectors.settings_for(firm=firm).ce_reminder_days == [60, 30, 7]
    change = FirmSettingChange.objects.get(firm=firm)
    assert change.old_value == "90, 60, 30, 14, 7, 1 days before"
    assert change.new_value == "60, 30, 7 days before"


@pytest.mark.parametrize("kind", [AssociationKind.EMPLOYEE, AssociationKind.INDEPENDENT_CONTRACTOR])
def test_attestation_and_esignature_follow_the_association_kind(firm, staff, kind):
    association = AssociationFactory(firm=firm, kind=kind)
    assert selectors.attestation_enabled_for(association=association) is False
    assert selectors.esignature_enabled_for(association=association) is False
    field = "contractors" if kind == AssociationKind.INDEPENDENT_CONTRACTOR else "employees"
    other = "employees" if field == "contractors" else "contractors"
    services.firm_settings_update(firm=firm, changed_by=staff["admin"], changes={
        f"attestation_{other}": True, f"esignature_{other}": True})
    association = type(association).objects.select_related("firm").get(pk=association.pk)
    assert selectors.attestation_enabled_for(association=association) is False
    assert selectors.esignature_enabled_for(association=association) is False
    services.firm_settings_update(firm=firm, changed_by=staff["admin"], changes={
        f"attestation_{field}": True, f"esignature_{field}": True})
    association = type(association).objects.select_related("firm").get(pk=association.pk)
    assert selectors.attestation_enabled_for(association=association) is True
    assert selectors.esignature_enabled_for(association=association) is True


def test_firm_pays_iar_ce_fee(firm, staff):
    assert selectors.firm_pays_iar_ce_fee(firm=firm) is False
    services.firm_settings_update(firm=firm, changed_by=staff["admin"], changes={"iar_ce_fee_opt_in": True})
    assert selectors.firm_pays_iar_ce_fee(firm=type(firm).objects.get(pk=firm.pk)) is True


@time_machine.travel(TODAY, tick=False)
def test_ce_schedule_for_lists_the_current_firms_with_their_dates(staff, firm):
    person = IndividualFactory()
    later_firm, former_firm = FirmFactory(name="Zeta Capital"), FirmFactory(name="Alpha Former")
    AssociationFactory(individual=person, firm=firm)
    AssociationFactory(individual=person, firm=later_firm, kind=AssociationKind.INDEPENDENT_CONTRACTOR)
    AssociationFactory(individual=person, firm=former_firm, end_date=dt.date(2026, 1, 31))
    services.firm_settings_update(firm=firm, changed_by=None, changes={
        "ce_firm_due_date": dt.date(2026, 10, 31), "ce_reminders_enabled": True, "ce_reminder_days": [7, 30],
        "ce_copy_to_email": "compliance@firm.example"})
    services.firm_settings_update(firm=former_firm, changed_by=None, changes={"ce_firm_due_date": dt.date(2026, 9, 1)})

    schedules = selectors.ce_schedule_for(individual=person)

    assert [s.firm for s in schedules] == [firm, later_firm]
    assert schedules[0].due_date == dt.date(2026, 10, 31)
    assert schedules[0].reminder_days == [30, 7]
    assert schedules[0].copy_to_email == "compliance@firm.example"
    assert schedules[1].due_date is None and schedules[1].reminder_days == []


def test_ce_schedule_for_ignores_a_date_left_from_an_earlier_year(firm):
    person = IndividualFactory()
    AssociationFactory(individual=person, firm=firm)
    with time_machine.travel(dt.datetime(2025, 3, 1, 12, tzinfo=dt.UTC), tick=False):
        services.firm_settings_update(firm=firm, changed_by=None, changes={
            "ce_firm_due_date": dt.date(2025, 11, 30), "ce_reminders_enabled": True, "ce_reminder_days": [30]})
    with time_machine.travel(TODAY, tick=False):
        (schedule,) = selectors.ce_schedule_for(individual=person)
    assert schedule.due_date is None
    assert schedule.reminder_days == [30]


def test_ce_schedule_for_costs_one_query(django_assert_max_num_queries, firm):
    person = IndividualFactory()
    for _ in range(4):
        AssociationFactory(individual=person, firm=FirmFactory())
    with django_assert_max_num_queries(1):
        assert len(selectors.ce_schedule_for(individual=person)) == 4
