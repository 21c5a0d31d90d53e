"""Reads of the help center: the FAQ by section, one answer, search, announcements."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from finpro.markdown import render_markdown

from .choices import Audience, FaqSection
from .models import Announcement, AnnouncementDismissal, FaqEntry


@dataclass(frozen=True)
class Answer:
    entry: FaqEntry
    html: str


def _answer_html(entry: FaqEntry) -> str:
    text = entry.answer.replace("{support_phone}", settings.SUPPORT_PHONE).replace(
        "{support_hours}", settings.SUPPORT_HOURS)
    return render_markdown(text)


def faq_sections() -> list[tuple[str, str, list[Answer]]]:
    """(section key, label, answers) in the order of FaqSection, empty sections left out."""
    by_section: dict[str, list[Answer]] = {}
    for entry in FaqEntry.objects.filter(published=True):
        by_section.setdefault(entry.section, []).append(Answer(entry, _answer_html(entry)))
    return [(key, label, by_section[key]) for key, label in FaqSection.choices if key in by_section]


def faq_answer(*, slug: str) -> Answer | None:
    entry = FaqEntry.objects.filter(published=True, slug=slug).first()
    return Answer(entry, _answer_html(entry)) if entry else None


def help_search(*, query: str, limit: int = 20) -> list[Answer]:
    """Published answers matching the words of `query`: PostgreSQL full-text search (questions
    weigh more than answers, English stemming), or every word somewhere in the question or the
    answer on other databases."""
    query = " ".join(query.split())[:200]
    if not query:
        return []
    entries: QuerySet[FaqEntry] = FaqEntry.objects.filter(published=True)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("question", weight="A", config="english") + SearchVector(
            "answer", weight="B", config="english")
        search = SearchQuery(query, search_type="websearch", config="english")
        entries = entries.annotate(rank=SearchRank(vector, search)).filter(rank__gt=0).order_by("-rank", "id")
    else:
        for word in query.split():
            entries = entries.filter(Q(question__icontains=word) | Q(answer__icontains=word))
    return [Answer(entry, _answer_html(entry)) for entry in entries[:limit]]


def _audiences_for(user) -> list[str]:
    """Reps see announcements for reps, firm staff those for firms; everyone sees both-audience ones."""
    from firmsettings.selectors import has_membership

    audiences = [Audience.BOTH]
    if getattr(user, "individual_id", None) or not getattr(user, "is_authenticated", False):
        audiences.append(Audience.REPS)
    if not getattr(user, "is_authenticated", False) or has_membership(user=user):
        audiences.append(Audience.FIRMS)
    return audiences


def announcements_published(*, today: dt.date | None = None) -> QuerySet[Announcement]:
    today = today or timezone.localdate()
    return Announcement.objects.filter(published_from__lte=today)


def announcement_for_dashboard(*, user, today: dt.date | None = None) -> Announcement | None:
    """The newest published announcement for this person's audience that they have not dismissed."""
    dismissed = AnnouncementDismissal.objects.filter(user=user).values("announcement_id")
    return (announcements_published(today=today).filter(audience__in=_audiences_for(user))
            .exclude(pk__in=dismissed).first())


ANNOUNCEMENTS_CACHE_SECONDS = 300
SESSION_DISMISSED = "portal_dismissed_announcements"  # announcement ids: not personal data


def _announcements_cache_key(today: dt.date) -> str:
    return f"portal:announcements:{today.isoformat()}"


def announcements_cache_clear(*, today: dt.date | None = None) -> None:
    cache.delete(_announcements_cache_key(today or timezone.localdate()))


def dashboard_announcement(*, user, session, today: dt.date | None = None) -> dict | None:
    """The newest published announcement for the person's audience that they have not dismissed,
    as {pk, title, published_from, html}. No query once warm: the published list is cached for a
    few minutes (cleared when support saves one), the person's dismissals are read once a session."""
    today = today or timezone.localdate()
    key = _announcements_cache_key(today)
    rows = cache.get(key)
    if rows is None:
        rows = list(announcements_published(today=today).values("pk", "title", "body", "audience",
                                                                "published_from")[:20])
        cache.set(key, rows, ANNOUNCEMENTS_CACHE_SECONDS)
    audiences = set(_audiences_for(user))
    candidates = [row for row in rows if row["audience"] in audiences]
    if not candidates:
        return None
    dismissed = session.get(SESSION_DISMISSED)
    if dismissed is None:
        dismissed = list(AnnouncementDismissal.objects.filter(user=user).values_list("announcement_id", flat=True))
        session[SESSION_DISMISSED] = dismissed
    row = next((row for row in candidates if row["pk"] not in dismissed), None)
    if row is None:
        return None
    return {"pk": row["pk"], "title": row["title"], "published_from": row["published_from"],
            "html": render_markdown(row["body"])}
