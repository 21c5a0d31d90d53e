"""`sentence_case`: allauth's Title Case Headings in our style ("Two-Factor Authentication" ->
"Two-factor authentication"); words in capitals (TOTP) and after the first stay as they are
only when they are acronyms."""

import re

from django import template
from django.utils.html import strip_tags

register = template.Library()

# Words that keep their capital wherever they are.
PROPER = {"FinPro", "Google", "CRD", "ID", "TOTP", "MFA", "WebAuthn", "SMS", "FINRA"}


@register.filter
def sentence_case(value: str) -> str:
    text = " ".join(strip_tags(str(value)).split())
    words = re.split(r"(\s+|-)", text)
    out, first = [], True
    for word in words:
        if not word.strip() or word == "-":
            out.append(word)
            continue
        if first:
            out.append(word[:1].upper() + word[1:])
            first = False
        elif word in PROPER or (len(word) > 1 and word.isupper()):
            out.append(word)
        else:
            out.append(word.lower())
    return "".join(out)
