"""import_crd: CSV and JSON import, every kind of bad row reported, all or nothing, no SSN shown."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crd import importing
from crd import models as crd
from crd.choices import AssociationKind, RegistrationStatus
from tests.factories import FirmFactory, IndividualFactory

from .conftest import row_counts

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
CSV_HEADER = ("crd_number,first_name,middle_name,last_name,suffix,ssn,has_no_ssn,date_of_birth,address_line1,"
              "address_line2,city,state,postal_code,country,firm_crd_number,association_kind,association_start_date,"
              "registrations,registration_status,exams")
GOOD_ROW = ("7300501,Harley,,Quist,,123-47-0501,,04/17/1989,48 Juniper Lane,,Stamford,CT,06901,US,104001,employee,"
            "03/01/2021,GS:FINRA;AG:CT,,SIE:2020-09-14;S7:01/20/2021")


@pytest.fixture
def firms(db):
    return FirmFactory(crd_number=104001, name="Summit Ridge Securities"), \
        FirmFactory(crd_number=104002, name="Harbor Point Advisors", kind="BD_IA")


def run_import(path, *args):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_crd", str(path), *args, stdout=out, stderr=err)
    except CommandError as exc:
        return False, out.getvalue(), err.getvalue() + str(exc)
    return True, out.getvalue(), err.getvalue()


def write_csv(tmp_path, *rows, header=CSV_HEADER):
    path = tmp_path / "people.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def write_json(tmp_path, individuals):
    path = tmp_path / "people.json"
    path.write_text(json.dumps({"individuals": individuals}), encoding="utf-8")
    return path


def good_person(**changes):
    person = {"crd_number": 7300601, "first_name": "Rowan", "last_name": "Teague", "ssn": "123-47-0601",
              "date_of_birth": "1990-01-31", "address_line1": "5 Meadow Road", "city": "Austin", "state": "TX",
              "postal_code": "78701",
              "associations": [{"firm_crd_number": 104001, "start_date": "2022-01-10"}],
              "registrations": [{"category": "GS", "sro": "FINRA"}]}
    person.update(changes)
    return person


def test_csv_sample_imports_people_and_records(firms):
    ok, out, err = run_import(FIXTURES / "individuals.csv")
    assert ok, err
    assert "Imported: 3 individual(s)" in out
    riley = crd.Individual.objects.get(crd_number=7300001)
    assert crd.Individual.objects.with_ssn("123470001").get() == riley
    assert riley.masked_ssn == "***-**-0001"
    assert riley.date_of_birth.isoformat() == "1989-04-17"
    regs = {(r.category.code, r.sro or r.jurisdiction.code, r.status) for r in riley.registrations.all()}
    assert regs == {("GS", "FINRA", "approved"), ("AG", "CT", "approved"), ("AG", "NY", "approved")}
    assert riley.registrations.first().status_date.isoformat() == "2021-03-01"
    assert {e.exam.code for e in riley.exam_results.all()} == {"SIE", "S7", "S63"}
    jules = crd.Individual.objects.get(crd_number=7300002)
    assert jules.suffix == "Jr." and jules.address_line2 == "Unit 4"
    assert jules.associations.get().kind == AssociationKind.INDEPENDENT_CONTRACTOR
    assert jules.registrations.get(category__code="RA").jurisdiction.code == "MA"
    tamsin = crd.Individual.objects.get(crd_number=7300003)
    assert tamsin.has_no_ssn and tamsin.ssn_index is None and not tamsin.associations.exists()
    assert riley.history.count() == 1  # change history written with the import


def test_json_sample_imports_nested_records(firms):
    ok, out, err = run_import(FIXTURES / "individuals.json")
    assert ok, err
    imogen = crd.Individual.objects.get(crd_number=7300101)
    assert imogen.associations.count() == 2
    assert imogen.associations.get(end_date__isnull=False).kind == AssociationKind.INDEPENDENT_CONTRACTOR
    old = imogen.registrations.get(firm__crd_number=104002)
    assert old.status == RegistrationStatus.TERMINATED and old.terminated_on.isoformat() == "2020-01-24"
    assert imogen.registrations.get(category__code="AG").jurisdiction.code == "NJ"
    assert imogen.exam_results.filter(outcome="failed", exam__code="S7").count() == 1
    assert imogen.employment_history.count() == 3 and imogen.residence_history.count() == 2
    assert imogen.disclosures.get().status == "denied"
    ezra = crd.Individual.objects.get(crd_number=7300102)
    assert ezra.has_no_ssn
    assert ezra.registrations.get().status == RegistrationStatus.PENDING
    assert ezra.employment_history.filter(kind="unemployed", employer_name="").exists()
    assert "with 3 associations" in out


def test_dry_run_writes_nothing(firms):
    before = row_counts()
    ok, out, _ = run_import(FIXTURES / "individuals.json", "--dry-run")
    assert ok and "dry run" in out
    assert row_counts() == before


CSV_CASES = [
    # (replace field -> value in GOOD_ROW, expected field, expected words)
    ({"ssn": "666-12-3456"}, "ssn", "Not a valid US Social Security number"),
    ({"ssn": "12345"}, "ssn", "Not a valid US Social Security number"),
    ({"ssn": ""}, "ssn", "set has_no_ssn to yes"),
    ({"has_no_ssn": "yes"}, "has_no_ssn", "when an SSN is given"),
    ({"date_of_birth": "13/45/1990"}, "date_of_birth", "MM/DD/YYYY or YYYY-MM-DD"),
    ({"date_of_birth": "2999-01-01"}, "date_of_birth", "cannot be in the future"),
    ({"crd_number": "12ab"}, "crd_number", "digits only"),
    ({"crd_number": "12345678"}, "crd_number", "between 1 and 9,999,999"),
    ({"first_name": ""}, "first_name", "required"),
    ({"suffix": "Esq."}, "suffix", "not one of"),
    ({"state": "ZZ"}, "state", "not a US state"),
    ({"postal_code": "2108"}, "postal_code", "ZIP"),
    ({"firm_crd_number": "999999"}, "firm_crd_number", "No firm with CRD# 999999"),
    ({"association_kind": "partner"}, "association_kind", "not one of"),
    ({"association_start_date": ""}, "association_start_date", "required"),
    ({"registrations": "XX:FINRA"}, "registrations (entry 1)", "Unknown registration category 'XX'"),
    ({"registrations": "GS:FINRA;AG:FINRA"}, "registrations (entry 2)", "state registration"),
    ({"registrations": "GS:QQ"}, "registrations (entry 1)", "Unknown jurisdiction 'QQ'"),
    ({"registration_status": "lapsed"}, "registration_status", "not one of"),
    ({"exams": "S1000:2020-01-01"}, "exams (entry 1)", "Unknown exam code 'S1000'"),
    ({"exams": "S7:yesterday"}, "exams (entry 1)", "MM/DD/YYYY"),
]


def _row(**changes):
    values = dict(zip(CSV_HEADER.split(","), GOOD_ROW.split(","), strict=True))
    values.update(changes)
    return ",".join(values.values())


@pytest.mark.parametrize(("changes", "field", "words"), CSV_CASES)
def test_each_bad_csv_value_is_reported_with_row_and_field(firms, tmp_path, changes, field, words):
    path = write_csv(tmp_path, _row(crd_number="7300500", ssn="123-47-0500"), _row(**changes))
    with pytest.raises(importing.ImportRejected) as rejected:
        importing.import_file(path=path)
    assert [(e.row, e.field) for e in rejected.value.errors] == [(3, field)], rejected.value.errors
    assert words in rejected.value.errors[0].message
    assert not crd.Individual.objects.exists()


def test_duplicates_in_the_file_and_in_crd_are_reported(firms, tmp_path):
    IndividualFactory(crd_number=7300700, ssn="123-47-0701")
    path = write_csv(
        tmp_path,
        _row(),
        _row(first_name="Again"),  # same CRD# and SSN as the row above
        _row(crd_number="7300700", ssn="123-47-0703"),  # CRD# already in CRD
        _row(crd_number="7300704", ssn="123470701"),  # SSN already in CRD
    )
    with pytest.raises(importing.ImportRejected) as rejected:
        importing.import_file(path=path)
    got = [(e.row, e.field, e.message) for e in rejected.value.errors]
    assert (3, "crd_number", "CRD# 7300501 is also in row 2.") in got
    assert (3, "ssn", "The same SSN (***-**-0501) is also in row 2.") in got
    assert (4, "crd_number", "CRD# 7300700 is already in CRD.") in got
    assert (5, "ssn", "An individual with this SSN (***-**-0701) is already in CRD (CRD# 7300700).") in got
    assert len(got) == 4


def test_unknown_and_missing_columns_reject_the_file(firms, tmp_path):
    path = write_csv(tmp_path, "1,2", header="crd_number,social")
    with pytest.raises(importing.ImportRejected) as rejected:
        importing.import_file(path=path)
    got = {(e.row, e.field, e.message) for e in rejected.value.errors}
    assert (1, "social", "Unknown column.") in got
    assert (1, "first_name", "Required column is missing.") in got


JSON_CASES = [
    ({"associations": [{"firm_crd_number": 104001, "start_date": "2022-01-10", "end_date": "2021-01-01"}]},
     "associations[1].end_date", "Cannot be before start_date"),
    ({"employment": [{"kind": "full_time", "start_date": "2015-01-01"}]},
     "employment[1].employer_name", "Required unless the entry is unemployment"),
    ({"employment": [{"kind": "sabbatical", "employer_name": "X", "start_date": "2015-01-01"}]},
     "employment[1].kind", "not one of"),
    ({"residences": [{"address_line1": "1 A St", "city": "Austin", "postal_code": "78701", "from_date": "2020-01-01",
                      "state": "TX", "to_date": "2019-01-01"}]}, "residences[1].to_date", "Cannot be before"),
    ({"disclosures": [{"kind": "criminal", "event_date": "2020-01-01"}]}, "disclosures[1].summary", "required"),
    ({"exams": [{"exam": "S7", "taken_on": "2020-01-01", "score": 140}]}, "exams[1].score", "between 0 and 100"),
    ({"registrations": [{"category": "GS", "sro": "FINRA", "jurisdiction": "NY"}]},
     "registrations[1].sro", "not both"),
    ({"registrations": [{"category": "GS"}]}, "registrations[1].regulator", "Give the SRO"),
    ({"registrations": [{"category": "GS", "sro": "FINRA", "firm_crd_number": 104002}]},
     "registrations[1].status_date", "Required"),
    ({"nickname": "Ro"}, "nickname", "Unknown field"),
    ({"ssn": None}, "ssn", "has_no_ssn"),
]


@pytest.mark.parametrize(("changes", "field", "words"), JSON_CASES)
def test_each_bad_json_value_is_reported(firms, tmp_path, changes, field, words):
    path = write_json(tmp_path, [good_person(crd_number=7300600, ssn="123-47-0600"), good_person(**changes)])
    with pytest.raises(importing.ImportRejected) as rejected:
        importing.import_file(path=path)
    assert [(e.row, e.field) for e in rejected.value.errors] == [(2, field)], rejected.value.errors
    assert words in rejected.value.errors[0].message


@pytest.mark.parametrize(("name", "content", "words"), [
    ("people.json", "{not json", "Not valid JSON"),
    ("people.json", '{"people": []}', "Expected a list"),
    ("people.json", "[]", "no individuals"),
    ("people.xlsx", "", "must end in .csv or .json"),
])
def test_unreadable_files_are_rejected(db, tmp_path, name, content, words):
    path = tmp_path / name
    path.write_text(content)
    ok, _out, err = run_import(path)
    assert not ok and words in err


def test_one_bad_row_rejects_the_whole_file_and_nothing_is_written(firms, tmp_path):
    before = row_counts()
    path = write_json(tmp_path, [good_person(crd_number=7300800 + n, ssn=f"123-47-08{n:02d}") for n in range(1, 6)]
                      + [good_person(crd_number=7300899, ssn="123-47-0899", date_of_birth="02/30/1990")])
    ok, _out, err = run_import(path)
    assert not ok
    assert "Rejected" in err and "Nothing was imported" in err and "row 6" not in err
    assert "    6  date_of_birth" in err
    assert row_counts() == before


def test_a_failure_while_writing_rolls_back_everything(firms, tmp_path, monkeypatch):
    """The write is one transaction: if the last insert fails, the people inserted before it go too."""
    real = importing.bulk_create_with_history

    def failing(objs, model, **kwargs):
        if model is crd.Registration:
            raise RuntimeError("disk full")
        return real(objs, model, **kwargs)

    monkeypatch.setattr(importing, "bulk_create_with_history", failing)
    before = row_counts()
    with pytest.raises(RuntimeError):
        importing.import_file(path=write_json(tmp_path, [good_person()]))
    assert row_counts() == before


def test_output_never_shows_an_ssn(firms, tmp_path):
    IndividualFactory(crd_number=7300900, ssn="123-47-0901")
    path = write_csv(tmp_path, _row(ssn="666-12-3456"), _row(crd_number="7300902", ssn="123-47-0901"),
                     _row(crd_number="7300903", ssn="123-47-0903", registrations="GS:123-47-0903"))
    ok, out, err = run_import(path)
    assert not ok
    text = out + err
    for digits in ("666123456", "123470901", "123470903"):
        for shown in (digits, f"{digits[:3]}-{digits[3:5]}-{digits[5:]}", f"{digits[:3]} {digits[3:5]} {digits[5:]}"):
            assert shown not in text
    assert "***-**-0901" in text
    ok, out, err = run_import(FIXTURES / "individuals.csv")
    assert ok and "0001" not in out + err


def test_validation_queries_do_not_grow_with_rows(firms, tmp_path):
    def queries_for(count):
        people = [good_person(crd_number=7301000 + n, ssn=f"123-48-{n + 1:04d}") for n in range(count)]
        records = importing.read_records(write_json(tmp_path, people))
        with CaptureQueriesContext(connection) as ctx:
            planned, errors = importing.validate_records(records)
        assert len(planned) == count and not errors
        return len(ctx.captured_queries)

    assert queries_for(3) == queries_for(60)


def test_command_exits_non_zero_on_rejection(db, tmp_path):
    """Run the real command line against the test database: exit code 1, SSN masked."""
    path = write_csv(tmp_path, _row(ssn="123-47-0555", firm_crd_number="", association_start_date="",
                                    association_kind="", registrations="", date_of_birth="not a date"))
    db_settings = connection.settings_dict
    url = (f"postgres://{db_settings['USER']}@{db_settings['HOST']}:{db_settings['PORT']}/{db_settings['NAME']}"
           if connection.vendor == "postgresql" else f"sqlite:///{db_settings['NAME']}")
    env = {**os.environ, "DATABASE_URL": url, "FINPRO_TESTING": "1", "DJANGO_SETTINGS_MODULE": "finpro.settings"}
    result = subprocess.run([sys.executable, str(settings.BASE_DIR / "manage.py"), "import_crd", str(path)],
                            capture_output=True, text=True, env=env, timeout=120, check=False)
    assert result.returncode == 1, result.stderr
    assert "date_of_birth" in result.stderr and "Nothing was imported" in result.stderr
    assert "123-47-0555" not in result.stdout + result.stderr


def test_csv_cells_may_hold_quoted_commas_and_line_breaks(firms, tmp_path):
    row = _row(address_line1='"48 Juniper Lane, Building C"', address_line2='"Attn: Harley\nSuite 2"')
    ok, _out, err = run_import(write_csv(tmp_path, row))
    assert ok, err
    person = crd.Individual.objects.get(crd_number=7300501)
    assert (person.address_line1, person.address_line2) == ("48 Juniper Lane, Building C", "Attn: Harley\nSuite 2")
