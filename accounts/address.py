"""Residential address checks with offline data: `zipcodes` (does the Postal Code exist and
agree with City and State) and `usaddress` (can the street line be read as a street address).

`check_address` returns hard errors (shown next to the fields; nothing is saved: a ZIP that is
malformed or does not exist) and, when the address passes them but cannot be confirmed as
geographically accurate (the ZIP belongs to another city or state, or the street line cannot
be read), what the system expected or read, so the person can use the suggestion, edit the
address, or confirm it as entered (recorded as unconfirmed).
"""

import re
import unicodedata
from dataclasses import dataclass, field

import usaddress
import zipcodes

ZIP_PATTERN = re.compile(r"^(\d{5})(?:-?(\d{4}))?$")

_LABELS = {
    "AddressNumber": "number",
    "StreetNamePreDirectional": "direction",
    "StreetName": "street",
    "StreetNamePostType": "street type",
    "StreetNamePostDirectional": "direction",
    "OccupancyType": "unit type",
    "OccupancyIdentifier": "unit",
    "USPSBoxType": "box type",
    "USPSBoxID": "box",
}


def fold(value: str) -> str:
    """Case- and accent-insensitive form of a name: 'José  Ávila' -> 'jose avila'."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    letters = re.sub(r"[^\w\s]", "", stripped.casefold())
    return " ".join(letters.split())


@dataclass
class AddressCheck:
    errors: dict[str, str] = field(default_factory=dict)
    confirmed: bool = False
    found: list[tuple[str, str]] = field(default_factory=list)
    reason: str = ""
    postal_code: str = ""
    # What the ZIP says, when City or State disagree with it: {"city": "Amherst", "state": "MA"}.
    suggestion: dict[str, str] | None = None


def _street_line(line1: str) -> tuple[bool, list[tuple[str, str]]]:
    try:
        parts, kind = usaddress.tag(line1)
    except usaddress.RepeatedLabelError:
        return False, []
    found = [(_LABELS[k], v) for k, v in parts.items() if k in _LABELS]
    ok = kind == "Street Address" and "AddressNumber" in parts and "StreetName" in parts
    return ok, found


def check_address(*, line1: str, city: str, state: str, postal_code: str, country: str) -> AddressCheck:
    result = AddressCheck(postal_code=(postal_code or "").strip())
    if country != "US":
        result.reason = "We cannot confirm addresses outside the United States automatically."
        result.found = [("street line", line1), ("city", city), ("postal code", postal_code)]
        return result
    match = ZIP_PATTERN.match(result.postal_code)
    if not match:
        result.errors["postal_code"] = "Enter a 5-digit ZIP code, like 10118, or ZIP+4, like 10118-0110."
        return result
    zip5, plus4 = match.groups()
    result.postal_code = f"{zip5}-{plus4}" if plus4 else zip5
    known = zipcodes.matching(zip5)
    if not known:
        result.errors["postal_code"] = f"We cannot find the Postal Code {zip5}. Check the number."
        return result
    entry = known[0]
    cities = {fold(entry["city"]), *(fold(c) for c in entry.get("acceptable_cities", []))}
    if (state and entry["state"] != state) or fold(city) not in cities:
        expected_city = entry["city"].title()
        result.suggestion = {"city": expected_city, "state": entry["state"]}
        result.found = [("postal code", zip5), ("city you entered", city), ("state you entered", state),
                        ("the postal code belongs to", f"{expected_city}, {entry['state']}")]
        result.reason = (f"We could not confirm the City and State you entered: {zip5} is {expected_city}, "
                         f"{entry['state']}.")
        return result
    ok, found = _street_line(line1)
    result.found = found
    if not ok:
        result.reason = "We could not read the Residential Address Line 1 as a street address."
        return result
    result.confirmed = True
    return result
