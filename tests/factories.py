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
