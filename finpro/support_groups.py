"""The two support-staff groups and their permissions, kept in step by post_migrate.

Least privilege, written out (docs/security-model.md says the same in words):

- Support agent: view every model of ours (SSNs are masked by the admin classes), and the few
  changes a support desk needs: unlock password sign-in and resend activation (the two User
  actions, behind ``accounts.change_user``; the User change form itself is superuser-only),
  clear identity lockouts, verify an identity manually after a call, and keep the System
  Status page and its messages up to date.
- Support admin: what an agent may, plus add and change CRD rows and reference data (delete
  reference data only), manage firm memberships (a firm's first admin is created by support)
  and record Flex Funding deposits.
- Neither group holds any permission on auth, sites, allauth or celery beat models, nor
  add/delete on users: only superusers manage staff, groups, permissions and passwords.

A model added later to one of our apps is view-only for both groups until listed here."""

AGENT = "Support agent"
ADMIN = "Support admin"

OUR_APPS = [
    "finpro", "portal", "accounts", "identity", "crd", "ce", "u4", "u5", "exams", "programs", "firmsettings",
    "notifications", "payments", "reports", "api",
]

# Models found by name in any of our apps (the status pages may move between apps).
STATUS_MODELS = {"systemstatus", "statusmessage"}

AGENT_PERMISSIONS = {
    "accounts.change_user",  # the Unlock and Resend activation actions only; see accounts/admin.py
    "identity.verify_manually",
    "identity.change_lockout",
}
AGENT_STATUS_ACTIONS = {"add", "change"}

# The help center's answers and announcements: support admins write them (agents read them).
HELP_MODELS = {"faqentry", "announcement"}
# Continuing-education content and the IAR CE reference data: support admins keep them (agents read).
CE_CONTENT_MODELS = {"ceyear", "categorygroup", "module", "modulepage", "question", "option", "iarceadoption",
                     "iarceprovider", "iarcecourse"}
CRD_REFERENCE_MODELS = {"jurisdiction", "exam", "registrationcategory"}
CRD_READ_ONLY_MODELS = {"attestation"}  # the rep's own statements
ADMIN_PERMISSIONS = {
    "firmsettings.add_firmmembership",
    "firmsettings.change_firmmembership",
    "firmsettings.delete_firmmembership",
    "firmsettings.add_flexfundingentry",  # the "Record a Flex Funding deposit" action
    "exams.change_extensionrequest",  # the Approve / Decline extension actions
}
# Test centers and their sessions: reference data support admins keep (sessions are never
# deleted once booked; seats taken change only by booking).
EXAMS_REFERENCE_MODELS = {"testcenter", "examsession"}


# The programs and the jurisdictions taking part in each EVEP: support admins keep them (agents read).
PROGRAM_REFERENCE_MODELS = {"program", "participatingjurisdiction"}


def _agent_may(app_label: str, action: str, model: str, key: str) -> bool:
    if action == "view":
        return True
    if model in STATUS_MODELS:
        return action in AGENT_STATUS_ACTIONS
    return key in AGENT_PERMISSIONS


def _admin_may(app_label: str, action: str, model: str, key: str) -> bool:
    if _agent_may(app_label, action, model, key) or key in ADMIN_PERMISSIONS:
        return True
    if model in STATUS_MODELS:
        return action == "delete" and model == "statusmessage"
    if model in HELP_MODELS:
        return action in {"add", "change"} or (action == "delete" and model == "announcement")
    if app_label == "ce" and model in CE_CONTENT_MODELS:
        return action in {"add", "change"}
    if app_label == "ce" and model == "iarceprovidertoken":
        return action == "change"  # the Revoke action; tokens are issued from the provider
    if app_label == "programs" and model in PROGRAM_REFERENCE_MODELS:
        return action in {"add", "change"}
    if app_label == "programs" and model == "disqualificationflag":
        return action == "add"  # a statutory disqualification, through programs.services
    if app_label == "crd" and model not in CRD_READ_ONLY_MODELS and not model.startswith("historical"):
        return action in {"add", "change"} or (action == "delete" and model in CRD_REFERENCE_MODELS)
    if app_label == "exams" and model in EXAMS_REFERENCE_MODELS:
        return action in {"add", "change"}
    return False


def group_permissions(perms) -> tuple[list, list]:
    """Split permission rows into (agent's, support admin's)."""
    agent_perms, admin_perms = [], []
    for perm in perms:
        app_label, model = perm.content_type.app_label, perm.content_type.model
        action = perm.codename.split("_", 1)[0]
        key = f"{app_label}.{perm.codename}"
        if _agent_may(app_label, action, model, key):
            agent_perms.append(perm)
        if _admin_may(app_label, action, model, key):
            admin_perms.append(perm)
    return agent_perms, admin_perms


def sync_support_groups(apps=None):
    from django.apps import apps as global_apps

    apps = apps or global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    perms = Permission.objects.filter(content_type__app_label__in=OUR_APPS).select_related("content_type")
    agent_perms, admin_perms = group_permissions(perms)

    agent, _ = Group.objects.get_or_create(name=AGENT)
    agent.permissions.set(agent_perms)
    admin, _ = Group.objects.get_or_create(name=ADMIN)
    admin.permissions.set(admin_perms)


def refuse_unless_may_act_on(*, by, user, permission: str) -> None:
    """Separation of duties for support actions on a person's account: the actor needs the
    permission, never acts on their own account, and only a superuser acts on a staff account.
    Raises PermissionDenied with the reason support staff see."""
    from django.core.exceptions import PermissionDenied

    if by is None or not by.has_perm(permission):
        raise PermissionDenied("You do not have permission to do that.")
    if by.pk == user.pk:
        raise PermissionDenied("You cannot do this for your own account. Ask another member of support.")
    if (user.is_staff or user.is_superuser) and not by.is_superuser:
        raise PermissionDenied("Only a superuser can act on a staff account.")
