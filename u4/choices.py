"""Codes of Form U4: the 15 sections (DOMAIN.md "Form U4"), filing kinds and statuses, the
legal moves between statuses, audit actions and the disclosure questions 14A–14M."""

from django.db import models


class Section(models.TextChoices):
    GENERAL = "general", "1 General Information"
    FINGERPRINT = "fingerprint", "2 Fingerprint Information"
    UNAFFILIATED_FIRMS = "unaffiliated_firms", "3 Registration with Unaffiliated Firms"
    SRO_REGISTRATIONS = "sro_registrations", "4 SRO Registrations"
    JURISDICTIONS = "jurisdictions", "5 Jurisdiction Registrations"
    AFFILIATED_FIRMS = "affiliated_firms", "6 Registration Requests with Affiliated Firms"
    EXAM_REQUESTS = "exam_requests", "7 Examination Requests"
    DESIGNATIONS = "designations", "8 Professional Designations"
    IDENTIFYING = "identifying", "9 Identifying Information/Name Change"
    OTHER_NAMES = "other_names", "10 Other Names"
    RESIDENTIAL_HISTORY = "residential_history", "11 Residential History"
    EMPLOYMENT_HISTORY = "employment_history", "12 Employment History"
    OTHER_BUSINESS = "other_business", "13 Other Business"
    DISCLOSURES = "disclosures", "14 Disclosure Questions"
    SIGNATURES = "signatures", "15 Signatures"


SECTION_COUNT = len(Section.values)
# Section 15 is filled in by signing (15A) and by the firm signatory; the person never edits it.
REP_EDITABLE_SECTIONS = [s for s in Section.values if s != Section.SIGNATURES]


class FilingKind(models.TextChoices):
    INITIAL = "initial", "Initial"
    AMENDMENT = "amendment", "Amendment"


class FilingStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    WITH_REP = "with_rep", "With rep"
    RETURNED = "returned", "Returned to firm"
    AWAITING_SIGNATURE = "awaiting_signature", "Awaiting signature"
    SIGNED = "signed", "Signed"
    SUBMITTED = "submitted", "Submitted"
    # Amendments only: a disclosure change shown to the person, waiting for (or with) their
    # acknowledgment instead of a new signature.
    AWAITING_ACKNOWLEDGMENT = "awaiting_ack", "Awaiting acknowledgment"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"


class Move(models.TextChoices):
    """The moves of a filing; TRANSITIONS says from which statuses each is legal and where it leads."""

    ALLOW_REP_EDITS = "allow_rep_edits", "Allow Rep Edits"
    WITHDRAW_REP_EDITS = "withdraw_rep_edits", "Withdraw Rep Edits"
    RETURN_TO_FIRM = "return_to_firm", "Return to firm"
    SEND_FOR_SIGNATURE = "send_for_signature", "Send for e-signature"
    RECORD_WET_SIGNATURE = "record_wet_signature", "Record wet signature"
    STOP_SIGNING = "stop_signing", "Stop signing"
    SIGN = "sign", "Sign"
    SUBMIT = "submit", "Submit"
    REQUEST_ACKNOWLEDGMENT = "request_ack", "Ask the person to acknowledge"
    ACKNOWLEDGE = "acknowledge", "Acknowledge"
    SUBMIT_AMENDMENT = "submit_amendment", "Submit the amendment"


S = FilingStatus
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    Move.ALLOW_REP_EDITS: (frozenset({S.DRAFT, S.RETURNED}), S.WITH_REP),
    Move.WITHDRAW_REP_EDITS: (frozenset({S.WITH_REP}), S.DRAFT),
    Move.RETURN_TO_FIRM: (frozenset({S.WITH_REP}), S.RETURNED),
    Move.SEND_FOR_SIGNATURE: (frozenset({S.DRAFT, S.RETURNED}), S.AWAITING_SIGNATURE),
    Move.RECORD_WET_SIGNATURE: (frozenset({S.DRAFT, S.RETURNED}), S.SIGNED),
    Move.STOP_SIGNING: (frozenset({S.AWAITING_SIGNATURE, S.SIGNED, S.AWAITING_ACKNOWLEDGMENT, S.ACKNOWLEDGED}),
                        S.DRAFT),
    Move.SIGN: (frozenset({S.AWAITING_SIGNATURE}), S.SIGNED),
    Move.SUBMIT: (frozenset({S.SIGNED}), S.SUBMITTED),
    Move.REQUEST_ACKNOWLEDGMENT: (frozenset({S.DRAFT, S.RETURNED}), S.AWAITING_ACKNOWLEDGMENT),
    Move.ACKNOWLEDGE: (frozenset({S.AWAITING_ACKNOWLEDGMENT}), S.ACKNOWLEDGED),
    # An amendment needs no new signature unless it changes disclosures; then it needs the
    # person's acknowledgment or signature (services.amendment_submit says which).
    Move.SUBMIT_AMENDMENT: (frozenset({S.DRAFT, S.RETURNED, S.SIGNED, S.ACKNOWLEDGED}), S.SUBMITTED),
}
# Initial filings never use these moves; amendments never use SUBMIT.
AMENDMENT_ONLY_MOVES = frozenset({Move.REQUEST_ACKNOWLEDGMENT, Move.ACKNOWLEDGE, Move.SUBMIT_AMENDMENT})
# The firm edits sections in these statuses (a save while Signed voids the signature).
FIRM_EDITABLE_STATUSES = frozenset({S.DRAFT, S.RETURNED, S.SIGNED, S.ACKNOWLEDGED})
del S


