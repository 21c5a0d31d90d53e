from django import template

register = template.Library()


@register.filter
def dollars(cents) -> str:
    """Integer cents as dollars: 50000 → $500.00, -1800 → −$18.00."""
    cents = int(cents or 0)
    sign = "−" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}${whole:,}.{part:02d}"


@register.filter
def onoff(value) -> str:
    return "On" if value else "Off"


@register.filter
def onoff_badge(value) -> str:
    return "badge-ok" if value else ""


@register.filter
def setting_label(name: str) -> str:
    from firmsettings.services import setting_label as label

    return label(name)


_ATTESTATION_BADGES = {
    "certified": "badge-ok",
    "needs_update": "badge-danger",
    "due_again": "badge-warn",
    "not_attested": "badge-info",
    "off": "",
}


@register.filter
def attestation_label(status: str) -> str:
    from firmsettings.selectors import AttestationStatus

    return AttestationStatus.LABELS.get(status, "")


@register.filter
def attestation_badge(status: str) -> str:
    return _ATTESTATION_BADGES.get(status, "")
