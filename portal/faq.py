"""The help center's first FAQ and announcements, loaded once by a data migration
(portal/migrations/0003_help_content.py); support staff edit them in the admin afterwards.

Answers are Markdown; {support_phone} and {support_hours} show the settings' values, so an
installation with its own support desk says its own number.
"""

from .choices import Audience, FaqSection

S = FaqSection

FAQ = [
    # (section, slug, question, answer)
    (S.CREATING_AN_ACCOUNT, "how-do-i-create-an-account", "How do I create a FinPro account?",
     "Choose **Create a FinPro Account** on the home page. You read and acknowledge the privacy "
     "statement, fill in **Create Profile** (your legal name, SSN or CRD#, date of birth, address, "
     "phones and emails), and FinPro shows you your new User ID. We then email an activation link to "
     "your personal email; it works once and for 24 hours. Follow it to choose a password, sign in, "
     "pick three security questions and verify your identity. "
     "[Start here](/accounts/create/) when you are ready, with the "
     "[quick reference guide](/help/guides/create-an-account/) beside you."),
    (S.CREATING_AN_ACCOUNT, "why-ssn-and-date-of-birth", "Why does FinPro ask for my SSN and date of birth?",
     "Together they find the one person in the Central Registration Depository (CRD) who is you, so "
     "that your account opens onto your own record and nobody else's. We only compare them with CRD; "
     "they are never shown back to you in full, never emailed and never written to our logs."),
    (S.CREATING_AN_ACCOUNT, "how-is-my-information-protected", "How is my information protected?",
     "Everything you send travels over an encrypted connection. Your SSN is stored encrypted, and "
     "pages show only its last four digits. Sessions end after 15 minutes without activity (you are "
     "warned first), and you can add an authenticator app in **My Account**."),
    (S.CREATING_AN_ACCOUNT, "no-ssn", "I do not have a US Social Security number. How do I sign up?",
     "Answer **No** to *Do you have an SSN?* on Create Profile. FinPro then asks for your individual "
     "**CRD#** instead, together with your date of birth. Your firm's compliance department can tell "
     "you your CRD# if you do not know it."),
    (S.CREATING_AN_ACCOUNT, "which-email-address", "Which email address should I give?",
     "Give a **personal** email that stays yours if you change firms or leave the industry. FinPro "
     "sends everything about your account there — activation, password resets, notices about your "
     "record such as a new Form U5. You can add a business email too."),
    (S.CREATING_AN_ACCOUNT, "where-do-emails-come-from", "Which address do FinPro emails come from?",
     "FinPro's messages come from the sender address this installation's support desk publishes. "
     "Add it to your contacts or safe senders so that activation links and reminders do not land in "
     "spam. Every message FinPro sends carries a link to FinPro itself and never asks for your "
     "password or SSN."),
    (S.CREATING_AN_ACCOUNT, "why-the-captcha", "Why do I have to type the letters from a picture?",
     "The picture check on Create Profile makes sure a person, not a program, is creating the "
     "account. If the letters are hard to read, ask for a new picture."),
    (S.UPDATING_YOUR_INFORMATION, "where-does-my-information-come-from",
     "Where does the information in FinPro come from?",
     "From the Central Registration Depository (CRD): the filings your firms made for you (Forms U4 "
     "and U5), your exam results, and what regulators recorded. FinPro shows it; your firm changes it "
     "by filing."),
    (S.UPDATING_YOUR_INFORMATION, "change-my-email", "How do I change my email address?",
     "Select your initials in the upper right corner, then **My Account**. In the personal profile, "
     "select the pencil next to the email you want to change and enter the new address. We send a "
     "confirmation link to the new address, and the change takes effect when you follow it; the old "
     "address is told that it was replaced."),
    (S.UPDATING_YOUR_INFORMATION, "correct-my-record", "Something on my record is wrong. How do I correct it?",
     "Ask your firm's compliance department: they correct your record by filing an amended Form U4. "
     "If you are not with a firm, you can update your residential address yourself on the "
     "**Record** page. Former representatives must keep their residential address current for at "
     "least two years after their last registration ended."),
    (S.IDENTITY_VERIFICATION, "what-is-identity-verification", "What is identity verification?",
     "Before FinPro shows your CRD record, it checks that the person signing up is really you, with "
     "the help of a consumer credit bureau. It protects your record from anyone who knows your SSN "
     "and date of birth. The [quick reference guide](/help/guides/verify-your-identity/) shows each "
     "step."),
    (S.IDENTITY_VERIFICATION, "verification-options", "What will I be asked to do?",
     "Depending on what the bureau knows about you, FinPro offers one or both of these:\n\n"
     "- a **one-time passcode** sent to your personal phone by text or voice call, or\n"
     "- a few **multiple-choice questions** about your own history.\n\n"
     "If neither can be offered, FinPro tells you to call support at {support_phone}, "
     "{support_hours}."),
    (S.IDENTITY_VERIFICATION, "no-passcode-offered", "Why was I not offered a passcode?",
     "A passcode goes only to a phone the bureau links to you alone. Either no personal phone was "
     "given on your profile, or the bureau cannot tie the number to you — a phone on a shared family "
     "plan often cannot be. You can add or change your personal phone in **My Account**."),
    (S.IDENTITY_VERIFICATION, "no-questions-offered", "Why was I not offered questions?",
     "The bureau can only write questions when it holds enough history about you. Someone who is new "
     "to credit, or has moved from abroad, may not have enough yet."),
    (S.IDENTITY_VERIFICATION, "what-questions", "What kind of questions are they?",
     "Questions about places you lived or worked, people you know, or things registered in your "
     "name. Some questions deliberately mention things that have nothing to do with you; when none "
     "of the choices fits, **None of the Above** is the right answer."),
    (S.IDENTITY_VERIFICATION, "are-my-answers-stored", "Does FinPro keep my answers?",
     "No. FinPro records only whether you passed, never the questions or your answers."),
    (S.IDENTITY_VERIFICATION, "verification-failed", "I did not pass identity verification. What now?",
     "Call FinPro support at {support_phone}, {support_hours}. A support agent can confirm who you "
     "are on the phone and verify your account; you will get an email when they do. After several "
     "failed attempts FinPro pauses verification for a few hours, to protect you."),
    (S.IDENTITY_VERIFICATION, "questions-were-wrong", "The questions did not match my history. What can I do?",
     "The questions come from the credit bureau's file about you. If it holds wrong information, "
     "contact the bureau to correct it, and call FinPro support at {support_phone} to verify your "
     "account in the meantime."),
    (S.TECHNICAL_SUPPORT, "system-error", "What should I do when I see \"System Error\"?",
     "Something unexpected went wrong on our side. Check that you are online, close your browser, "
     "open it again and sign back in. If it happens again, call support at {support_phone} and give "
     "the **reference** shown on the page: it lets support find exactly what happened."),
    (S.TECHNICAL_SUPPORT, "system-unavailable", "What does \"System Is Currently Unavailable\" mean?",
     "FinPro is down for scheduled maintenance. Try again later; the [System Status](/status/) page "
     "says when maintenance started and when FinPro is expected back. If the message stays after "
     "that, restart your browser, sign in again, and call support at {support_phone} if it persists."),
    (S.TECHNICAL_SUPPORT, "support-hours", "When can I reach FinPro support?",
     "Call {support_phone}, {support_hours}."),
    (S.TECHNICAL_SUPPORT, "signed-out", "Why was I signed out?",
     "For your security FinPro signs you out after 15 minutes without activity (it warns you two "
     "minutes before and offers **Stay signed in**) and after 12 hours in any case. Sign in again to "
     "carry on; what you saved is kept."),
]

