"""The $18 Regulatory Element fee: once per person and year, to the firm the rule picks."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from ce import services
from ce.models import RegulatoryElementFee
from firmsettings.models import FlexFundingEntry
from firmsettings.selectors import flex_funding_balance_cents
from tests.factories import (
    AssociationFactory,
    CategoryRef,
    FirmFactory,
    RegistrationFactory,
    RegulatoryElementFeeFactory,
)

from .conftest import complete

pytestmark = pytest.mark.django_db


def _finish(plan):
    for pm in plan.plan_modules.all():
        complete(pm)


def test_completing_the_plan_debits_the_firms_ledger_18_dollars(plan, summit):
    assert flex_funding_balance_cents(firm=summit) == 0
    _finish(plan)
    entry = FlexFundingEntry.objects.get(firm=summit)
    assert entry.amount_cents == -1800 and entry.kind == "re_fee" and entry.individual_id == plan.individual_id
    assert flex_funding_balance_cents(firm=summit) == -1800
    fee = RegulatoryElementFee.objects.get()
    assert (fee.firm, fee.amount_cents, fee.flex_entry) == (summit, 1800, entry)


def test_the_fee_is_charged_once_even_when_completion_is_replayed(plan, summit):
    _finish(plan)
    for pm in plan.plan_modules.all():
        complete(pm)  # replayed requests
    services.regulatory_element_fee_charge(plan=plan)
    assert FlexFundingEntry.objects.filter(firm=summit).count() == 1
    assert RegulatoryElementFee.objects.count() == 1


def test_one_fee_per_person_and_year_is_a_database_constraint(plan):
    RegulatoryElementFeeFactory(individual=plan.individual, ce_year=plan.ce_year)
    with pytest.raises(IntegrityError), transaction.atomic():
        RegulatoryElementFeeFactory(individual=plan.individual, ce_year=plan.ce_year)


def test_with_several_firms_the_sponsoring_firm_of_the_longest_association_pays(plan, dana, summit):
    older = FirmFactory(name="Granite Peak")
    AssociationFactory(individual=dana.individual, firm=older, start_date=dt.date(2010, 1, 1))
    RegistrationFactory(individual=dana.individual, firm=older, category=CategoryRef(code="GS"))
    newer_without_registration = FirmFactory()
    AssociationFactory(individual=dana.individual, firm=newer_without_registration, start_date=dt.date(2005, 1, 1))
    assert services.fee_payer(individual=dana.individual) == older
    _finish(plan)
    assert FlexFundingEntry.objects.get().firm == older


def test_without_a_current_firm_nobody_is_charged(plan, dana):
    dana.individual.associations.update(end_date=dt.date(2020, 1, 1))
    _finish(plan)
    fee = RegulatoryElementFee.objects.get()
    assert fee.firm is None and fee.amount_cents == 0 and fee.flex_entry is None
    assert not FlexFundingEntry.objects.exists()
