"""Forms of the verification flow (no side effects)."""

from django import forms
from django.core.validators import RegexValidator

from .choices import Method


class OptionsForm(forms.Form):
    method = forms.ChoiceField(
        label="How would you like to verify your identity?", widget=forms.RadioSelect,
        error_messages={"required": "Choose one way to verify your identity."},
    )

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        if options.passcode:
            choices.append((Method.SMS, f"Text a passcode to my personal phone ending in {options.phone_last4}"))
            choices.append((Method.VOICE, f"Call my personal phone ending in {options.phone_last4} with a passcode"))
        if options.questions:
            choices.append((Method.QUESTIONS, "Answer multiple-choice questions about my history"))
        self.fields["method"].choices = choices


class PasscodeForm(forms.Form):
    code = forms.CharField(
        label="Passcode", max_length=6, min_length=6, strip=True,
        validators=[RegexValidator(r"^\d{6}$", "Enter the 6 digits of the passcode.")],
        error_messages={"required": "Enter the 6-digit passcode we sent you.",
                        "min_length": "Enter the 6 digits of the passcode.",
                        "max_length": "Enter the 6 digits of the passcode."},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code",
                                      "pattern": "[0-9]{6}", "maxlength": "6", "class": "passcode-input"}),
        help_text="6 digits, from the latest text or call.",
    )


class QuestionsForm(forms.Form):
    """One radio group per question; the value is the choice's index."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        for i, question in enumerate(questions):
            self.fields[f"q{i}"] = forms.TypedChoiceField(
                label=f"{i + 1}. {question['prompt']}", widget=forms.RadioSelect, coerce=int,
                choices=[(str(j), text) for j, text in enumerate(question["choices"])],
                error_messages={"required": "Choose an answer to this question."},
            )

    def answers(self) -> list[int | None]:
        return [self.cleaned_data.get(name) for name in self.fields]
