"""factory-boy factories for every model. Reference rows (exams, categories, states)
come from the crd.0002 data migration; factories fetch them by code."""

import datetime as dt

import factory
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import User
from crd import models as crd
from crd.choices import AssociationKind, DisclosureKind, EmploymentKind, ExamOutcome, RegistrationStatus
from notifications.models import Notification


def _valid_ssn(n: int) -> str:
    # Area 100-665 avoids the invalid 000, 666 and 9xx; group and serial never zero.
    area = 100 + (n % 500)
    group = 1 + (n // 500) % 99
    serial = 1 + n % 9999
    return f"{area:03d}{group:02d}{serial:04d}"


class JurisdictionRef(factory.django.DjangoModelFactory):
    class Meta:
        model = crd.Jurisdiction
        django_get_or_create = ("code",)

    code = "NY"
    name = "New York"


class ExamRef(DjangoModelFactory):
    class Meta:
        model = crd.Exam
        django_get_or_create = ("code",)

    code = "S7"
    name = "Series 7 — General Securities Representative"


class CategoryRef(DjangoModelFactory):
    class Meta:
        model = crd.RegistrationCategory
        django_get_or_create = ("code",)

    code = "GS"
    name = "General Securities Representative"


class FirmFactory(DjangoModelFactory):
    class Meta:
        model = crd.Firm

    crd_number = factory.Sequence(lambda n: 100_000 + n)
    name = factory.Sequence(lambda n: f"Example Securities {n} LLC")
    main_office_city = "New York"
    main_office_state = "NY"


class IndividualFactory(DjangoModelFactory):
    class Meta:
        model = crd.Individual
        skip_postgeneration_save = True

    crd_number = factory.Sequence(lambda n: 5_000_000 + n)
    first_name = "Jordan"
    last_name = factory.Sequence(lambda n: f"Example{n}")
    date_of_birth = dt.date(1985, 4, 12)
    address_line1 = "350 Fifth Ave"
    city = "New York"
    state = "NY"
    postal_code = "10118"
    country = "US"
    ssn = factory.Sequence(_valid_ssn)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        ssn = kwargs.pop("ssn", None)
        kwargs.pop("has_no_ssn", None)
        obj = model_class(*args, **kwargs)
        obj.set_ssn(ssn)
        obj.save()
        return obj

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        ssn = kwargs.pop("ssn", None)
        kwargs.pop("has_no_ssn", None)
        obj = model_class(*args, **kwargs)
        obj.set_ssn(ssn)
        return obj


class AssociationFactory(DjangoModelFactory):
    class Meta:
        model = crd.Association

    individual = factory.SubFactory(IndividualFactory)
    firm = factory.SubFactory(FirmFactory)
    kind = AssociationKind.EMPLOYEE
    start_date = dt.date(2018, 3, 1)


class RegistrationFactory(DjangoModelFactory):
    class Meta:
        model = crd.Registration

    individual = factory.SubFactory(IndividualFactory)
    firm = factory.SubFactory(FirmFactory)
    category = factory.SubFactory(CategoryRef)
    sro = "FINRA"
    status = RegistrationStatus.APPROVED
    status_date = dt.date(2018, 4, 2)
    approved_on = dt.date(2018, 4, 2)


class ExamResultFactory(DjangoModelFactory):
    class Meta:
        model = crd.ExamResult

    individual = factory.SubFactory(IndividualFactory)
    exam = factory.SubFactory(ExamRef)
    taken_on = dt.date(2018, 2, 15)
    outcome = ExamOutcome.PASSED
    score = 82


class EmploymentHistoryFactory(DjangoModelFactory):
    class Meta:
        model = crd.EmploymentHistory

    individual = factory.SubFactory(IndividualFactory)
    kind = EmploymentKind.FULL_TIME
    employer_name = "Example Securities LLC"
    position = "Registered Representative"
    city = "New York"
    state = "NY"
    investment_related = True
    start_date = dt.date(2018, 3, 1)


class ResidenceHistoryFactory(DjangoModelFactory):
    class Meta:
        model = crd.ResidenceHistory

    individual = factory.SubFactory(IndividualFactory)
    address_line1 = "350 Fifth Ave"
    city = "New York"
    state = "NY"
    postal_code = "10118"
    from_date = dt.date(2016, 6, 1)


class DisclosureFactory(DjangoModelFactory):
    class Meta:
        model = crd.Disclosure

    individual = factory.SubFactory(IndividualFactory)
    kind = DisclosureKind.CUSTOMER_COMPLAINT
    event_date = dt.date(2021, 9, 14)
    summary = "Customer alleged unsuitable recommendation; settled for $4,500."
    status = "settled"


class UserFactory(DjangoModelFactory):
    """An account past setup: password "correct horse battery staple" and security questions."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n:04d}")
    first_name = "Jordan"
    last_name = "Example"
    email = factory.LazyAttribute(lambda u: f"{u.username}@mail.example")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    @factory.post_generation
    def security_questions(obj, create, extracted, **kwargs):
        """Accounts are past setup (security questions chosen) unless security_questions=False;
        without them the account-setup gate sends a rep to that page first."""
        if create and extracted is not False:
            from accounts.services import security_questions_set

            security_questions_set(user=obj, answers=[("first_pet", "Rex"), ("first_car", "Volvo"),
                                                      ("best_man", "Sam")])


class VerifiedRepFactory(UserFactory):
    """A user whose identity is verified and who is linked to an Individual."""

    individual = factory.SubFactory(IndividualFactory)
    identity_verified_at = factory.LazyFunction(timezone.now)


class ProfileFactory(DjangoModelFactory):
    """What a person entered at Create Profile: phones and residential address."""

    class Meta:
        model = "accounts.Profile"

    user = factory.SubFactory(UserFactory)
    business_phone = "+12125550100"
    personal_phone = "+12125550199"
    address_line1 = "350 Fifth Ave"
    city = "New York"
    state = "NY"
    postal_code = "10118"


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    address = "someone@mail.example"
    kind = "test_message"
    subject = "A test message"
    body_text = "Hello."


# --- accounts -------------------------------------------------------------------------------


class PrivacyAcknowledgmentFactory(DjangoModelFactory):
    class Meta:
        model = "accounts.PrivacyAcknowledgment"

    version = "2026-01"
    user = factory.SubFactory(UserFactory)


class AccountTokenFactory(DjangoModelFactory):
    """A stored token row; the secret itself is never stored, only its hash."""

    class Meta:
        model = "accounts.AccountToken"

    user = factory.SubFactory(UserFactory)
    purpose = "activation"
    token_hash = factory.Sequence(lambda n: f"{n:064x}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(hours=24))


class SecurityAnswerFactory(DjangoModelFactory):
    class Meta:
        model = "accounts.SecurityAnswer"

    user = factory.SubFactory(UserFactory, security_questions=False)
    question = "first_pet"
    answer_hash = factory.LazyFunction(lambda: make_password("rex"))


class SignInEventFactory(DjangoModelFactory):
    class Meta:
        model = "accounts.SignInEvent"

    user = factory.SubFactory(UserFactory)
    ip_address = "203.0.113.10"
    user_agent = "Mozilla/5.0"


# --- identity -------------------------------------------------------------------------------


class VerificationCaseFactory(DjangoModelFactory):
    class Meta:
        model = "identity.VerificationCase"

    user = factory.SubFactory(UserFactory, individual=factory.SubFactory(IndividualFactory))


class AttemptFactory(DjangoModelFactory):
    class Meta:
        model = "identity.Attempt"

    user = factory.SubFactory(UserFactory, individual=factory.SubFactory(IndividualFactory))
    individual = factory.LazyAttribute(lambda a: a.user.individual)
    fingerprint = factory.LazyAttribute(lambda a: a.individual.ssn_index or f"crd:{a.individual.crd_number}")
    method = "questions"
    outcome = "failed"


class LockoutFactory(DjangoModelFactory):
    class Meta:
        model = "identity.Lockout"

    scope = "user"
    user = factory.SubFactory(UserFactory)
    fingerprint = factory.Sequence(lambda n: f"fp{n}")
    reason = "Too many identity verification attempts"
    until = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(hours=6))


class PasscodeFactory(DjangoModelFactory):
    class Meta:
        model = "identity.Passcode"

    user = factory.SubFactory(UserFactory)
    purpose = "identity"
    phone = "+15550100101"
    channel = "sms"
    code_hash = factory.Sequence(lambda n: f"{n:064x}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(minutes=10))


class BureauSubjectFactory(DjangoModelFactory):
    class Meta:
        model = "identity.BureauSubject"

    individual = factory.SubFactory(IndividualFactory)


class BureauPhoneFactory(DjangoModelFactory):
    class Meta:
        model = "identity.BureauPhone"

    subject = factory.SubFactory(BureauSubjectFactory)
    number = "+15550100101"
    ownership = "individual"


class BureauFactFactory(DjangoModelFactory):
    class Meta:
        model = "identity.BureauFact"

    subject = factory.SubFactory(BureauSubjectFactory)
    kind = "employer"
    value = "Summit Ridge Securities"


class SandboxQuizFactory(DjangoModelFactory):
    class Meta:
        model = "identity.SandboxQuiz"

    reference = factory.Sequence(lambda n: f"quiz-{n}")
    answer_key = factory.LazyFunction(lambda: ["a" * 64] * 5)


# --- firm section ---------------------------------------------------------------------------


class FirmMembershipFactory(DjangoModelFactory):
    class Meta:
        model = "firmsettings.FirmMembership"

    user = factory.SubFactory(UserFactory)
    firm = factory.SubFactory(FirmFactory)
    role = "compliance"


class FirmSettingsFactory(DjangoModelFactory):
    class Meta:
        model = "firmsettings.FirmSettings"
        django_get_or_create = ("firm",)

    firm = factory.SubFactory(FirmFactory)


class FirmSettingChangeFactory(DjangoModelFactory):
    class Meta:
        model = "firmsettings.FirmSettingChange"

    firm = factory.SubFactory(FirmFactory)
    setting = "attestation_employees"
    old_value = "Off"
    new_value = "On"
    changed_by = factory.SubFactory(UserFactory)


class FirmInvitationFactory(DjangoModelFactory):
    class Meta:
        model = "firmsettings.FirmInvitation"

    firm = factory.SubFactory(FirmFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@firm.example")
    token_hash = factory.Sequence(lambda n: f"{n:064x}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))


class FlexFundingEntryFactory(DjangoModelFactory):
    class Meta:
        model = "firmsettings.FlexFundingEntry"

    firm = factory.SubFactory(FirmFactory)
    kind = "deposit"
    amount_cents = 50_000
    memo = "Wire received"


# --- crd, portal ----------------------------------------------------------------------------


class AttestationFactory(DjangoModelFactory):
    class Meta:
        model = "crd.Attestation"

    individual = factory.SubFactory(IndividualFactory)
    firm = factory.SubFactory(FirmFactory)
    association_kind = AssociationKind.EMPLOYEE
    answer = "correct"


class SystemStatusFactory(DjangoModelFactory):
    class Meta:
        model = "portal.SystemStatus"


class StatusMessageFactory(DjangoModelFactory):
    class Meta:
        model = "portal.StatusMessage"

    title = "Scheduled maintenance Saturday night"
    body = "FinPro is unavailable from 10 p.m. to midnight Eastern Time."
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=2))


# --- Continuing education ---------------------------------------------------------------------

from ce import models as ce  # noqa: E402
from ce.choices import REGULATORY_ELEMENT_FEE_CENTS  # noqa: E402


class CEYearFactory(DjangoModelFactory):
    class Meta:
        model = ce.CEYear
        django_get_or_create = ("year",)

    year = factory.LazyFunction(lambda: timezone.localdate().year)


class CategoryGroupFactory(DjangoModelFactory):
    class Meta:
        model = ce.CategoryGroup
        skip_postgeneration_save = True

    ce_year = factory.SubFactory(CEYearFactory)
    name = factory.Sequence(lambda n: f"Group {n}")

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)


class ModuleFactory(DjangoModelFactory):
    """A module with `pages` content pages and `questions` questions of three options each
    (the first option right)."""

    class Meta:
        model = ce.Module
        skip_postgeneration_save = True

    group = factory.SubFactory(CategoryGroupFactory)
    title = factory.Sequence(lambda n: f"Module {n}")
    summary = "What this module is about."
    estimated_minutes = 15
    position = factory.Sequence(lambda n: n)

    @factory.post_generation
    def pages(self, create, extracted, **kwargs):
        if not create:
            return
        for n in range(1, (3 if extracted is None else extracted) + 1):
            ce.ModulePage.objects.create(module=self, position=n, title=f"{self.title}: page {n}",
                                         body_html=f"<p>Content of page {n} of {self.title}.</p>")

    @factory.post_generation
    def questions(self, create, extracted, **kwargs):
        if not create:
            return
        for n in range(1, (3 if extracted is None else extracted) + 1):
            question = ce.Question.objects.create(module=self, position=n, prompt=f"Question {n} of {self.title}?",
                                                  explanation=f"Because of rule {n}.")
            for k in range(1, 4):
                ce.Option.objects.create(question=question, position=k, text=f"Answer {k}", is_correct=k == 1)


class ModulePageFactory(DjangoModelFactory):
    class Meta:
        model = ce.ModulePage

    module = factory.SubFactory(ModuleFactory, pages=0, questions=0)
    position = factory.Sequence(lambda n: n + 1)
    title = "A page"
    body_html = "<p>Text.</p>"


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = ce.Question

    module = factory.SubFactory(ModuleFactory, pages=0, questions=0)
    position = factory.Sequence(lambda n: n + 1)
    prompt = "Which is right?"
    explanation = "This one, because."


class OptionFactory(DjangoModelFactory):
    class Meta:
        model = ce.Option

    question = factory.SubFactory(QuestionFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = "An answer"
    is_correct = False


class LearningPlanFactory(DjangoModelFactory):
    class Meta:
        model = ce.LearningPlan

    individual = factory.SubFactory(IndividualFactory)
    ce_year = factory.SubFactory(CEYearFactory)


class PlanModuleFactory(DjangoModelFactory):
    class Meta:
        model = ce.PlanModule

    plan = factory.SubFactory(LearningPlanFactory)
    module = factory.SubFactory(ModuleFactory)


class ModuleAnswerFactory(DjangoModelFactory):
    class Meta:
        model = ce.ModuleAnswer

    plan_module = factory.SubFactory(PlanModuleFactory)
    question = factory.LazyAttribute(lambda o: o.plan_module.module.questions.first())
    option = factory.LazyAttribute(lambda o: o.question.options.get(is_correct=True))
    is_correct = True


class PlanEventFactory(DjangoModelFactory):
    class Meta:
        model = ce.PlanEvent

    plan = factory.SubFactory(LearningPlanFactory)
    kind = "assigned"
    detail = "Module 1"


class RegulatoryElementFeeFactory(DjangoModelFactory):
    class Meta:
        model = ce.RegulatoryElementFee

    individual = factory.SubFactory(IndividualFactory)
    ce_year = factory.SubFactory(CEYearFactory)
    firm = factory.SubFactory(FirmFactory)
    amount_cents = REGULATORY_ELEMENT_FEE_CENTS


class CENoticeFactory(DjangoModelFactory):
    class Meta:
        model = ce.CENotice

    individual = factory.SubFactory(IndividualFactory)
    ce_year = factory.SubFactory(CEYearFactory)
    kind = factory.Sequence(lambda n: f"reminder_{n}")


# --- payments ---------------------------------------------------------------------------------


class PaymentFactory(DjangoModelFactory):
    class Meta:
        model = "payments.Payment"

    individual = factory.SubFactory(IndividualFactory)
    purpose = "iar_ce_carry_over"
    amount_cents = 1800
    idempotency_key = factory.Sequence(lambda n: f"test-payment-{n}")


class SandboxChargeFactory(DjangoModelFactory):
    class Meta:
        model = "payments.SandboxCharge"

    reference = factory.Sequence(lambda n: f"sbx_{n:024x}")
    idempotency_key = factory.Sequence(lambda n: f"test-charge-{n}")
    amount_cents = 1800
    purpose = "iar_ce_carry_over"
    card_last4 = "4242"
    outcome = "succeeded"


class IarCeAdoptionFactory(DjangoModelFactory):
    class Meta:
        model = ce.IarCeAdoption
        django_get_or_create = ("jurisdiction",)

    jurisdiction = factory.SubFactory(JurisdictionRef, code="CT", name="Connecticut")
    adopted = True
    effective_year = 2022


class IarCeProviderFactory(DjangoModelFactory):
    class Meta:
        model = ce.IarCeProvider

    name = factory.Sequence(lambda n: f"Evergreen Learning {n}")
    provider_number = factory.Sequence(lambda n: f"P-{1000 + n}")


class IarCeProviderTokenFactory(DjangoModelFactory):
    class Meta:
        model = ce.IarCeProviderToken

    provider = factory.SubFactory(IarCeProviderFactory)
    token_hash = factory.Sequence(lambda n: f"{n:064x}")


class IarCeCourseFactory(DjangoModelFactory):
    class Meta:
        model = ce.IarCeCourse

    provider = factory.SubFactory(IarCeProviderFactory)
    code = factory.Sequence(lambda n: f"ETH-{100 + n}")
    title = "Fiduciary duty in practice"
    credits = 3
    component = "ethics"


class IarCeCreditFactory(DjangoModelFactory):
    class Meta:
        model = ce.IarCeCredit

    individual = factory.SubFactory(IndividualFactory)
    course = factory.SubFactory(IarCeCourseFactory)
    provider = factory.LazyAttribute(lambda o: o.course.provider)
    completed_on = dt.date(2026, 3, 14)
    year = factory.LazyAttribute(lambda o: o.completed_on.year)
    component = factory.LazyAttribute(lambda o: o.course.component)
    credits = factory.LazyAttribute(lambda o: o.course.credits)
    source = "provider_api"


class IarCeReportingFeeFactory(DjangoModelFactory):
    class Meta:
        model = ce.IarCeReportingFee

    credit = factory.SubFactory(IarCeCreditFactory)
    provider = factory.LazyAttribute(lambda o: o.credit.provider)
    amount_cents = 900


class IarCeCarryOverFactory(DjangoModelFactory):
    class Meta:
        model = ce.IarCeCarryOver

    individual = factory.SubFactory(IndividualFactory)
    year = 2026


class FaqEntryFactory(DjangoModelFactory):
    class Meta:
        model = "portal.FaqEntry"

    section = "technical-support"
    question = factory.Sequence(lambda n: f"How do I do thing {n}?")
    slug = factory.Sequence(lambda n: f"thing-{n}")
    answer = "Open **My Account** and follow the steps."


class AnnouncementFactory(DjangoModelFactory):
    class Meta:
        model = "portal.Announcement"

    title = factory.Sequence(lambda n: f"Something new {n}")
    body = "FinPro can now do something new."
    published_from = factory.LazyFunction(timezone.localdate)


class AnnouncementDismissalFactory(DjangoModelFactory):
    class Meta:
        model = "portal.AnnouncementDismissal"

    announcement = factory.SubFactory(AnnouncementFactory)
    user = factory.SubFactory(UserFactory)
# --- Form U4 --------------------------------------------------------------------------------


class FilingFactory(DjangoModelFactory):
    """A draft Form U4 of a firm for a person in CRD, with nothing filled in yet."""

    class Meta:
        model = "u4.Filing"

    firm = factory.SubFactory(FirmFactory)
    individual = factory.SubFactory(IndividualFactory)


class FilingEventFactory(DjangoModelFactory):
    class Meta:
        model = "u4.FilingEvent"

    filing = factory.SubFactory(FilingFactory)
    action = "created"
    ip_address = "203.0.113.7"
    user_agent = "Mozilla/5.0 (test)"


# --- Firm API and webhooks ------------------------------------------------------------------


class ApiKeyFactory(DjangoModelFactory):
    """A live key of a firm with every scope. The key itself is on `.plain_key` (never stored)."""

    class Meta:
        model = "api.ApiKey"

    firm = factory.SubFactory(FirmFactory)
    name = factory.Sequence(lambda n: f"Firm system {n}")
    prefix = factory.Sequence(lambda n: f"{n:012x}")
    scopes = factory.LazyFunction(lambda: ["ce:read", "filings:read", "notifications:read", "roster:read",
                                           "webhooks:manage"])
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=90))
    key_hash = ""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        import secrets

        from api.services import key_hash

        plain = f"fpk_{kwargs['prefix']}_{secrets.token_urlsafe(32)}"
        kwargs["key_hash"] = key_hash(plain)
        row = super()._create(model_class, *args, **kwargs)
        row.plain_key = plain
        return row


def _all_firm_events():
    from finpro.events import FirmEvent

    return [e.value for e in FirmEvent]


def _test_webhook_secret_ciphertext():
    from finpro.encryption import encrypt

    return encrypt(WEBHOOK_TEST_SECRET)


WEBHOOK_TEST_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


class WebhookEndpointFactory(DjangoModelFactory):
    """An active endpoint of a firm for every event; the secret is on `.secret`."""

    class Meta:
        model = "api.WebhookEndpoint"

    firm = factory.SubFactory(FirmFactory)
    url = "http://127.0.0.1:9/hooks"
    events = factory.LazyFunction(_all_firm_events)
    secret_ciphertext = factory.LazyFunction(_test_webhook_secret_ciphertext)


class WebhookDeliveryFactory(DjangoModelFactory):
    class Meta:
        model = "api.WebhookDelivery"

    endpoint = factory.SubFactory(WebhookEndpointFactory)
    message_id = factory.Sequence(lambda n: f"msg_{n:032x}")
    event_type = "u4.signed"
    payload = factory.LazyFunction(lambda: {"type": "u4.signed", "timestamp": "2026-01-01T00:00:00+00:00",
                                            "data": {"filing_id": 1}})
# --- Exams ----------------------------------------------------------------------------------


class TestCenterFactory(DjangoModelFactory):
    """A fictitious test center in Chicago (Central Time)."""

    class Meta:
        model = "exams.TestCenter"

    code = factory.Sequence(lambda n: f"TC{n:04d}")
    name = factory.Sequence(lambda n: f"Lakefront Testing Center {n}")
    address_line1 = "200 W Example Ave, Suite 400"
    city = "Chicago"
    state = "IL"
    postal_code = "60601"
    time_zone = "America/Chicago"


class ExamSessionFactory(DjangoModelFactory):
    """A session 30 days from now at 9:00 (UTC 15:00) with 10 seats."""

    class Meta:
        model = "exams.ExamSession"

    center = factory.SubFactory(TestCenterFactory)
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + dt.timedelta(days=30)).replace(hour=15, minute=0, second=0, microsecond=0))
    capacity = 10


class ExamWindowFactory(DjangoModelFactory):
    """An Open Series 7 window opened today by a firm."""

    class Meta:
        model = "exams.ExamWindow"

    individual = factory.SubFactory(IndividualFactory)
    exam = factory.SubFactory(ExamRef)
    firm = factory.SubFactory(FirmFactory)
    opened_on = factory.LazyFunction(timezone.localdate)
    closes_on = factory.LazyAttribute(lambda w: w.opened_on + dt.timedelta(days=120))
    original_closes_on = factory.LazyAttribute(lambda w: w.closes_on)


class AppointmentFactory(DjangoModelFactory):
    class Meta:
        model = "exams.Appointment"

    window = factory.SubFactory(ExamWindowFactory, status="scheduled")
    session = factory.SubFactory(ExamSessionFactory)


class ExtensionRequestFactory(DjangoModelFactory):
    class Meta:
        model = "exams.ExtensionRequest"

    window = factory.SubFactory(ExamWindowFactory)
    reason = "Every test center near me is full until after my window closes."
# --- reports --------------------------------------------------------------------------------


class SavedReportFactory(DjangoModelFactory):
    class Meta:
        model = "reports.SavedReport"

    firm = factory.SubFactory(FirmFactory)
    owner = factory.SubFactory(UserFactory)
    name = "Monthly access check"
    template = "access_tracking"


class ReportRunFactory(DjangoModelFactory):
    """A queued run (no file yet); reports.services.run_execute writes one."""

    class Meta:
        model = "reports.ReportRun"

    firm = factory.SubFactory(FirmFactory)
    requested_by = factory.SubFactory(UserFactory)
    template = "access_tracking"


class RecordActivityFactory(DjangoModelFactory):
    class Meta:
        model = "crd.RecordActivity"

    individual = factory.SubFactory(IndividualFactory)
    actor_kind = "support"
    actor_label = "Support agent"
    action = "viewed"


class ReminderPreferenceFactory(DjangoModelFactory):
    class Meta:
        model = "notifications.ReminderPreference"

    user = factory.SubFactory(UserFactory)
    kind = "report_ready"
    channel = "inbox"
# --- Form U5 ----------------------------------------------------------------------------------


class U5FilingFactory(DjangoModelFactory):
    """A full Form U5 (voluntary) of a firm for a person, as filed."""

    class Meta:
        model = "u5.Filing"

    firm = factory.SubFactory(FirmFactory)
    individual = factory.SubFactory(IndividualFactory)
    kind = "full"
    address_line1 = "12 Elm St"
    city = "Hoboken"
    state = "NJ"
    postal_code = "07030"
    termination_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=5))
    reason = "voluntary"
    disclosure_answers = factory.LazyFunction(lambda: dict.fromkeys(["7A", "7B", "7C", "7D", "7E", "7F"], "no"))
    acknowledgment_name = "Casey Compliance"
    acknowledgment_version = "u5-8a-2026-1"


class U5DisclosureReportingPageFactory(DjangoModelFactory):
    class Meta:
        model = "u5.DisclosureReportingPage"

    filing = factory.SubFactory(U5FilingFactory, disclosure_answers={"7C": "yes"})
    question = "7C"
    event_date = dt.date(2025, 2, 3)
    summary = "Charged with a misdemeanor, dismissed."


# --- Programs ---------------------------------------------------------------------------------


def _program(code):
    from programs.models import Program

    return Program.objects.get(code=code)


class ProgramRef(DjangoModelFactory):
    """A program from the programs.0002 reference data."""

    class Meta:
        model = "programs.Program"
        django_get_or_create = ("code",)

    code = "MQP"


class ParticipatingJurisdictionFactory(DjangoModelFactory):
    class Meta:
        model = "programs.ParticipatingJurisdiction"
        django_get_or_create = ("program", "jurisdiction")

    program = factory.LazyFunction(lambda: _program("AG_EVEP"))
    jurisdiction = factory.SubFactory(JurisdictionRef, code="VT", name="Vermont")
    adopted_on = dt.date(2025, 1, 1)


class DisqualificationFlagFactory(DjangoModelFactory):
    class Meta:
        model = "programs.DisqualificationFlag"

    disclosure = factory.SubFactory(DisclosureFactory)
    individual = factory.LazyAttribute(lambda o: o.disclosure.individual)


class EligibilityFactory(DjangoModelFactory):
    class Meta:
        model = "programs.Eligibility"

    individual = factory.SubFactory(IndividualFactory)
    program = factory.LazyFunction(lambda: _program("MQP"))
    eligible = True
    reasons = factory.LazyFunction(lambda: ["You qualify."])


class EnrollmentFactory(DjangoModelFactory):
    class Meta:
        model = "programs.Enrollment"

    individual = factory.SubFactory(IndividualFactory)
    program = factory.LazyFunction(lambda: _program("MQP"))
    status = "active"
    termination_date = dt.date(2026, 1, 15)
    ends_on = dt.date(2031, 1, 15)
    email = "former.rep@mail.example"
    email_confirmed_at = factory.LazyFunction(timezone.now)
    enrolled_at = factory.LazyFunction(timezone.now)


class ProgramYearFactory(DjangoModelFactory):
    class Meta:
        model = "programs.ProgramYear"

    enrollment = factory.SubFactory(EnrollmentFactory)
    number = 1
    starts_on = dt.date(2026, 2, 1)
    due_on = dt.date(2027, 1, 31)


class ProgramEventFactory(DjangoModelFactory):
    class Meta:
        model = "programs.ProgramEvent"

    enrollment = factory.SubFactory(EnrollmentFactory)
    kind = "enrolled"
