"""Account creation, sign-in helpers and forgotten credentials. Views are thin: parse,
call a selector or service, render."""

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from finpro.links import site_url

from . import google, selectors, services
from .choices import ACTIVATION_LINK_HOURS, PRIVACY_STATEMENT_VERSION, RESET_LINK_MINUTES, TokenPurpose
from .forms import (
    CreateProfileForm,
    ForgotPasswordForm,
    ForgotUserIdForm,
    PrivacyForm,
    SecurityQuestionsForm,
    SetPasswordForm,
)

SESSION_ACK = "signup_privacy_ack"
SESSION_CAPTCHA = "signup_captcha_passed_at"
SESSION_CREATED = "signup_created_user"
CAPTCHA_GRACE_SECONDS = 15 * 60


def link_base(request) -> str:
    """Where emailed links start: SITE_URL, never the request's Host header (finpro.links)."""
    return site_url()


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _rate_limited(request, action: str, key=None) -> bool:
    return not ratelimit.consume(request, action=action, key=key)


def _too_many(request, template="accounts/rate_limited.html"):
    return render(request, template, status=429)


@never_cache
@require_http_methods(["GET", "POST"])
def privacy(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = PrivacyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        ack = services.privacy_acknowledge(
            version=PRIVACY_STATEMENT_VERSION, ip_address=client_ip(request),
            user_agent=request.headers.get("user-agent", ""),
        )
        request.session[SESSION_ACK] = ack.pk
        return redirect("accounts:create_profile")
    return render(request, "accounts/privacy.html", {
        "form": form, "version": PRIVACY_STATEMENT_VERSION, "google_signup": google.pending(request),
    })


def _captcha_fresh(request) -> bool:
    passed = request.session.get(SESSION_CAPTCHA)
    return bool(passed) and timezone.now().timestamp() - passed < CAPTCHA_GRACE_SECONDS


NAME_MISMATCH = (
    "The First Name and Last Name must be your legal name, as your firm filed it on your registration "
    "filings. Check both; if they are right, contact your firm or FinPro support."
)


def _mismatch_message(field_label: str) -> str:
    return (
        f"We could not find a CRD record that matches the {field_label}, Date of Birth, First Name and Last "
        "Name you entered. Check each of them against your registration filings (your legal name, as your "
        "firm filed it). If everything is right, contact your firm or FinPro support."
    )


@never_cache
@require_http_methods(["GET", "POST"])
def create_profile(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    if not request.session.get(SESSION_ACK):
        messages.info(request, "Please read and acknowledge the Privacy Statement first.")
        return redirect("accounts:privacy")
    captcha = not _captcha_fresh(request)
    if request.method == "GET":
        form = CreateProfileForm(initial=google.prefill(request), captcha=captcha)
        return render(request, "accounts/create_profile.html", {"form": form})

    if request.POST.get("action") == "suggest":
        data = request.POST.copy()
        data["username"] = services.user_id_suggest(
            first_name=data.get("first_name", ""), last_name=data.get("last_name", "")
        )
        form = CreateProfileForm(initial=data.dict(), captcha=captcha)
        return render(request, "accounts/create_profile.html", {"form": form, "suggested": data["username"]})

    if _rate_limited(request, "signup"):
        return _too_many(request)
    form = CreateProfileForm(request.POST, captcha=captcha)
    valid = form.is_valid()
    if captcha and "captcha" not in form.errors and request.POST.get("captcha_1"):
        request.session[SESSION_CAPTCHA] = timezone.now().timestamp()
    context = {"form": form}
    if valid:
        cd = form.cleaned_data
        match = selectors.signup_match(
            date_of_birth=cd["date_of_birth"], first_name=cd["first_name"], last_name=cd["last_name"],
            ssn=cd["ssn"], crd_number=cd["crd_number"],
        )
        person = match.individual
        id_field = "ssn" if cd["has_ssn"] == "yes" else "crd_number"
        if match.names_differ:
            for name_field in ("first_name", "last_name"):
                form.add_error(name_field, NAME_MISMATCH)
        elif person is None:
            form.add_error(id_field, _mismatch_message("SSN" if id_field == "ssn" else "CRD#"))
        else:
            try:
                user = services.account_create(
                    data=services.NewProfile(
                        individual_id=person.pk, username=cd["username"], first_name=person.first_name,
                        last_name=person.last_name, middle_name=cd["middle_name"], prefix=cd["prefix"],
                        suffix=cd["suffix"], personal_email=cd["personal_email"],
                        business_email=cd["business_email"], business_phone=cd["business_phone"],
                        personal_phone=cd["personal_phone"], address_line1=cd["address_line1"],
                        city=cd["city"], state=cd["state"], postal_code=cd["postal_code"],
                        country=cd["country"], address_confirmed_as_entered=cd["address_confirmed_as_entered"],
                    ),
                    acknowledgment_id=request.session.get(SESSION_ACK), link_base=link_base(request),
                )
            except services.AccountExists:
                form.add_error(id_field, "A FinPro account already exists for this person.")
                context["account_exists"] = True
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                google.attach_pending(request, user)
                for key in (SESSION_ACK, SESSION_CAPTCHA):
                    request.session.pop(key, None)
                request.session[SESSION_CREATED] = user.pk
                return redirect("accounts:profile_created")
    if _captcha_fresh(request):
        form.fields.pop("captcha", None)  # passed once; not asked again while the person corrects the form
    return render(request, "accounts/create_profile.html", context)


def suggest_user_id(request):
    """JSON for the "generate one" link when JavaScript runs (the link also works without it)."""
    if _rate_limited(request, "signup"):
        return JsonResponse({"error": "Too many requests."}, status=429)
    return JsonResponse({"user_id": services.user_id_suggest(
        first_name=request.GET.get("first_name", "")[:80], last_name=request.GET.get("last_name", "")[:80]
    )})


@never_cache
def profile_created(request):
    from .models import User

    user = User.objects.filter(pk=request.session.get(SESSION_CREATED) or 0).only("username", "email").first()
    if user is None:
        return redirect("accounts:privacy")
    return render(request, "accounts/profile_created.html", {"new_user": user, "hours": ACTIVATION_LINK_HOURS})


def _password_from_link(request, raw: str, *, purpose: str, template: str):
    token = selectors.token_find(raw=raw, purpose=purpose)
    if token is None or not token.is_usable:
        return render(request, "accounts/link_unusable.html",
                      {"token": token, "raw": raw, "purpose": purpose}, status=410 if token else 404)
    form = SetPasswordForm(request.POST if request.method == "POST" else None, user=token.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_set_from_token(raw=raw, purpose=purpose, password=form.cleaned_data["new_password"])
        except ValidationError:
            return render(request, "accounts/link_unusable.html",
                          {"token": token, "raw": raw, "purpose": purpose}, status=410)
        messages.success(request, "Your password is set. Sign in with your User ID and new password.")
        return redirect("account_login")
    return render(request, template, {"form": form, "user_id": token.user.username})


@never_cache
@require_http_methods(["GET", "POST"])
def activate(request, token: str):
    return _password_from_link(request, token, purpose=TokenPurpose.ACTIVATION, template="accounts/set_password.html")


@require_POST
def activate_resend(request, token: str):
    if _rate_limited(request, "confirm_email", key=token[:20]):
        return _too_many(request)
    found = selectors.token_find(raw=token, purpose=TokenPurpose.ACTIVATION)
    if found is not None:
        services.activation_resend(token=found, link_base=link_base(request))
    return render(request, "accounts/link_sent.html", {"hours": ACTIVATION_LINK_HOURS})


@never_cache
@require_http_methods(["GET", "POST"])
def reset_password(request, token: str):
    return _password_from_link(request, token, purpose=TokenPurpose.PASSWORD_RESET,
                               template="accounts/reset_password.html")


@never_cache
@require_http_methods(["GET", "POST"])
def forgot_password(request):
    form = ForgotPasswordForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        identifier = form.cleaned_data["identifier"].strip()
        if _rate_limited(request, "reset_password", key=identifier.lower()):
            return _too_many(request)
        services.password_reset_request(identifier=identifier, link_base=link_base(request))
        return render(request, "accounts/forgot_sent.html", {"what": "password", "minutes": RESET_LINK_MINUTES})
    return render(request, "accounts/forgot_password.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def forgot_user_id(request):
    form = ForgotUserIdForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip()
        if _rate_limited(request, "reset_password", key=email.lower()):
            return _too_many(request)
        services.user_id_reminder_request(email=email)
        return render(request, "accounts/forgot_sent.html", {"what": "user_id"})
    return render(request, "accounts/forgot_user_id.html", {"form": form})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def security_questions(request):
    form = SecurityQuestionsForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.security_questions_set(user=request.user, answers=form.answers())
        request.session["accounts_setup_done"] = True
        messages.success(request, "Your security questions are saved.")
        return redirect(selectors.url_after_account_setup())
    return render(request, "accounts/security_questions.html", {
        "form": form, "replacing": selectors.has_security_questions(user=request.user),
    })


def signup_redirect(request):
    """allauth's own sign-up page is replaced by the Privacy Statement and Create Profile."""
    return redirect("accounts:privacy")


def password_reset_redirect(request):
    return redirect("accounts:forgot_password")



@never_cache
@require_POST
def session_keepalive(request):
    """The idle warning's "Stay signed in": this request itself refreshes the session's
    idle clock. 204 while signed in; 401 once the session has ended (no redirect, the
    script sends the person to sign in)."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    request.session.modified = True
    return HttpResponse(status=204)
