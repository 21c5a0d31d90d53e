"""The database itself refuses CRD rows that make no sense, whatever code wrote them."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from crd.models import Individual, Jurisdiction
from tests.factories import (
    AssociationFactory,
    EmploymentHistoryFactory,
    ExamResultFactory,
    FirmFactory,
    IndividualFactory,
    RegistrationFactory,
    ResidenceHistoryFactory,
)

pytestmark = pytest.mark.django_db


def _refused(factory, **kwargs):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**kwargs)


def test_crd_numbers_are_unique_per_kind():
    IndividualFactory(crd_number=1234567)
    FirmFactory(crd_number=1234567)  # a firm may share digits with a person
    _refused(IndividualFactory, crd_number=1234567)


def test_ssn_or_no_ssn_flag_never_both_or_neither():
    person = IndividualFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Individual.objects.filter(pk=person.pk).update(has_no_ssn=True)
    no_ssn = IndividualFactory(ssn=None)
    assert no_ssn.has_no_ssn and no_ssn.masked_ssn == "None on file"


def test_end_dates_never_before_start_dates():
    _refused(AssociationFactory, start_date=dt.date(2020, 1, 1), end_date=dt.date(2019, 1, 1))
    _refused(EmploymentHistoryFactory, start_date=dt.date(2020, 1, 1), end_date=dt.date(2019, 1, 1))
    _refused(ResidenceHistoryFactory, from_date=dt.date(2020, 1, 1), to_date=dt.date(2019, 1, 1))
    _refused(ExamResultFactory, taken_on=dt.date(2020, 1, 1), valid_until=dt.date(2019, 1, 1))


def test_only_one_current_association_per_firm():
    first = AssociationFactory()
    _refused(AssociationFactory, individual=first.individual, firm=first.firm)
    AssociationFactory(individual=first.individual, firm=first.firm, start_date=dt.date(2010, 1, 1),
                       end_date=dt.date(2012, 1, 1))  # an earlier, ended one is fine


def test_registration_is_with_an_sro_or_a_state_never_both():
    ny = Jurisdiction.objects.get(code="NY")
    _refused(RegistrationFactory, sro="FINRA", jurisdiction=ny)
    _refused(RegistrationFactory, sro="", jurisdiction=None)
    assert RegistrationFactory(sro="", jurisdiction=ny).regulator_label == "NY"


def test_exam_score_is_a_percentage():
    _refused(ExamResultFactory, score=101)


def test_employer_required_except_for_unemployment():
    _refused(EmploymentHistoryFactory, kind="full_time", employer_name="")
    EmploymentHistoryFactory(kind="unemployed", employer_name="")


def test_date_of_birth_in_the_future_or_absurdly_old_is_invalid():
    with pytest.raises(ValidationError):
        IndividualFactory.build(date_of_birth=dt.date.today() + dt.timedelta(days=1)).full_clean()
    with pytest.raises(ValidationError):
        IndividualFactory.build(date_of_birth=dt.date(1850, 1, 1)).full_clean()


def test_reference_data_is_loaded():
    from crd.models import Exam, RegistrationCategory

    assert RegistrationCategory.objects.get(code="GS").qualifying_exams.filter(code="S7").exists()
    assert Exam.objects.get(code="S66").corequisites.filter(code="S7").exists()
    assert Exam.objects.get(code="SIE").validity_years == 4
    assert Jurisdiction.objects.filter(kind="state").count() == 50
