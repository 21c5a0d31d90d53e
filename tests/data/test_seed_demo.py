"""seed_demo: deterministic fictitious data, personas, idempotence, the app seeder protocol."""

import datetime as dt
import itertools
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from crd.choices import AssociationKind, EmploymentKind, FirmKind, RegistrationStatus
from crd.models import Disclosure, ExamResult, Firm, Individual
from portal import demo as demo_module
from portal.demo import DemoData, add_years, run_app_seeders

from .conftest import row_counts

pytestmark = pytest.mark.django_db

VERIFIED = {"rep": "dana.rep", "contractor": "chris.contractor", "former": "morgan.former",
            "compliance": "casey.compliance"}
UNVERIFIED = {"verify_phone": "pat.phone", "verify_questions": "quinn.questions", "verify_support": "sam.support",
              "verify_multiparty": "mel.multiparty", "verify_locked": "lee.locked"}


def test_firms_are_the_documented_fictitious_ones(seeded):
    summit = Firm.objects.get(crd_number=104001)
    harbor = Firm.objects.get(crd_number=104002)
    assert (summit.name, summit.kind) == ("Summit Ridge Securities", FirmKind.BROKER_DEALER)
    assert (harbor.name, harbor.kind) == ("Harbor Point Advisors", FirmKind.BOTH)
    assert Firm.objects.count() >= 4


def test_persona_accounts_sign_in_with_the_demo_password(seeded, client):
    for username in [*VERIFIED.values(), *UNVERIFIED.values()]:
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        assert user.individual is not None
        assert user.email.endswith("@mail.example")
        assert user.first_name == user.individual.first_name
    assert all(User.objects.get(username=u).is_identity_verified for u in VERIFIED.values())
    assert not any(User.objects.get(username=u).identity_verified_at for u in UNVERIFIED.values())
    assert client.login(username="dana.rep", password=DEMO_PASSWORD)


def test_personas_table_is_printed(seeded):
    for username in [*VERIFIED.values(), *UNVERIFIED.values()]:
        assert username in seeded
    assert DEMO_PASSWORD in seeded
    assert "new_ssn" in seeded and "new_no_ssn" in seeded
    assert "fictitious" in seeded


def test_signup_personas_are_in_crd_without_an_account(seeded):
    new_ssn = Individual.objects.get(first_name="Avery", last_name="Lindgren")
    assert not User.objects.filter(individual=new_ssn).exists()
    assert Individual.objects.with_ssn("123-45-6705").get() == new_ssn
    assert f"{new_ssn.date_of_birth:%m/%d/%Y}" in seeded  # the walk-through needs it
    no_ssn = Individual.objects.get(first_name="Noor", last_name="Haddad")
    assert no_ssn.has_no_ssn and not User.objects.filter(individual=no_ssn).exists()
    assert str(no_ssn.crd_number) in seeded


def test_rep_has_a_full_record(seeded):
    today = timezone.localdate()
    rep = User.objects.get(username="dana.rep").individual
    current = rep.associations.get(end_date__isnull=True)
    assert current.firm.crd_number == 104001 and current.kind == AssociationKind.EMPLOYEE
    regs = list(rep.registrations.select_related("jurisdiction", "firm"))
    assert {r.sro for r in regs if r.sro} == {"FINRA"}
    assert {r.jurisdiction.code for r in regs if r.jurisdiction} >= {"NY", "NJ", "CT"}
    assert any(r.status == RegistrationStatus.TERMINATED for r in regs)  # the earlier firm
    exams = {e.exam.code for e in rep.exam_results.select_related("exam")}
    assert {"SIE", "S7", "S63"} <= exams
    assert rep.exam_results.filter(valid_until__isnull=False).exists()
    jobs = list(rep.employment_history.order_by("start_date"))
    assert jobs[0].start_date <= add_years(today, -10)
    for earlier, later in itertools.pairwise(jobs):
        assert earlier.end_date is not None and (later.start_date - earlier.end_date).days == 1  # no gaps
    homes = list(rep.residence_history.order_by("from_date"))
    assert homes[0].from_date <= add_years(today, -5)
    assert homes[-1].to_date is None and homes[-1].address_line1 == rep.address_line1


def test_employment_covers_every_kind_and_some_people_have_disclosures(seeded):
    from crd.models import EmploymentHistory

    kinds = set(EmploymentHistory.objects.values_list("kind", flat=True))
    assert kinds == set(EmploymentKind.values)
    assert Disclosure.objects.values("individual").distinct().count() >= 3
    assert ExamResult.objects.filter(outcome="failed").exists()


def test_former_rep_left_harbor_eight_months_ago(seeded):
    former = User.objects.get(username="morgan.former").individual
    assert not former.associations.filter(end_date__isnull=True).exists()
    last = former.associations.get()
    assert last.firm.crd_number == 104002
    assert 230 <= (timezone.localdate() - last.end_date).days <= 250
    assert not former.registrations.exclude(status=RegistrationStatus.TERMINATED).exists()
    assert former.exam_results.filter(exam__code="S7", valid_until__gt=last.end_date).exists()


