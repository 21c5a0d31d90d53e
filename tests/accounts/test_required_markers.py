"""Create Profile: SSN, CRD# and State show the required asterisk (visual only, aria-hidden)
and carry required/aria-required exactly when the current answers make them required."""

import re

import pytest
from django.urls import reverse

from tests.accounts.conftest import profile_data

pytestmark = pytest.mark.django_db

CREATE = "accounts:create_profile"


def _label_row(page: str, field_id: str) -> tuple[str, str]:
    """The label's own text and what follows it on its row."""
    found = re.search(rf'<label for="{field_id}"[^>]*>(.*?)</label>(.*?)</div>', page, re.S)
    return found.group(1), found.group(2)


def _input(page: str, field_id: str) -> str:
    return re.search(rf'<(?:input|select)[^>]*id="{field_id}"[^>]*>', page).group(0)


def _required(tag: str) -> bool:
    required = re.search(r"\srequired(\s|>|=)", tag) is not None
    assert required == ('aria-required="true"' in tag), tag  # the two always agree
    return required


@pytest.mark.parametrize("field_id", ["id_ssn", "id_crd_number", "id_state"])
def test_conditional_fields_show_an_aria_hidden_asterisk(acknowledged, field_id):
    page = acknowledged.get(reverse(CREATE)).content.decode()
    label, after = _label_row(page, field_id)
    assert label in ("SSN", "CRD#", "State")  # the label reads exactly as the guide words it
    assert re.search(r'<span class="required-mark[^"]*" aria-hidden="true">\*</span>', after), after


def test_fresh_form_requires_ssn_and_state(acknowledged):
    page = acknowledged.get(reverse(CREATE)).content.decode()
    assert _required(_input(page, "id_ssn"))
    assert not _required(_input(page, "id_crd_number"))
    assert _required(_input(page, "id_state"))


def test_answer_no_requires_crd_number_instead(acknowledged):
    page = acknowledged.post(reverse(CREATE), profile_data(has_ssn="no", crd_number="", ssn="")).content.decode()
    assert "Enter your CRD#." in page
    assert _required(_input(page, "id_crd_number"))
    assert not _required(_input(page, "id_ssn"))


def test_state_is_not_required_outside_the_us(acknowledged):
    page = acknowledged.post(reverse(CREATE), profile_data(country="CA", state="")).content.decode()
    assert not _required(_input(page, "id_state"))
    assert 'data-required-when="country:US"' in _input(page, "id_state")


def test_always_required_fields_keep_their_marker(acknowledged):
    page = acknowledged.get(reverse(CREATE)).content.decode()
    assert re.search(r'<label for="id_first_name" class="required"', page)
    assert re.search(r"\srequired\s", _input(page, "id_first_name"))
