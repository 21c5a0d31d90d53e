"""Forms of the U4 pages other than the sections themselves (those are u4.sections)."""

from django import forms

from crd.choices import AssociationKind

from .choices import REP_EDITABLE_SECTIONS, FilingKind, FilingStatus, Section


class FilingFilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any"), *FilingStatus.choices])
    q = forms.CharField(label="Name or CRD#", required=False, max_length=80)
    kind = forms.ChoiceField(label="Kind", required=False, choices=[("", "Any"), *FilingKind.choices])
    sort = forms.ChoiceField(label="Sort by", required=False,
                             choices=[("", "Last change"), ("due", "Amendment due date")])


class CreateFilingForm(forms.Form):
    PERSON = [("existing", "A person in CRD"), ("new", "A new person (gets a CRD# on submission)")]

    person = forms.ChoiceField(label="Who is this Form U4 for?", choices=PERSON, widget=forms.RadioSelect,
                               initial="existing")
    crd_number = forms.IntegerField(label="Individual CRD#", required=False, min_value=1, max_value=9_999_999)
    ssn = forms.CharField(label="SSN", required=False, max_length=11,
                          help_text="For a person in CRD: their CRD# or SSN. For a new person: their SSN, if any.",
                          widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}))
    first_name = forms.CharField(label="First Name", required=False, max_length=80)
    middle_name = forms.CharField(label="Middle Name", required=False, max_length=80)
    last_name = forms.CharField(label="Last Name", required=False, max_length=80)
    association_kind = forms.ChoiceField(label="Employee or Independent Contractor",
                                         choices=AssociationKind.choices, initial=AssociationKind.EMPLOYEE)

    def clean(self):
        data = super().clean()
        if data.get("person") == "existing" and not data.get("crd_number") and not data.get("ssn"):
            self.add_error("crd_number", "Enter the person's CRD# or SSN.")
        return data


class RepEditsForm(forms.Form):
    sections = forms.MultipleChoiceField(
        label="Sections open to the person", widget=forms.CheckboxSelectMultiple,
        choices=[(s, Section(s).label) for s in REP_EDITABLE_SECTIONS],
        error_messages={"required": "Choose one or more of Sections 1 to 14."})


class SignForm(forms.Form):
    signature_name = forms.CharField(label="Signature (your full legal name)", max_length=200)
    consent = forms.BooleanField(label="I agree to the Section 15A Individual/Applicant's Acknowledgment and Consent",
                                 error_messages={"required": "Check the box to agree to the Section 15A "
                                                             "acknowledgment and consent."})


class AmendmentForm(forms.Form):
    facts_date = forms.DateField(label="Date of the facts", widget=forms.DateInput(attrs={"type": "date"}),
                                 help_text="When the event being reported happened. The amendment is due 30 days "
                                           "after it.")
    statutory_disqualification = forms.BooleanField(
        label="The facts are a statutory disqualification (due in 10 days)", required=False)


class AcknowledgeForm(forms.Form):
    acknowledged = forms.BooleanField(
        label="I have read the amended disclosures and acknowledge them",
        error_messages={"required": "Check the box to acknowledge the amended disclosures."})
