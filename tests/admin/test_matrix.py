"""The permission matrix over Django admin: every registered model × {Support agent, Support
admin, superuser} × {list, view, add, change, delete, each custom action and custom page}.
The model list, their actions and their extra admin URLs come from `admin.site._registry`,
so a new model, action or admin page fails `test_every_admin_model_action_and_page_is_in_the_matrix`
until it is listed here with who may use it.

Letters: l = changelist, v = change page opens (read-only or not), a = add, c = change (the
change page offers Save), d = delete."""

import factory
import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.sites.models import Site
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

from finpro.support_groups import ADMIN, AGENT
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = ("agent", "support_admin", "superuser")
NONE = {"agent": "", "support_admin": "", "superuser": "lvacd"}  # superusers only
READ = {"agent": "lv", "support_admin": "lv", "superuser": "lv"}  # read-only for everyone
CRD_ROW = {"agent": "lv", "support_admin": "lvac", "superuser": "lvacd"}
REFERENCE = {"agent": "lv", "support_admin": "lvacd", "superuser": "lvacd"}
CE_CONTENT = {"agent": "lv", "support_admin": "lvac", "superuser": "lvacd"}
READ_SUPER_CHANGE = {"agent": "lv", "support_admin": "lv", "superuser": "lvc"}  # every field read-only
SUPPORT = set(ROLES)
SUPER = {"superuser"}
DESK_ADMIN = {"support_admin", "superuser"}

