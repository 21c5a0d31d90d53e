"""The two support-staff groups and their permissions, kept in step by post_migrate."""

AGENT = "Support agent"
ADMIN = "Support admin"

OUR_APPS = [
    "portal", "accounts", "identity", "crd", "ce", "u4", "u5", "exams", "programs", "firmsettings", "notifications",
]

# Agents read everything and may change accounts (unlock, resend) and identity cases;
# admins may also add and change CRD rows and reference data. Both keep the system status
# and its maintenance messages (portal) up to date.
AGENT_CHANGE_APPS = {"accounts", "identity", "portal"}
AGENT_ADD_APPS = {"portal"}
ADMIN_DELETE_MODELS = {"jurisdiction", "exam", "registrationcategory", "statusmessage"}


def sync_support_groups(apps=None):
    from django.apps import apps as global_apps

    apps = apps or global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    perms = Permission.objects.filter(content_type__app_label__in=OUR_APPS).select_related("content_type")
    agent_perms, admin_perms = [], []
    for perm in perms:
        action = perm.codename.split("_", 1)[0]
        app_label, model = perm.content_type.app_label, perm.content_type.model
        if action == "view" or (action == "change" and app_label in AGENT_CHANGE_APPS) or (
                action == "add" and app_label in AGENT_ADD_APPS):
            agent_perms.append(perm)
        if action in {"view", "add", "change"} or (action == "delete" and model in ADMIN_DELETE_MODELS):
            admin_perms.append(perm)
        if action not in {"view", "add", "change", "delete"}:  # custom permissions (e.g. verify_manually)
            agent_perms.append(perm)
            admin_perms.append(perm)

    agent, _ = Group.objects.get_or_create(name=AGENT)
    agent.permissions.set(agent_perms)
    admin, _ = Group.objects.get_or_create(name=ADMIN)
    admin.permissions.set(admin_perms)
