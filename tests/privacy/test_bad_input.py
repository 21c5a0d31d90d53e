"""Bad input gets a clear refusal: methods a page does not take are 405, an invalid roster
filter shows its error (never "everyone"), CSV cells cannot start a formula, and import_crd
rejects hostile JSON with its normal report."""

import csv
import io

import pytest
from django.urls import reverse

from crd import importing
from firmsettings.choices import MembershipRole
from tests import factories
from tests.data.test_import_crd import good_person, run_import, write_json
from tests.firmsettings.test_permissions import FIRM_SCOPED
from tests.firmsettings.test_roster import _person
from tests.privacy.test_cache_control import _concrete, _paths

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db, firm):
    rep = factories.VerifiedRepFactory()
    factories.FirmMembershipFactory(firm=firm, user=rep, role=MembershipRole.ADMIN)
    return rep


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_every_url_refuses_put_patch_delete(client, member, firm, method):
    client.force_login(member)
    pk = member.firm_memberships.get().pk
    wrong = []
    for route in _paths():
        url = _concrete(route, {"crd": firm.crd_number, "pk": pk})
        response = getattr(client, method)(url)
        if response.status_code != 405:
            wrong.append(f"{url}: {response.status_code}")
    assert not wrong, "\n".join(wrong)


# Pages whose URL needs only the firm's CRD# and that take no form (object pages are covered in
# tests/firmsettings/test_permissions.py).
READ_ONLY_FIRM_PAGES = sorted(name for name, (_role, extra) in FIRM_SCOPED.items() if extra is None and name not in {
    "settings_group", "invite", "member_role", "member_remove", "invitation_revoke", "u4_create",
    "api_keys", "api_webhooks", "u5_create"})  # forms: creating a key, an endpoint, choosing a person


@pytest.mark.parametrize("role", [MembershipRole.VIEWER, MembershipRole.ADMIN])
@pytest.mark.parametrize("name", READ_ONLY_FIRM_PAGES)
def test_a_post_to_a_page_that_only_shows_is_405(client, firm, role, name):
    user = factories.UserFactory()
    factories.FirmMembershipFactory(firm=firm, user=user, role=role)
    client.force_login(user)
    url = reverse(f"firm:{name}", kwargs={"crd_number": firm.crd_number})
    if role == MembershipRole.VIEWER and FIRM_SCOPED[name][0] != MembershipRole.VIEWER:
        assert client.post(url).status_code == 403  # the role is refused before the method
    else:
        response = client.post(url)
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("url", ["/record/", "/record/registrations/", "/record/download/my-crd-record.pdf",
                                 "/record/deadlines.ics", "/record/attestation/"])
def test_a_post_to_a_record_page_is_405(rep_client, url):
    assert rep_client.post(url).status_code == 405


def test_an_invalid_roster_filter_lists_nobody_and_says_why(client, member, firm):
    _person(firm, last_name="Archer")
    client.force_login(member)
    url = reverse("firm:roster", kwargs={"crd_number": firm.crd_number})
    response = client.get(url, {"kind": "pirate"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Select a valid choice. pirate is not one of the available choices." in page
    assert "The filter is not valid, so nobody is listed." in page
    assert "Archer" not in page
    assert "Archer" in client.get(url, {"kind": ""}).content.decode()  # a valid (empty) filter lists everyone

    csv_response = client.get(reverse("firm:roster_csv", kwargs={"crd_number": firm.crd_number}), {"kind": "pirate"})
    assert csv_response.status_code == 400
    body = csv_response.content.decode()
    assert "Employee or contractor: Select a valid choice." in body and "Archer" not in body


@pytest.mark.parametrize("name", ["=1+1", "  =HYPERLINK(\"http://x\")", "\t=1+1", "\n=cmd|' /C calc'!A0",
                                  "|calc", "  @SUM(A1)", "+1", "-1"])
def test_csv_cells_cannot_start_a_formula(client, member, firm, name):
    _person(firm, first_name=name, last_name="Baker")
    client.force_login(member)
    response = client.get(reverse("firm:roster_csv", kwargs={"crd_number": firm.crd_number}))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[1][2] == "'" + name


def test_plain_names_are_left_as_they_are(client, member, firm):
    _person(firm, first_name="Ann-Marie", last_name="O'Neil")
    client.force_login(member)
    response = client.get(reverse("firm:roster_csv", kwargs={"crd_number": firm.crd_number}))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[1][1:3] == ["O'Neil", "Ann-Marie"]


@pytest.mark.parametrize("depth", [20, 100_000])
def test_import_rejects_deeply_nested_json_with_its_report(tmp_path, depth):
    path = tmp_path / "people.json"
    path.write_text("[" * depth + "]" * depth, encoding="utf-8")
    ok, _out, err = run_import(path)
    assert not ok
    assert "nested more than 8 levels deep" in err and "Nothing was imported." in err


def test_import_rejects_an_oversized_file_before_reading_it(tmp_path, monkeypatch):
    path = write_json(tmp_path, [good_person()])
    monkeypatch.setattr(importing, "MAX_FILE_BYTES", 100)  # the limit itself, as a smaller number
    ok, _out, err = run_import(path)
    assert not ok and "the limit is 100" in err and "Split it into smaller files." in err


def test_a_normal_json_file_still_imports(tmp_path, firms):
    ok, out, err = run_import(write_json(tmp_path, [good_person()]))
    assert ok, err
    assert "Imported: 1 individual(s)" in out


@pytest.fixture
def firms(db):
    return factories.FirmFactory(crd_number=104001, name="Summit Ridge Securities"), \
        factories.FirmFactory(crd_number=104002, name="Harbor Point Advisors", kind="BD_IA")
