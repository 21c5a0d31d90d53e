"""`{% journey_steps "profile" %}`: where this page is in the sign-up journey (accounts.choices.SIGNUP_STEPS)."""

from django import template

from accounts.choices import SIGNUP_STEPS

register = template.Library()


@register.inclusion_tag("accounts/_journey_steps.html")
def journey_steps(current: str) -> dict:
    keys = [key for key, _label in SIGNUP_STEPS]
    index = keys.index(current)  # a wrong key is a programming error: fail loudly
    steps = [{"number": n, "label": label, "current": key == current, "done": n - 1 < index}
             for n, (key, label) in enumerate(SIGNUP_STEPS, start=1)]
    return {"steps": steps, "number": index + 1, "total": len(steps), "label": SIGNUP_STEPS[index][1]}
