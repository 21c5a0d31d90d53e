"""The card form. The number is checked (Luhn) and handed to the provider; it is never stored."""

import datetime as dt

from django import forms
from django.utils import timezone

from .providers import Card


def _luhn_ok(number: str) -> bool:
    total, double = 0, False
    for ch in reversed(number):
        d = int(ch) * (2 if double else 1)
        total += d - 9 if d > 9 else d
        double = not double
    return total % 10 == 0


class CardForm(forms.Form):
    name = forms.CharField(label="Name on Card", max_length=100)
    number = forms.CharField(label="Card Number", max_length=23,
                             widget=forms.TextInput(attrs={"autocomplete": "cc-number", "inputmode": "numeric"}))
    exp_month = forms.IntegerField(label="Expiration Month (MM)", min_value=1, max_value=12,
                                   widget=forms.NumberInput(attrs={"autocomplete": "cc-exp-month"}))
    exp_year = forms.IntegerField(label="Expiration Year (YYYY)", min_value=2000, max_value=2100,
                                  widget=forms.NumberInput(attrs={"autocomplete": "cc-exp-year"}))
    cvc = forms.CharField(label="Security Code (CVC)", min_length=3, max_length=4,
                          widget=forms.TextInput(attrs={"autocomplete": "cc-csc", "inputmode": "numeric"}))

    def clean_number(self):
        number = "".join(ch for ch in self.cleaned_data["number"] if not ch.isspace() and ch != "-")
        if not number.isdigit() or not 12 <= len(number) <= 19 or not _luhn_ok(number):
            raise forms.ValidationError("Enter a valid card number.")
        return number

    def clean_cvc(self):
        cvc = self.cleaned_data["cvc"]
        if not cvc.isdigit():
            raise forms.ValidationError("Enter the 3 or 4 digits on your card.")
        return cvc

    def clean(self):
        data = super().clean()
        month, year = data.get("exp_month"), data.get("exp_year")
        if month and year:
            today = timezone.localdate()
            if dt.date(year, month, 1) < today.replace(day=1):
                self.add_error("exp_month", "This card has expired.")
        return data

    def card(self) -> Card:
        d = self.cleaned_data
        return Card(number=d["number"], exp_month=d["exp_month"], exp_year=d["exp_year"], cvc=d["cvc"])