class EventAction(models.TextChoices):
    CREATED = "created", "Created"
    REP_EDITS_ALLOWED = "rep_edits_allowed", "Rep edits allowed"
    REP_EDITS_WITHDRAWN = "rep_edits_withdrawn", "Rep edits withdrawn"
    SECTION_SAVED = "section_saved", "Section saved"
    RETURNED = "returned", "Returned to firm"
    SENT_FOR_SIGNATURE = "sent_for_signature", "Sent for signature"
    OPENED = "opened", "Opened by the person"
    SIGNED = "signed", "Signed"
    WET_SIGNATURE_RECORDED = "wet_signature_recorded", "Wet signature recorded"
    SIGNATURE_VOIDED = "signature_voided", "Signature voided"
    STOPPED = "stopped", "Signing stopped"
    SUBMITTED = "submitted", "Submitted"
    AMENDED = "amended", "Amended"
    ACKNOWLEDGMENT_REQUESTED = "ack_requested", "Acknowledgment requested"
    ACKNOWLEDGED = "acknowledged", "Acknowledged by the person"
    ACKNOWLEDGMENT_VOIDED = "ack_voided", "Acknowledgment voided"


MOVE_EVENTS = {
    Move.ALLOW_REP_EDITS: EventAction.REP_EDITS_ALLOWED,
    Move.WITHDRAW_REP_EDITS: EventAction.REP_EDITS_WITHDRAWN,
    Move.RETURN_TO_FIRM: EventAction.RETURNED,
    Move.SEND_FOR_SIGNATURE: EventAction.SENT_FOR_SIGNATURE,
    Move.RECORD_WET_SIGNATURE: EventAction.WET_SIGNATURE_RECORDED,
    Move.STOP_SIGNING: EventAction.STOPPED,
    Move.SIGN: EventAction.SIGNED,
    Move.SUBMIT: EventAction.SUBMITTED,
    Move.REQUEST_ACKNOWLEDGMENT: EventAction.ACKNOWLEDGMENT_REQUESTED,
    Move.ACKNOWLEDGE: EventAction.ACKNOWLEDGED,
    Move.SUBMIT_AMENDMENT: EventAction.AMENDED,
}


class DisclosureQuestion(models.TextChoices):
    Q14A = "14A", "14A Felony"
    Q14B = "14B", "14B Investment-related misdemeanor"
    Q14C = "14C", "14C SEC or CFTC action"
    Q14D = "14D", "14D Other federal, state or foreign regulatory action"
    Q14E = "14E", "14E SRO action"
    Q14F = "14F", "14F Revoked professional authorization"
    Q14G = "14G", "14G Notice of regulatory proceeding"
    Q14H = "14H", "14H Civil judicial action"
    Q14I = "14I", "14I Customer complaint, arbitration or civil litigation"
    Q14J = "14J", "14J Termination after allegations"
    Q14K = "14K", "14K Financial (bankruptcy, compromise with creditors)"
    Q14L = "14L", "14L Bond"
    Q14M = "14M", "14M Unsatisfied judgments or liens"


class FingerprintStatus(models.TextChoices):
    CARD_SUBMITTED = "card_submitted", "I am submitting a fingerprint card with this filing"
    PREVIOUSLY_SUBMITTED = "previously_submitted", "Fingerprints were submitted within the last 30 days"
    EXEMPT = "exempt", "I am exempt from the fingerprint requirement"


class Designation(models.TextChoices):
    CFP = "CFP", "Certified Financial Planner"
    CHFC = "ChFC", "Chartered Financial Consultant"
    PFS = "PFS", "Personal Financial Specialist"
    CFA = "CFA", "Chartered Financial Analyst"
    CIC = "CIC", "Chartered Investment Counselor"


# The version of the structured content (u4.sections). Bump it with a data migration when a
# section's fields change meaning.
SCHEMA_VERSION = 1
# The version of the 15A consent text (templates/u4/consent_v<N>.txt) a signature agrees to.
CONSENT_VERSION = "15A-2026-1"
# History coverage the completeness check requires (DOMAIN.md: 5 and 10 years [U]).
RESIDENTIAL_HISTORY_YEARS = 5
EMPLOYMENT_HISTORY_YEARS = 10
# An amendment is due this many days after the facts it reports (DOMAIN.md "Form U4").
AMENDMENT_DUE_DAYS = 30
AMENDMENT_DUE_DAYS_STATUTORY_DISQUALIFICATION = 10