def test_contractor_is_an_independent_contractor(seeded):
    contractor = User.objects.get(username="chris.contractor").individual
    assoc = contractor.associations.get(end_date__isnull=True)
    assert assoc.kind == AssociationKind.INDEPENDENT_CONTRACTOR and assoc.firm.crd_number == 104001
    assert contractor.disclosures.exists()


def test_second_run_changes_nothing_and_prints_personas_again(seeded):
    before = row_counts()
    users_before = list(User.objects.order_by("pk").values_list("username", "password", "identity_verified_at"))
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert row_counts() == before
    assert list(User.objects.order_by("pk").values_list("username", "password", "identity_verified_at")) \
        == users_before
    assert "dana.rep" in out.getvalue() and DEMO_PASSWORD in out.getvalue()


def test_generated_data_is_deterministic():
    today = dt.date(2026, 3, 15)
    first, second = DemoData(today=today), DemoData(today=today)
    assert demo_module._persona_specs(first.rng, today) == demo_module._persona_specs(second.rng, today)
    assert demo_module._crowd_specs(first.rng, today) == demo_module._crowd_specs(second.rng, today)


def test_demo_ssns_are_valid_and_never_stored_in_plaintext(seeded):
    rep = User.objects.get(username="dana.rep").individual
    assert rep.ssn == "123456701"
    assert "123456701" not in rep.ssn_ciphertext
    assert Individual.objects.filter(has_no_ssn=False).count() == Individual.objects.exclude(ssn_index=None).count()


def test_app_seeders_are_called_and_missing_modules_skipped(db):
    from tests.data.sample_seeders.ok import demo as ok_demo

    demo = DemoData(today=dt.date(2026, 1, 5))
    ran = run_app_seeders(demo, apps=["tests.data.sample_seeders", "tests.data.sample_seeders.ok"])
    assert ran == ["tests.data.sample_seeders.ok"]
    assert ok_demo.CALLS[-1] is demo
    assert [p.key for p in demo.personas] == ["sample"]


def test_an_app_seeder_that_fails_to_import_is_not_hidden(db):
    demo = DemoData(today=dt.date(2026, 1, 5))
    with pytest.raises(ModuleNotFoundError, match="finpro_no_such_package_for_tests"):
        run_app_seeders(demo, apps=["tests.data.sample_seeders.broken"])


def test_add_persona_replaces_a_key():
    demo = DemoData(today=dt.date(2026, 1, 5))
    demo.add_persona(key="rep", label="Rep", username="dana.rep", note="first")
    demo.add_persona(key="x", label="X", username="", note="")
    demo.add_persona(key="rep", label="Rep", username="dana.rep", note="refined")
    assert [(p.key, p.note) for p in demo.personas] == [("rep", "refined"), ("x", "")]


def test_refuses_to_run_in_production_without_force(db, settings):
    settings.DEBUG, settings.TESTING = False, False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.filter(username="dana.rep").exists()
    call_command("seed_demo", "--force", stdout=StringIO())
    assert User.objects.filter(username="dana.rep").exists()


def test_identity_personas_are_offered_what_their_labels_promise(seeded):
    """The whole seed together: the phone on each profile is the one the bureau knows."""
    from accounts.models import User
    from identity.selectors import lockouts_in_force, options_for

    def options(username):
        return options_for(user=User.objects.get(username=username))

    assert options("pat.phone").passcode
    assert not options("quinn.questions").passcode and options("quinn.questions").questions
    assert not options("sam.support").any
    assert not options("mel.multiparty").passcode and options("mel.multiparty").questions
    assert lockouts_in_force(user=User.objects.get(username="lee.locked"))


def test_the_sign_up_personas_have_a_bureau_file_one_for_a_passcode_one_for_questions(seeded):
    """A newcomer following the README reaches the dashboard: the bureau knows Avery's personal
    phone (passcode) and has a full file on Noor (questions, no phone)."""
    from accounts.demo import PERSONAL_PHONES
    from identity.providers.base import PhoneMatch
    from identity.providers.sandbox import SandboxBureau

    bureau = SandboxBureau()
    avery = Individual.objects.get(first_name="Avery", last_name="Lindgren")
    noor = Individual.objects.get(first_name="Noor", last_name="Haddad")
    assert bureau.phone_match(individual=avery, phone=PERSONAL_PHONES["new_ssn"]) == PhoneMatch.INDIVIDUAL
    assert bureau.phone_match(individual=noor, phone=PERSONAL_PHONES["new_no_ssn"]) == PhoneMatch.NOT_FOUND
    assert bureau.can_quiz(individual=noor) and bureau.can_quiz(individual=avery)
    assert "(212) 555-0106" in seeded and "(212) 555-0107" in seeded  # the table tells them what to type


def test_casey_has_a_weekly_access_report_with_a_finished_run(seeded):
    from reports.models import ReportRun, SavedReport

    saved = SavedReport.objects.get(owner__username="casey.compliance")
    assert saved.template == "access_tracking" and saved.frequency == "weekly"
    run = ReportRun.objects.get(saved_report=saved)
    assert run.status == "done" and run.rows_written > 0 and run.file