ANNOUNCEMENTS = [
    # (published_from, audience, title, body)
    ("2026-12-01", Audience.BOTH, "A help center inside FinPro",
     "Answers to common questions, step-by-step guides and these announcements now live in FinPro "
     "itself, under **Help** in the footer of every page. Search finds an answer by any word in it."),
    ("2026-11-22", Audience.BOTH, "My Task list on the dashboard",
     "The dashboard now opens with **My Task list**: everything FinPro needs from you, most urgent "
     "first, with its due date. Certify your record, confirm your emails and more start from there."),
    ("2026-11-22", Audience.REPS, "Firm CE due date shown beside Dec 31",
     "When your firm sets an earlier Regulatory Element CE due date, your dashboard's Summary and "
     "Details show it next to the SRO deadline of December 31."),
    ("2026-11-22", Audience.BOTH, "Sign in with Google",
     "You can create your account and sign in with an existing Google account. A Google sign-in "
     "never opens an existing FinPro account by its email alone: the first time, you confirm with "
     "your FinPro password."),
    ("2026-11-22", Audience.FIRMS, "Firm settings with a history of every change",
     "Firm compliance staff set attestation, Form U4 e-signature, CE notifications and the IAR CE fee "
     "opt-in in the firm section; every change is kept with who made it and when."),
]


def load(*, faq_model=None, announcement_model=None) -> int:
    """Create the entries above that are missing (by slug, and by title for announcements);
    never change one support staff edited. Used by the data migration (with its historical
    models) and by `seed_demo`. Returns how many rows it created."""
    import datetime as dt

    if faq_model is None or announcement_model is None:
        from .models import Announcement, FaqEntry

        faq_model, announcement_model = faq_model or FaqEntry, announcement_model or Announcement
    created = 0
    for position, (section, slug, question, answer) in enumerate(FAQ):
        created += faq_model.objects.get_or_create(slug=slug, defaults={
            "section": section, "question": question, "answer": answer, "position": position})[1]
    for day, audience, title, body in ANNOUNCEMENTS:
        created += announcement_model.objects.get_or_create(title=title, defaults={
            "audience": audience, "body": body, "published_from": dt.date.fromisoformat(day)})[1]
    return created
