"""My Account (/account/): profile, email changes with confirmation, phones, residential
address (only when not associated with a firm), MFA and recent sign-ins."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors, services
from .choices import EmailKind
from .forms import AddressForm, EmailChangeForm, PhonesForm
from .models import Profile
from .views import _rate_limited, _too_many, link_base


def _profile(user) -> Profile | None:
    return selectors.profile_for(user=user)


@never_cache
@login_required
def my_account(request):
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount

    user = request.user
    profile = _profile(user)
    return render(request, "accounts/my_account.html", {
        "profile": profile,
        "pending_email": selectors.pending_email_change(user=user),
        "emails_due": profile is not None and selectors.contact_emails_confirmation_due(profile=profile),
        "emails_due_on": selectors.contact_emails_due_on(profile=profile) if profile else None,
        "individual": user.individual,
        "associated": selectors.is_associated_with_firm(user=user),
        "sign_ins": selectors.recent_sign_ins(user=user),
        "has_totp": Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists(),
        "google_connected": SocialAccount.objects.filter(user=user, provider="google").exists(),
    })


@never_cache
@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def email_edit(request, kind: str):
    if kind not in EmailKind.values:
        raise Http404
    label = EmailKind(kind).label
    form = EmailChangeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if _rate_limited(request, "change_email", key=str(request.user.pk)):
            return _too_many(request)
        services.email_change_request(user=request.user, kind=kind, new_email=form.cleaned_data["new_email"],
                                      link_base=link_base(request))
        messages.success(request, f"We sent a confirmation link to {form.cleaned_data['new_email']}. "
                                  f"Your {label} changes once you follow it.")
        return redirect("my_account")
    return render(request, "accounts/email_edit.html", {"form": form, "label": label})


@never_cache
@login_required
@require_POST
def contact_emails_confirm(request):
    """One click: "These are still correct" for the personal and business emails."""
    if _profile(request.user) is None:
        raise Http404
    services.contact_emails_confirm(user=request.user)
    messages.success(request, "Thank you. Your Personal Email and Business Email are confirmed as current.")
    return redirect("my_account")


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_email(request, token: str):
    from .choices import TokenPurpose

    found = selectors.token_find(raw=token, purpose=TokenPurpose.EMAIL_CHANGE)
    if found is None or not found.is_usable:
        return render(request, "accounts/link_unusable.html", {"token": found, "purpose": "email_change"},
                      status=410 if found else 404)
    if request.method == "POST":
        try:
            services.email_change_confirm(raw=token)
        except ValidationError:
            return render(request, "accounts/link_unusable.html", {"token": found, "purpose": "email_change"},
                          status=410)
        messages.success(request, f"Your {EmailKind(found.email_field).label} is now {found.new_email}.")
        return redirect("my_account" if request.user.is_authenticated else "account_login")
    return render(request, "accounts/email_confirm.html", {"token": found, "label": EmailKind(found.email_field).label})


@never_cache
@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def phones_edit(request):
    profile = _profile(request.user)
    if profile is None:
        raise Http404
    initial = {"business_phone": profile.business_phone.as_national if profile.business_phone else "",
               "personal_phone": profile.personal_phone.as_national if profile.personal_phone else ""}
    form = PhonesForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.profile_update_phones(user=request.user, **form.cleaned_data)
        messages.success(request, "Your phone numbers are saved.")
        return redirect("my_account")
    return render(request, "accounts/phones_edit.html", {"form": form})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def address_edit(request):
    profile = _profile(request.user)
    if profile is None:
        raise Http404
    if selectors.is_associated_with_firm(user=request.user):
        return render(request, "accounts/address_locked.html", status=403)
    initial = {f: getattr(profile, f) for f in ("address_line1", "city", "state", "postal_code")}
    initial["country"] = profile.country.code
    form = AddressForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            services.profile_update_address(
                user=request.user, address_line1=cd["address_line1"], city=cd["city"], state=cd["state"],
                postal_code=cd["postal_code"], country=cd["country"],
                confirmed_as_entered=cd["address_confirmed_as_entered"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Your residential address is saved.")
            return redirect("my_account")
    return render(request, "accounts/address_edit.html", {"form": form})