# model label -> (letters per role, {custom action: roles allowed}, {custom admin page: roles allowed})
MATRIX = {
    "auth.Group": (NONE, {}, {}),
    "sites.Site": (NONE, {}, {}),
    "account.EmailAddress": (NONE, {"make_verified": SUPER}, {}),
    "socialaccount.SocialApp": (NONE, {}, {}),
    "socialaccount.SocialToken": (NONE, {}, {}),
    "socialaccount.SocialAccount": (NONE, {}, {}),
    "mfa.Authenticator": (NONE, {}, {}),
    "django_celery_beat.PeriodicTask": (NONE, {"enable_tasks": SUPER, "disable_tasks": SUPER,
                                               "toggle_tasks": SUPER, "run_tasks": SUPER}, {}),
    "django_celery_beat.ClockedSchedule": (NONE, {}, {}),
    "django_celery_beat.CrontabSchedule": (NONE, {}, {}),
    "django_celery_beat.SolarSchedule": (NONE, {}, {}),
    "django_celery_beat.IntervalSchedule": (NONE, {}, {}),
    # one row only: add is refused once it exists, and it is never deleted
    "portal.SystemStatus": ({"agent": "lvc", "support_admin": "lvc", "superuser": "lvc"}, {}, {}),
    "portal.StatusMessage": ({"agent": "lvac", "support_admin": "lvacd", "superuser": "lvacd"}, {}, {}),
    "portal.FaqEntry": ({"agent": "lv", "support_admin": "lvac", "superuser": "lvacd"}, {},
                        {"portal_faqentry_simple_history": SUPPORT}),
    "portal.Announcement": ({"agent": "lv", "support_admin": "lvacd", "superuser": "lvacd"}, {},
                            {"portal_announcement_simple_history": SUPPORT}),
    "accounts.User": ({"agent": "lv", "support_admin": "lv", "superuser": "lvacd"},
                      {"unlock": SUPPORT, "resend_activation": SUPPORT},
                      {"auth_user_password_change": SUPER}),
    "accounts.SignInEvent": (READ, {}, {}),
    "accounts.PrivacyAcknowledgment": (READ, {}, {}),
    "identity.VerificationSubject": ({"agent": "lv", "support_admin": "lv", "superuser": "lvc"}, {},
                                     {"identity_verify_manually": SUPPORT, "identity_clear_lockouts": SUPPORT}),
    "identity.Attempt": (READ, {}, {}),
    "identity.Lockout": ({"agent": "lvc", "support_admin": "lvc", "superuser": "lvc"},
                         {"clear_selected": SUPPORT}, {}),
    "identity.BureauSubject": (NONE | {"agent": "lv", "support_admin": "lv"}, {}, {}),
    "crd.Individual": (CRD_ROW, {}, {"crd_individual_simple_history": SUPPORT}),
    "crd.Firm": (CRD_ROW, {}, {"crd_firm_simple_history": SUPPORT}),
    "crd.Association": (CRD_ROW, {}, {"crd_association_simple_history": SUPPORT}),
    "crd.Registration": (CRD_ROW, {}, {"crd_registration_simple_history": SUPPORT}),
    "crd.ExamResult": (CRD_ROW, {}, {"crd_examresult_simple_history": SUPPORT}),
    "crd.EmploymentHistory": (CRD_ROW, {}, {"crd_employmenthistory_simple_history": SUPPORT}),
    "crd.ResidenceHistory": (CRD_ROW, {}, {"crd_residencehistory_simple_history": SUPPORT}),
    "crd.Disclosure": (CRD_ROW, {}, {"crd_disclosure_simple_history": SUPPORT}),
    "crd.Exam": (REFERENCE, {}, {}),
    "crd.RegistrationCategory": (REFERENCE, {}, {}),
    "crd.Jurisdiction": (REFERENCE, {}, {}),
    "crd.Attestation": (READ, {}, {}),
    "firmsettings.FirmMembership": ({"agent": "lv", "support_admin": "lvacd", "superuser": "lvacd"}, {}, {}),
    "firmsettings.FirmSettings": (READ, {}, {}),
    "firmsettings.FlexFundingAccount": (READ, {"record_deposit": DESK_ADMIN}, {}),
    "firmsettings.FirmSettingChange": (READ, {}, {}),
    "firmsettings.FirmInvitation": (READ, {}, {}),
    "firmsettings.FlexFundingEntry": (READ, {}, {}),
    "notifications.Notification": (READ, {}, {}),
    # continuing education: content and IAR CE reference data are support admins' to keep
    "ce.CEYear": (CE_CONTENT, {}, {}),
    "ce.CategoryGroup": (CE_CONTENT, {}, {}),
    "ce.Module": (CE_CONTENT, {}, {}),
    "ce.Question": (CE_CONTENT, {}, {}),
    "ce.IarCeAdoption": (CE_CONTENT, {}, {}),
    "ce.IarCeProvider": (CE_CONTENT, {"issue_token": DESK_ADMIN}, {}),
    "ce.IarCeProviderToken": ({"agent": "lv", "support_admin": "lvc", "superuser": "lvc"},
                              {"revoke": DESK_ADMIN}, {}),
    "ce.LearningPlan": (READ, {}, {}),
    "ce.RegulatoryElementFee": (READ, {}, {}),
    "ce.CENotice": (READ, {}, {}),
    "ce.IarCeCredit": (READ, {}, {}),
    "ce.IarCeReportingFee": (READ, {}, {}),
    "ce.IarCeCarryOver": (READ, {}, {}),
    "payments.Payment": (READ_SUPER_CHANGE, {}, {}),
    "u4.Filing": (READ, {}, {}),
    "u4.FilingEvent": (READ, {}, {}),
    # exams: centers and sessions are support admins' reference data; results and extensions by action
    "exams.TestCenter": (CE_CONTENT, {}, {}),
    "exams.ExamSession": (CE_CONTENT, {}, {}),
    "exams.ExamWindow": (READ, {"record_result": DESK_ADMIN}, {}),
    "exams.Appointment": (READ, {}, {}),
    "exams.ExtensionRequest": (READ, {"approve": DESK_ADMIN, "decline": DESK_ADMIN}, {}),
    "u5.Filing": (READ, {}, {}),
    "u5.DisclosureReportingPage": (READ, {}, {}),
    "programs.Program": (CE_CONTENT, {}, {}),
    "programs.ParticipatingJurisdiction": (CE_CONTENT, {}, {}),
    "programs.DisqualificationFlag": ({"agent": "lv", "support_admin": "lva", "superuser": "lva"}, {}, {}),
    "programs.Eligibility": (READ, {}, {}),
    "programs.Enrollment": (READ, {}, {}),
    "programs.ProgramYear": (READ, {}, {}),
    "programs.ProgramEvent": (READ, {}, {}),
}
MATRIX.update({
    "api.ApiKey": (READ, {}, {}),
    "api.WebhookEndpoint": (READ, {}, {}),
    "api.WebhookDelivery": (READ, {}, {}),
})

STANDARD_PAGES = {"changelist", "add", "history", "delete", "change"}


def _registry():
    return {model._meta.label: model_admin for model, model_admin in admin.site._registry.items()}


def _custom_actions(model_admin):
    return {a if isinstance(a, str) else a.__name__ for a in (model_admin.actions or [])}


def _custom_pages(model):
    model_admin = admin.site._registry[model]
    prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
    return {u.name for u in model_admin.get_urls()
            if u.name and not (u.name.startswith(prefix) and u.name[len(prefix):] in STANDARD_PAGES)}


