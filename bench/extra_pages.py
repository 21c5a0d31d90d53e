"""The bench's other page rows (issue 16, point 3): one line each in ROWS.

Every row is measured like the budget pages, in the same interleaved rounds: throughput and its
ratio to B1 (target ≥ 0.5 × B1 unless the README says why), and its query count at the two data
sizes of the query-count table. A row names the signed-in person (REP or COMPLIANCE, both
signed in over HTTP by the bench) and a function that returns the path, run once against the
bench database after seeding (it may create what the page needs, idempotently, as long as it
adds nothing to the dashboard's My Task list).

To add a page: write a `def my_page_path() -> str` below (or use `fixed("/path/")`) and append
`PageRow("my_page", "What it is (who)", REP, my_page_path)` to ROWS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

REP, COMPLIANCE = "dana.rep", "casey.compliance"


@dataclass(frozen=True)
class PageRow:
    name: str
    label: str
    username: str
    path: Callable[[], str]
    target: float = 0.5


def fixed(path: str) -> Callable[[], str]:
    return lambda: path


def _firm():
    from firmsettings.models import FirmMembership

    return FirmMembership.objects.select_related("firm").filter(user__username=COMPLIANCE).first().firm


def ce_player_path() -> str:
    """Page 1 of the first module of dana's plan (a completed module reads without moving on)."""
    from ce.models import PlanModule

    module = PlanModule.objects.filter(plan__individual__account__username=REP).order_by("pk").first()
    return f"/ce/modules/{module.pk}/pages/1/"


def u4_entry_path() -> str:
    """Dana's Form U4 at casey's firm, opened to her and returned to the firm: her data-entry
    view shows it read-only, and it is no My Task (made once, kept in the bench database)."""
    from accounts.models import User
    from u4 import services
    from u4.choices import REP_EDITABLE_SECTIONS
    from u4.models import Filing

    firm = _firm()
    dana, casey = User.objects.get(username=REP), User.objects.get(username=COMPLIANCE)
    filing = Filing.objects.filter(
        firm=firm, individual_id=dana.individual_id, events__action="rep_edits_allowed").first()
    if filing is None:
        filing = services.filing_create(firm=firm, user=casey, individual=dana.individual)
        filing = services.filing_allow_rep_edits(filing=filing, sections=list(REP_EDITABLE_SECTIONS)[:3], user=casey)
        filing = services.filing_return_to_firm(filing=filing, user=dana)
    return f"/u4/{filing.pk}/"


def firm_ce_path() -> str:
    return f"/firm/{_firm().crd_number}/ce/"


ROWS: list[PageRow] = [
    PageRow("ce_player", "CE player, a module page (dana)", REP, ce_player_path),
    PageRow("u4_entry", "Form U4 data-entry view (dana)", REP, u4_entry_path),
    PageRow("firm_ce", "Firm's CE view (casey)", COMPLIANCE, firm_ce_path),
]
