"""IAR CE: who must, credits by component with carry-forward, provider reports (API and file),
the $3 per credit reporting fee, and the Regulatory Element carry-over for $18."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from ce import iar_selectors, iar_services
from ce.choices import CarryOverStatus
from ce.models import IarCeCarryOver, IarCeCredit, IarCeReportingFee
from firmsettings.models import FirmSettings, FlexFundingEntry
from notifications.models import Notification
from payments.choices import PaymentStatus
from payments.providers import Card
from payments.providers.sandbox import CARD_DECLINED, CARD_SUCCEEDS
from tests.factories import (
    CategoryRef,
    FlexFundingEntryFactory,
    IarCeAdoptionFactory,
    IarCeCourseFactory,
    IarCeCreditFactory,
    IarCeProviderFactory,
    JurisdictionRef,
    RegistrationFactory,
)

from .conftest import complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def iar(dana, summit):
    """Dana also holds an RA registration in Connecticut, which adopted IAR CE in 2022."""
    IarCeAdoptionFactory(jurisdiction=JurisdictionRef(code="CT", name="Connecticut"), effective_year=2022)
    RegistrationFactory(individual=dana.individual, firm=summit, sro="", jurisdiction=JurisdictionRef(code="CT"),
                        category=CategoryRef(code="RA", name="Investment Adviser Representative"))
    return dana.individual


@pytest.fixture
def provider():
    return IarCeProviderFactory(name="Evergreen Adviser Learning", provider_number="P-1042")


@pytest.fixture
def ethics(provider):
    return IarCeCourseFactory(provider=provider, code="ETH-210", title="Fiduciary duty", credits=3,
                              component="ethics")


@pytest.fixture
def practice(provider):
    return IarCeCourseFactory(provider=provider, code="PP-310", title="Retirement income", credits=3,
                              component="products_practice")


def _by_component(status):
    return {c.component: (c.required, c.carried_in, c.earned, c.short) for c in status.components}


def test_not_required_without_an_ra_registration_in_an_adopting_jurisdiction(dana, summit):
    assert not iar_selectors.iar_status_for(individual=dana.individual, year=2026).required
    RegistrationFactory(individual=dana.individual, firm=summit, sro="", jurisdiction=JurisdictionRef(code="TX"),
                        category=CategoryRef(code="RA"))
    IarCeAdoptionFactory(jurisdiction=JurisdictionRef(code="TX", name="Texas"), adopted=False, effective_year=None)
    assert not iar_selectors.iar_status_for(individual=dana.individual, year=2026).required


def test_not_required_before_the_effective_year(iar):
    assert not iar_selectors.iar_status_for(individual=iar, year=2021).required
    assert iar_selectors.iar_status_for(individual=iar, year=2022).required


def test_twelve_credits_six_per_component_the_split_is_mandatory(iar, ethics):
    for day in (dt.date(2022, 2, 1), dt.date(2022, 3, 1), dt.date(2022, 4, 1), dt.date(2022, 5, 1)):
        IarCeCreditFactory(individual=iar, course=ethics, completed_on=day)
    status = iar_selectors.iar_status_for(individual=iar, year=2022)
    assert _by_component(status) == {"ethics": (6, 0, 12, 0), "products_practice": (6, 0, 0, 6)}
    assert not status.satisfied and status.short == 6 and status.label == "Credits short"


def test_unmet_credits_carry_forward_up_to_36(iar, ethics, practice):
    IarCeCreditFactory(individual=iar, course=practice, completed_on=dt.date(2022, 6, 1))
    status = iar_selectors.iar_status_for(individual=iar, year=2023)
    assert _by_component(status) == {"ethics": (12, 6, 0, 12), "products_practice": (9, 3, 0, 9)}
    far = iar_selectors.iar_status_for(individual=iar, year=2030)
    assert far.carried_in == 36 and _by_component(far)["ethics"] == (24, 18, 0, 24)


def test_credits_earned_this_year_cover_the_carried_forward_ones_first(iar, ethics, practice):
    for day in (dt.date(2023, 1, 5), dt.date(2023, 2, 5), dt.date(2023, 3, 5), dt.date(2023, 4, 5)):
        IarCeCreditFactory(individual=iar, course=ethics, completed_on=day)
        IarCeCreditFactory(individual=iar, course=practice, completed_on=day)
    status = iar_selectors.iar_status_for(individual=iar, year=2023)
    assert _by_component(status) == {"ethics": (12, 6, 12, 0), "products_practice": (12, 6, 12, 0)}
    assert status.satisfied
    assert iar_selectors.iar_status_for(individual=iar, year=2024).carried_in == 0


# --- The provider endpoint -------------------------------------------------------------------------

URL = "/ce/providers/v1/completions"


@pytest.fixture
def token(provider):
    _row, plain = iar_services.provider_token_issue(provider=provider)
    return plain


def _post(client, token, body, raw=False):
    return client.post(URL, data=body if raw else json.dumps(body), content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_provider_reports_a_completion_once(client, token, iar, ethics, provider):
    body = {"course_code": "ETH-210", "crd_number": iar.crd_number, "completed_on": "2026-03-14"}
    first = _post(client, token, body)
    assert first.status_code == 201
    assert first.json() | {"id": 0, "reported_at": ""} == {
        "id": 0, "provider_number": "P-1042", "course_code": "ETH-210", "crd_number": iar.crd_number,
        "completed_on": "2026-03-14", "credits": 3, "component": "ethics", "year": 2026, "reported_at": "",
        "created": True}
    again = _post(client, token, body)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"] and not again.json()["created"]
    assert IarCeCredit.objects.count() == 1
    fee = IarCeReportingFee.objects.get()
    assert fee.provider == provider and fee.amount_cents == 900


def test_a_wrong_completion_is_a_422_with_errors_by_field(client, token, iar, ethics):
    response = _post(client, token, {"course_code": "NOPE", "crd_number": 1, "completed_on": "14/03/2026"})
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"] == {
        "course_code": "No approved course of this provider with this code.",
        "crd_number": "No individual with this CRD#.",
        "completed_on": "Give the completion date as YYYY-MM-DD."}
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = _post(client, token, {"course_code": "ETH-210", "crd_number": iar.crd_number, "completed_on": future})
    assert response.json()["errors"] == {"completed_on": "The completion date is in the future."}
    assert _post(client, token, "[1, 2", raw=True).status_code == 400
    assert _post(client, token, [1, 2]).status_code == 400
    assert not IarCeCredit.objects.exists()


def test_a_course_of_another_provider_is_refused(client, token, iar):
    IarCeCourseFactory(code="OTHER-1")
    response = _post(client, token, {"course_code": "OTHER-1", "crd_number": iar.crd_number,
                                     "completed_on": "2026-03-14"})
    assert response.status_code == 422 and "course_code" in response.json()["errors"]


def test_wrong_revoked_or_expired_tokens_are_401_without_detail(client, provider, iar, ethics):
    body = {"course_code": "ETH-210", "crd_number": iar.crd_number, "completed_on": "2026-03-14"}
    revoked_row, revoked = iar_services.provider_token_issue(provider=provider)
    iar_services.provider_token_revoke(token=revoked_row)
    _row, expired = iar_services.provider_token_issue(provider=provider,
                                                      expires_at=timezone.now() - dt.timedelta(minutes=1))
    for bad in ("iarce_wrong", revoked, expired, ""):
        response = _post(client, bad, body)
        assert response.status_code == 401
        assert response.json() == {"type": "about:blank", "title": "Unauthorized", "status": 401}
    assert client.get(URL).status_code == 405
    assert not IarCeCredit.objects.exists()


def test_an_unapproved_providers_token_is_401(client, token, provider, iar, ethics):
    provider.approved = False
    provider.save()
    body = {"course_code": "ETH-210", "crd_number": iar.crd_number, "completed_on": "2026-03-14"}
    assert _post(client, token, body).status_code == 401


# --- File import ------------------------------------------------------------------------------------


def _csv(tmp_path, rows):
    path = tmp_path / "completions.csv"
    path.write_text("provider_number,course_code,crd_number,completed_on\n" + "\n".join(rows) + "\n")
    return str(path)


def test_import_records_every_row_and_is_idempotent(tmp_path, iar, ethics, practice, capsys):
    path = _csv(tmp_path, [f"P-1042,ETH-210,{iar.crd_number},2026-02-01",
                           f"P-1042,PP-310,{iar.crd_number},2026-02-02"])
    call_command("import_iar_ce_credits", path)
    assert "Imported 2 completions" in capsys.readouterr().out
    call_command("import_iar_ce_credits", path)
    out = capsys.readouterr().out
    assert "Imported 0 completions" in out and "2 already reported" in out
    assert IarCeCredit.objects.count() == 2 and IarCeReportingFee.objects.count() == 2


def test_an_import_with_one_bad_row_is_rejected_whole_with_a_report(tmp_path, iar, ethics):
    path = _csv(tmp_path, [f"P-1042,ETH-210,{iar.crd_number},2026-02-01",
                           "P-9999,ETH-210,12345,2026-02-01",
                           f"P-1042,ETH-210,{iar.crd_number},2026-02-01"])
    with pytest.raises(CommandError) as exc:
        call_command("import_iar_ce_credits", path)
    message = str(exc.value)
    assert "2 of 3 rows are wrong; nothing was imported" in message
    assert "row 2: provider_number: No approved provider with this number.; crd_number: No individual" in message
    assert "row 3: row: Repeats row 1." in message
    assert not IarCeCredit.objects.exists()


def test_import_reads_json(tmp_path, iar, ethics):
    path = tmp_path / "completions.json"
    path.write_text(json.dumps({"completions": [
        {"provider_number": "P-1042", "course_code": "ETH-210", "crd_number": iar.crd_number,
         "completed_on": "2026-02-01"}]}))
    call_command("import_iar_ce_credits", str(path))
    assert IarCeCredit.objects.get().source == "import"
    (tmp_path / "bad.json").write_text('{"rows": 1}')
    with pytest.raises(CommandError, match="list of completions"):
        call_command("import_iar_ce_credits", str(tmp_path / "bad.json"))


# --- Regulatory Element → Products and Practice -------------------------------------------------------


def _satisfy(dana):
    for pm in dana.individual.learning_plans.get().plan_modules.all():
        complete(pm)


def test_carry_over_needs_the_regulatory_element_completed(iar, plan):
    eligibility = iar_selectors.carry_over_eligibility(individual=iar)
    assert not eligibility.eligible and "Complete your" in eligibility.reason


def test_the_firm_pays_when_it_opted_in_and_the_balance_covers_it(iar, plan, dana, summit):
    FirmSettings.objects.filter(firm=summit).update(iar_ce_fee_opt_in=True)
    FlexFundingEntryFactory(firm=summit, amount_cents=5000)
    _satisfy(dana)
    outcome = iar_services.carry_over_request(individual=iar, user=dana)
    assert outcome.firm_paid and outcome.carry_over.status == CarryOverStatus.APPLIED
    assert FlexFundingEntry.objects.filter(firm=summit, kind="iar_ce_fee").get().amount_cents == -1800
    credit = IarCeCredit.objects.get(source="regulatory_element")
    assert (credit.component, credit.credits) == ("products_practice", 6)
    assert not iar_selectors.carry_over_eligibility(individual=iar).eligible
    with pytest.raises(ValidationError, match="already applied"):
        iar_services.carry_over_request(individual=iar, user=dana)
    assert FlexFundingEntry.objects.filter(kind="iar_ce_fee").count() == 1


def test_low_balance_offers_the_person_to_pay_and_tells_the_firm(iar, plan, dana, summit):
    FirmSettings.objects.filter(firm=summit).update(iar_ce_fee_opt_in=True, ce_copy_to_email="ce@summit.example")
    _satisfy(dana)
    outcome = iar_services.carry_over_request(individual=iar, user=dana)
    assert not outcome.firm_paid and outcome.payment.amount_cents == 1800
    assert Notification.objects.filter(kind="iar_ce_fee_balance_low", address="ce@summit.example").exists()
    assert not FlexFundingEntry.objects.filter(kind="iar_ce_fee").exists()


def test_a_declined_card_applies_nothing_then_a_good_card_does(iar, plan, dana):
    _satisfy(dana)
    outcome = iar_services.carry_over_request(individual=iar, user=dana)
    card = Card(number=CARD_DECLINED, exp_month=12, exp_year=2099, cvc="123")
    declined = iar_services.carry_over_pay(carry_over=outcome.carry_over, card=card)
    assert declined.payment.status == PaymentStatus.DECLINED and declined.carry_over.status != "applied"
    assert not IarCeCredit.objects.exists()
    good = Card(number=CARD_SUCCEEDS, exp_month=12, exp_year=2099, cvc="123")
    paid = iar_services.carry_over_pay(carry_over=outcome.carry_over, card=good)
    assert paid.carry_over.status == CarryOverStatus.APPLIED
    iar_services.carry_over_pay(carry_over=outcome.carry_over, card=good)  # replayed
    assert IarCeCredit.objects.count() == 1 and IarCeCarryOver.objects.count() == 1


def test_the_rep_pays_through_the_pages(client, iar, plan, dana):
    _satisfy(dana)
    client.force_login(dana)
    assert "View IAR CE status and transcript" in client.get(reverse("ce:overview")).content.decode()
    body = client.get(reverse("ce:iar")).content.decode()
    assert "Apply Regulatory Element to IAR CE" in body and "Credits short" in body
    assert client.get(reverse("ce:iar_pay")).status_code == 404
    assert client.post(reverse("ce:iar_apply"))["Location"] == reverse("ce:iar_pay")
    data = {"name": "Dana Rivera", "number": "4000 0000 0000 0002", "exp_month": 12, "exp_year": 2099, "cvc": "123"}
    response = client.post(reverse("ce:iar_pay"), data)
    assert response.status_code == 400 and "Your card was declined." in response.content.decode()
    assert "4000 0000 0000 0002" not in response.content.decode(), "the card number is not echoed back"
    response = client.post(reverse("ce:iar_pay"), {**data, "number": "4242 4242 4242 4242"})
    assert response["Location"] == reverse("ce:iar")
    body = client.get(reverse("ce:iar")).content.decode()
    assert "Regulatory Element carry-over" in body and "Payment received" in body
    assert "Apply Regulatory Element to IAR CE</a>" not in body


def test_my_tasks_offer_the_carry_over_and_tell_of_short_credits(iar, plan, dana):
    from ce import mytasks

    assert [t.title for t in mytasks.tasks_for(dana)] == ["Complete your Regulatory Element CE",
                                                          "IAR CE credits short"]
    _satisfy(dana)
    dana.__dict__.pop("_ce_status", None)
    assert [t.title for t in mytasks.tasks_for(dana)] == ["Apply Regulatory Element to IAR CE",
                                                          "IAR CE credits short"]


def test_year_end_tells_a_person_short_of_iar_credits_once(iar, dana, summit):
    from zoneinfo import ZoneInfo

    import time_machine

    from ce import tasks

    FirmSettings.objects.filter(firm=summit).update(ce_status_change_emails=True)
    with time_machine.travel(dt.datetime(2027, 1, 1, 0, 1, tzinfo=ZoneInfo("America/New_York")), tick=False):
        tasks.year_end()
        tasks.year_end()
    told = Notification.objects.get(kind="ce_iar_shortfall")
    # 12 for 2026 plus 36 carried forward from 2022–2025 (the cap)
    assert told.address == dana.email and "48 credits still needed" in told.body_text