def test_every_admin_model_action_and_page_is_in_the_matrix():
    registry = _registry()
    assert set(registry) == set(MATRIX)
    for label, model_admin in registry.items():
        _letters, actions, pages = MATRIX[label]
        assert _custom_actions(model_admin) == set(actions), label
        assert _custom_pages(model_admin.model) == set(pages), label


# ---- one object of each model ------------------------------------------------------------


def _our_factory(model):
    concrete = model._meta.concrete_model
    for obj in vars(factories).values():
        if isinstance(obj, type) and issubclass(obj, factory.Factory) and obj._meta.model is concrete:
            return obj
    return None


def _third_party(label):
    user = factories.UserFactory()
    app = SocialApp.objects.create(provider="google", name="Google", client_id="id", secret="s")
    account = SocialAccount.objects.create(user=user, provider="google", uid="uid-1")
    interval = IntervalSchedule.objects.create(every=10, period=IntervalSchedule.MINUTES)
    return {
        "auth.Group": lambda: Group.objects.get(name=AGENT),
        "sites.Site": lambda: Site.objects.get_current(),
        "account.EmailAddress": lambda: EmailAddress.objects.create(user=user, email=user.email),
        "socialaccount.SocialApp": lambda: app,
        "socialaccount.SocialToken": lambda: SocialToken.objects.create(app=app, account=account, token="t"),
        "socialaccount.SocialAccount": lambda: account,
        "mfa.Authenticator": lambda: Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP,
                                                                  data={"secret": "x"}),
        "django_celery_beat.PeriodicTask": lambda: PeriodicTask.objects.create(name="t", task="x", interval=interval),
        "django_celery_beat.ClockedSchedule": lambda: ClockedSchedule.objects.create(clocked_time=timezone.now()),
        "django_celery_beat.CrontabSchedule": lambda: CrontabSchedule.objects.create(),
        "django_celery_beat.SolarSchedule": lambda: SolarSchedule.objects.create(event="sunrise", latitude=40,
                                                                               longitude=-74),
        "django_celery_beat.IntervalSchedule": lambda: interval,
    }[label]()


def _object(model):
    label = model._meta.label
    if label == "accounts.User" or label == "identity.VerificationSubject":
        row = factories.VerifiedRepFactory()
    elif label == "firmsettings.FlexFundingAccount":
        row = factories.FirmFactory()
    elif (make := _our_factory(model)) is not None:
        row = make()
    else:
        return _third_party(label)
    return model.objects.get(pk=row.pk)


@pytest.fixture
def people(db):
    agent = factories.UserFactory(is_staff=True, username="matrix.agent")
    agent.groups.add(Group.objects.get(name=AGENT))
    support_admin = factories.UserFactory(is_staff=True, username="matrix.supportadmin")
    support_admin.groups.add(Group.objects.get(name=ADMIN))
    superuser = factories.UserFactory(is_staff=True, is_superuser=True, username="matrix.superuser")
    return {"agent": agent, "support_admin": support_admin, "superuser": superuser}


def _url(model, page, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


def _custom_page_url(model, name, obj):
    if name.endswith("_simple_history"):
        return reverse(f"admin:{name}", args=[obj.pk, obj.history.first().history_id])
    return reverse(f"admin:{name}", args=[obj.pk])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("label", sorted(MATRIX))
def test_admin_matrix(client, people, label, role):
    model = next(m for m in admin.site._registry if m._meta.label == label)
    letters, actions, pages = MATRIX[label]
    allowed = letters[role]
    obj = _object(model)
    client.force_login(people[role])

    def status(url):
        return client.get(url).status_code

    changelist = client.get(_url(model, "changelist"))
    assert changelist.status_code == (200 if "l" in allowed else 403), "list"
    change_page = client.get(_url(model, "change", obj.pk))
    assert change_page.status_code == (200 if "v" in allowed else 403), "view"
    offers_save = change_page.status_code == 200 and 'name="_save"' in change_page.content.decode()
    assert offers_save == ("c" in allowed), "change"
    assert status(_url(model, "add")) == (200 if "a" in allowed else 403), "add"
    assert status(_url(model, "delete", obj.pk)) == (200 if "d" in allowed else 403), "delete"

    listed = changelist.content.decode() if changelist.status_code == 200 else ""
    for action, roles in {**actions, "delete_selected": {r for r in ROLES if "d" in letters[r]}}.items():
        assert (f'value="{action}"' in listed) == (role in roles), action
    for name, roles in pages.items():
        assert status(_custom_page_url(model, name, obj)) == (200 if role in roles else 403), name
