"""Forms of continuing education, without side effects."""

from django import forms

from crd.choices import AssociationKind

from .choices import PlanStatus


class FirmCEFilterForm(forms.Form):
    q = forms.CharField(label="Search by name or CRD#", required=False, max_length=80)
    status = forms.ChoiceField(
        label="CE status", required=False,
        choices=[("", "Any status"), *PlanStatus.choices, ("none", "No plan")])
    kind = forms.ChoiceField(label="Association type", required=False,
                             choices=[("", "Employees and contractors"), *AssociationKind.choices])
    overdue = forms.BooleanField(label="Only overdue", required=False)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"q": data["q"], "status": data["status"], "kind": data["kind"], "overdue": data["overdue"]}


def answers_from(post) -> dict[int, str]:
    """The knowledge-check answers posted as q<question id>=<option id>."""
    answers = {}
    for key, value in post.items():
        if key.startswith("q") and key[1:].isdigit():
            answers[int(key[1:])] = value
    return answers
