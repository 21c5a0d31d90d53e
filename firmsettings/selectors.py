"""What other apps ask about a firm's settings. Reads only."""

from crd.choices import AssociationKind

from .models import FirmSettings


def settings_for(*, firm) -> FirmSettings:
    """The firm's settings; an unsaved all-off row when the firm never set any."""
    try:
        return firm.finpro_settings
    except FirmSettings.DoesNotExist:
        return FirmSettings(firm=firm)


def attestation_enabled_for(*, association) -> bool:
    """Is attestation on for this association's kind (employee or contractor) at its firm?"""
    firm_settings = settings_for(firm=association.firm)
    if association.kind == AssociationKind.INDEPENDENT_CONTRACTOR:
        return firm_settings.attestation_contractors
    return firm_settings.attestation_employees


def esignature_enabled_for(*, association) -> bool:
    """Is Form U4 e-signature on for this association's kind at its firm?"""
    firm_settings = settings_for(firm=association.firm)
    if association.kind == AssociationKind.INDEPENDENT_CONTRACTOR:
        return firm_settings.esignature_contractors
    return firm_settings.esignature_employees


def firm_pays_iar_ce_fee(*, firm) -> bool:
    return settings_for(firm=firm).iar_ce_fee_opt_in
