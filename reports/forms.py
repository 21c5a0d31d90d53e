"""Forms of the reports pages: a template's filters (typed, so nonsense is a form error, never a
500), the file format, and optionally saving the report with a schedule."""

from django import forms

from crd.choices import AssociationKind

from . import catalog
from .choices import FileFormat, Frequency

ASSOCIATION_CHOICES = [("", "Any"), (AssociationKind.EMPLOYEE, "Employee"),
                       (AssociationKind.INDEPENDENT_CONTRACTOR, "Independent contractor")]
MAX_RANGE_DAYS = 366 * 10


class ReportFilterForm(forms.Form):
    """The filters of one template. `filters()` is the JSON kept on the run; `typed()` what the
    template's query takes. A template without a date range has no date fields."""

    date_from = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    association_type = forms.ChoiceField(label="Association type", choices=ASSOCIATION_CHOICES, required=False)
    status = forms.ChoiceField(label="Status", required=False)

    def __init__(self, *args, template: catalog.ReportTemplate, **kwargs):
        super().__init__(*args, **kwargs)
        self.template = template
        self.fields["status"].choices = [("", "Any"), *catalog.status_choices(template)]
        if template.date_label is None:
            del self.fields["date_from"], self.fields["date_to"]
        else:
            self.fields["date_from"].label = f"{template.date_label} from"
            self.fields["date_to"].label = f"{template.date_label} to"

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            if start > end:
                self.add_error("date_to", "The end date is before the start date.")
            elif (end - start).days > MAX_RANGE_DAYS:
                self.add_error("date_to", "Choose a range of ten years or less.")
        return data

    def filters(self) -> dict:
        data = self.cleaned_data
        found = {"association_type": data.get("association_type") or "", "status": data.get("status") or ""}
        for name in ("date_from", "date_to"):
            if data.get(name):
                found[name] = data[name].isoformat()
        return {k: v for k, v in found.items() if v}

    def typed(self) -> catalog.Filters:
        data = self.cleaned_data
        return catalog.Filters(date_from=data.get("date_from"), date_to=data.get("date_to"),
                               association_type=data.get("association_type") or "", status=data.get("status") or "")


class RunForm(ReportFilterForm):
    """The report page's form: filters, file format and "save this report"."""

    file_format = forms.ChoiceField(label="File format", choices=FileFormat.choices, initial=FileFormat.CSV)
    save = forms.BooleanField(label="Save this report with these filters", required=False)
    name = forms.CharField(label="Report name", max_length=120, required=False)
    frequency = forms.ChoiceField(label="Run it on a schedule", choices=Frequency.choices, required=False,
                                  help_text="A scheduled report runs early in the morning, Eastern time; "
                                            "you get an email with a link when it is ready.")

    def clean(self):
        data = super().clean()
        if data.get("save") and not (data.get("name") or "").strip():
            self.add_error("name", "Give the saved report a name.")
        if data.get("frequency") and not data.get("save"):
            self.add_error("save", "A scheduled report is a saved one: tick this to schedule it.")
        return data
