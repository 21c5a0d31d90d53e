"""The reminder preferences form of My Account."""

from django import forms

from .choices import MAX_EXTRA_REMINDER_DAYS, OPTIONAL_KINDS, PreferredChannel


def _days(text: str) -> list[int]:
    found = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or not 1 <= int(part) <= 120:
            raise forms.ValidationError("Enter whole numbers of days from 1 to 120, separated by commas.")
        found.append(int(part))
    if len(set(found)) > MAX_EXTRA_REMINDER_DAYS:
        raise forms.ValidationError(f"Choose at most {MAX_EXTRA_REMINDER_DAYS} extra reminder days.")
    return sorted(set(found), reverse=True)


class ReminderPreferencesForm(forms.Form):
    """One channel choice and one "extra reminder days" field per optional kind."""

    def __init__(self, *args, preferences: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = []
        for kind, label in OPTIONAL_KINDS.items():
            pref = preferences[kind]
            self.fields[f"{kind}-channel"] = forms.ChoiceField(
                label=f"{label}: send by", choices=PreferredChannel.choices, initial=pref.channel)
            self.fields[f"{kind}-days"] = forms.CharField(
                label=f"{label}: extra reminder days", required=False, max_length=60,
                initial=", ".join(str(d) for d in pref.extra_days),
                help_text="Days before the due date, such as 45, 10. Leave empty for none.")
            self.kinds.append((label, self[f"{kind}-channel"], self[f"{kind}-days"]))

    def clean(self):
        data = super().clean()
        for kind in OPTIONAL_KINDS:
            name = f"{kind}-days"
            if name in data:
                try:
                    data[name] = _days(data[name] or "")
                except forms.ValidationError as exc:
                    self.add_error(name, exc)
        return data

    def choices(self) -> dict:
        return {kind: (self.cleaned_data[f"{kind}-channel"], self.cleaned_data[f"{kind}-days"])
                for kind in OPTIONAL_KINDS}
