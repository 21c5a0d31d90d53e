"""A section page posted back as a browser would (every field with its default), so empty extra
entries of a rows section are skipped, not refused (the DRPs and employment history)."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from u4.choices import Section

pytestmark = pytest.mark.django_db


class _FormFields(HTMLParser):
    """The name/value pairs a browser submits from the page's section form, untouched."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._first_option, self._chosen, self._textarea = [], None, None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("radio", "checkbox"):
                if "checked" in a:
                    self.data.append((a["name"], a.get("value", "on")))
            else:
                self.data.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select, self._first_option, self._chosen = a.get("name"), None, None
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a:
                self._chosen = a.get("value", "")
        elif tag == "textarea":
            self._textarea = [a.get("name"), ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            self.data.append((self._select, self._chosen if self._chosen is not None else self._first_option))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.data.append(tuple(self._textarea))
            self._textarea = None


def _as_browser_would(html: str) -> dict:
    parser = _FormFields()
    parser.feed(html)
    out = {}
    for name, value in parser.data:
        out.setdefault(name, []).append(value)
    return out


@pytest.mark.parametrize("section", [Section.DISCLOSURES, Section.EMPLOYMENT_HISTORY, Section.RESIDENTIAL_HISTORY,
                                     Section.OTHER_NAMES])
def test_saving_a_rows_section_untouched_keeps_it_and_skips_the_empty_entries(client, compliance, firm,
                                                                              complete_draft, section):
    client.force_login(compliance)
    url = reverse("firm:u4_section", kwargs={"crd_number": firm.crd_number, "pk": complete_draft.pk,
                                             "section": section})
    data = _as_browser_would(client.get(url).content.decode())
    data.pop("csrfmiddlewaretoken", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    before = complete_draft.section(section)
    complete_draft.refresh_from_db()
    assert len(complete_draft.section(section).get("rows", [])) == len(before.get("rows", []))
