"""SSNs: encrypted at rest, found by blind index, survive key rotation, fail loudly when tampered."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from crd.models import Individual
from crd.ssn import normalize_ssn
from finpro.encryption import DecryptionError
from tests.factories import IndividualFactory

pytestmark = pytest.mark.django_db


def test_database_holds_no_plaintext_ssn():
    person = IndividualFactory(ssn="123-45-6789")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM crd_individual WHERE id = %s", [person.pk])
        row = " ".join(str(v) for v in cursor.fetchone())
        cursor.execute("SELECT * FROM crd_historicalindividual WHERE id = %s", [person.pk])
        history = " ".join(str(v) for r in cursor.fetchall() for v in r)
    assert "123456789" not in row and "123-45-6789" not in row
    assert "123456789" not in history
    assert person.ssn_last4 == "6789"
    assert Individual.objects.get(pk=person.pk).ssn == "123456789"


def test_masked_display():
    assert IndividualFactory(ssn="123 45 6789").masked_ssn == "***-**-6789"
    assert IndividualFactory(ssn=None).masked_ssn == "None on file"


def test_lookup_by_ssn_in_any_usual_format():
    person = IndividualFactory(ssn="123456789")
    assert list(Individual.objects.with_ssn("123-45-6789")) == [person]
    assert list(Individual.objects.with_ssn("123 45 6789")) == [person]
    assert not Individual.objects.with_ssn("123-45-6780").exists()


@pytest.mark.parametrize(
    "bad", ["000-12-3456", "666-12-3456", "900-12-3456", "123-00-4567", "123-45-0000", "12345678", "abc-de-fghi", ""]
)
def test_invalid_ssns_are_refused(bad):
    with pytest.raises(ValidationError):
        normalize_ssn(bad)


def test_rotation_reencrypts_and_lookup_still_works(settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    person = IndividualFactory(ssn="234-56-7890")
    before = person.ssn_ciphertext
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]

    call_command("rotate_field_keys", verbosity=0)

    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key is retired
    person.refresh_from_db()
    assert person.ssn_ciphertext != before
    assert person.ssn == "234567890"
    assert list(Individual.objects.with_ssn("234567890")) == [person]


def test_unknown_key_raises(settings):
    person = IndividualFactory(ssn="234-56-7891")
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(DecryptionError):
        _ = Individual.objects.get(pk=person.pk).ssn


def test_tampered_ciphertext_raises():
    person = IndividualFactory(ssn="234-56-7892")
    token = person.ssn_ciphertext
    tampered = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    Individual.objects.filter(pk=person.pk).update(ssn_ciphertext=tampered)
    with pytest.raises(DecryptionError):
        _ = Individual.objects.get(pk=person.pk).ssn


def test_ciphertext_swapped_between_rows_raises():
    alice = IndividualFactory(ssn="234-56-7893")
    bob = IndividualFactory(ssn="234-56-7894")
    Individual.objects.filter(pk=bob.pk).update(ssn_ciphertext=alice.ssn_ciphertext)
    with pytest.raises(DecryptionError):
        _ = Individual.objects.get(pk=bob.pk).ssn


def test_database_refuses_two_people_with_one_ssn():
    from django.db import IntegrityError

    IndividualFactory(ssn="234-56-7895")
    with pytest.raises(IntegrityError):
        IndividualFactory(ssn="234567895")
