"""The completeness check (required items, history coverage, DRPs, exam requests) and the
advisory sensitive-data warnings."""

import datetime as dt

import pytest

from u4.checks import filing_check, history_gaps, luhn_valid, text_warnings
from u4.choices import Section

from .conftest import complete_content, save_all, years_ago

pytestmark = pytest.mark.django_db


def _check(draft, compliance, **changes):
    content = complete_content()
    content.update(changes)
    return filing_check(filing=save_all(draft, compliance, content))


def test_a_complete_filing_has_nothing_missing(draft, compliance):
    check = _check(draft, compliance)
    assert check.missing == [] and check.progress == 15 and check.warnings == []


def test_an_empty_draft_lists_every_section_but_the_prefilled_valid_ones(firm, compliance):
    from u4 import services

    filing = services.filing_create(firm=firm, user=compliance, first_name="Nova", last_name="Hire")
    check = filing_check(filing=filing)
    assert check.progress == 0
    assert "1 General Information has required items missing or invalid." in [i.message for i in check.missing]
    assert "2 Fingerprint Information not filled in." in [i.message for i in check.missing]


def test_residential_history_must_cover_five_years(draft, compliance):
    rows = complete_content()[Section.RESIDENTIAL_HISTORY]["rows"]
    check = _check(draft, compliance, residential_history={"rows": [{**rows[0], "from_date": years_ago(3)}]})
    [issue] = [i for i in check.missing if i.section == Section.RESIDENTIAL_HISTORY]
    assert issue.message.startswith("No address from ") and "cover the last 5 years" in issue.message
    assert Section.RESIDENTIAL_HISTORY not in check.complete_sections


def test_employment_gaps_longer_than_the_setting_are_missing(draft, compliance, settings):
    rows = complete_content()[Section.EMPLOYMENT_HISTORY]["rows"]
    # Education ends 4 years ago on the 1st; the job starts 60 days later.
    start = dt.date.fromisoformat(rows[1]["from_date"]) + dt.timedelta(days=60)
    gapped = {"rows": [rows[0], {**rows[1], "from_date": start.isoformat()}]}
    settings.U4_HISTORY_MAX_GAP_DAYS = 90
    assert _check(draft, compliance, employment_history=gapped).is_complete
    settings.U4_HISTORY_MAX_GAP_DAYS = 31
    draft.refresh_from_db()
    messages = [i.message for i in filing_check(filing=draft).missing]
    assert len(messages) == 1 and "(60 days)" in messages[0] and "10 years" in messages[0]


def test_history_gaps_counts_overlaps_as_covered():
    today = dt.date(2026, 6, 1)
    rows = [{"from_date": "2020-01-01", "to_date": "2023-01-01"}, {"from_date": "2022-06-01", "to_date": None}]
    assert history_gaps(rows, start=dt.date(2021, 6, 1), today=today, max_gap=31) == []
    assert history_gaps(rows[1:], start=dt.date(2021, 6, 1), today=today, max_gap=31) == [
        (dt.date(2021, 6, 1), dt.date(2022, 6, 1))]


def test_each_yes_needs_a_drp_and_a_drp_needs_a_yes(draft, compliance):
    disclosures = {**complete_content()[Section.DISCLOSURES], "q14K": "yes"}
    disclosures["rows"] = [*disclosures["rows"], {"question": "14B", "event_date": "2019-01-02", "summary": "x"}]
    messages = [i.message for i in _check(draft, compliance, disclosures=disclosures).missing]
    assert any(m.startswith("14K Financial") and "add a Disclosure Reporting Page" in m for m in messages)
    assert any(m.startswith("14B Investment-related misdemeanor") and "answered No" in m for m in messages)


def test_exam_requests_must_fit_the_requested_registrations(draft, compliance):
    check = _check(draft, compliance, exam_requests={"exams": ["S7", "S27"]})
    assert [i.message for i in check.missing] == [
        "S27 does not qualify any registration requested in Sections 4 and 5."]
    # S66 is a qualifying exam of RA (a state category) and S7 its co-requisite.
    draft.refresh_from_db()
    check = _check(draft, compliance, jurisdictions={"jurisdictions": ["NY"], "state_categories": ["RA"]},
                   sro_registrations={"categories": []}, exam_requests={"exams": ["S66", "S7"]})
    assert check.is_complete


def test_sensitive_data_in_free_text_is_warned_about_but_not_blocking(draft, compliance):
    check = _check(draft, compliance, other_business={
        "answer": "yes", "description": "Tax prep; client 123-45-6789 born 4/12/1985 paid with 4111 1111 1111 1111"})
    assert check.is_complete
    messages = [i.message for i in check.warnings]
    assert any("Other Business Description contains what looks like a Social Security number" in m for m in messages)
    assert any("card number" in m for m in messages) and any("date of birth" in m for m in messages)


@pytest.mark.parametrize(("text", "found"), [
    ("card 4111111111111111", ["what looks like a card number"]),
    ("card 4111111111111112", ["what looks like an account number"]),
    ("acct 00123456789", ["what looks like an account number"]),
    ("SSN 123 45 6789", ["what looks like a Social Security number"]),
    ("born 12/31/1990", ["a date that may be a date of birth"]),
    ("Series 7 since 2019, office 212-555-0100", []),
])
def test_text_warnings(text, found):
    assert text_warnings(text) == found


def test_luhn():
    assert luhn_valid("79927398713") and not luhn_valid("79927398710")
