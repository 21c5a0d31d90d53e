"""Results by `manage.py import_exam_results FILE` (all or nothing, per-row report) and by
support in the admin; extensions decided by support admins in the admin."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from crd.choices import ExamOutcome
from crd.models import ExamResult
from exams import services
from exams.choices import ExtensionStatus, WindowStatus
from finpro.support_groups import ADMIN, AGENT
from tests import factories

pytestmark = pytest.mark.django_db


def _csv(tmp_path, text):
    path = tmp_path / "results.csv"
    path.write_text(text)
    return str(path)


def test_import_records_every_row(tmp_path, window, candidate, s7, firm, capsys):
    other = services.window_open(individual=factories.IndividualFactory(), exam=s7, firm=firm)
    today = timezone.localdate()
    path = _csv(tmp_path, "crd_number,exam,taken_on,outcome,score\n"
                          f"{candidate.individual.crd_number},S7,{today:%Y-%m-%d},passed,84\n"
                          f"{other.individual.crd_number},s7,{today:%m/%d/%Y},failed,\n")
    call_command("import_exam_results", path)
    window.refresh_from_db()
    other.refresh_from_db()
    assert (window.status, other.status) == (WindowStatus.COMPLETED, WindowStatus.CLOSED)
    assert ExamResult.objects.get(individual=candidate.individual).score == 84
    assert "1 passed, 1 failed" in capsys.readouterr().out


def test_import_with_one_bad_row_writes_nothing_and_reports_each_row(tmp_path, window, candidate, capsys):
    today = timezone.localdate()
    path = _csv(tmp_path, "crd_number,exam,taken_on,outcome,score\n"
                          f"{candidate.individual.crd_number},S7,{today:%Y-%m-%d},passed,84\n"
                          "9999999,S7,2026-13-40,maybe,140\n"
                          f"{candidate.individual.crd_number},S99,{today:%Y-%m-%d},passed,\n")
    with pytest.raises(CommandError, match="rejected"):
        call_command("import_exam_results", path)
    report = capsys.readouterr().err
    assert "Nothing was imported" in report
    for expected in ("No person in CRD has CRD# 9999999", "Not a date", "Use passed or failed",
                     "A whole number from 0 to 100", "no open, scheduled or expired S99 window"):
        assert expected in report
    assert "    3  " in report and "    4  " in report
    window.refresh_from_db()
    assert window.status == WindowStatus.OPEN and not ExamResult.objects.exists()


def test_import_dry_run_writes_nothing(tmp_path, window, candidate):
    path = _csv(tmp_path, f"crd_number,exam,taken_on,outcome\n{candidate.individual.crd_number},S7,"
                          f"{timezone.localdate():%Y-%m-%d},passed\n")
    call_command("import_exam_results", path, "--dry-run")
    window.refresh_from_db()
    assert window.status == WindowStatus.OPEN and not ExamResult.objects.exists()


def _staff(group_name, username):
    user = factories.UserFactory(is_staff=True, username=username)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_support_admin_records_a_result_in_the_admin(client, window):
    client.force_login(_staff(ADMIN, "desk.admin"))
    url = reverse("admin:exams_examwindow_changelist")
    response = client.post(url, {"action": "record_result", "_selected_action": [window.pk]})
    assert response.status_code == 200 and "Record a result" in response.content.decode()
    response = client.post(url, {"action": "record_result", "_selected_action": [window.pk], "apply": "1",
                                 "taken_on": (window.opened_on - dt.timedelta(days=1)).isoformat(),
                                 "outcome": "passed", "score": "90"})
    assert "The window opened on" in response.content.decode() and not ExamResult.objects.exists()
    response = client.post(url, {"action": "record_result", "_selected_action": [window.pk], "apply": "1",
                                 "taken_on": timezone.localdate().isoformat(), "outcome": "passed", "score": "90"})
    assert response.status_code == 302
    window.refresh_from_db()
    assert window.status == WindowStatus.COMPLETED and window.result.outcome == ExamOutcome.PASSED


def test_support_admin_approves_an_extension_and_an_agent_cannot(client, window):
    extension = factories.ExtensionRequestFactory(window=window)
    url = reverse("admin:exams_extensionrequest_changelist")
    client.force_login(_staff(AGENT, "desk.agent"))
    client.post(url, {"action": "approve", "_selected_action": [extension.pk]})
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.PENDING
    admin = _staff(ADMIN, "desk.admin")
    client.force_login(admin)
    client.post(url, {"action": "approve", "_selected_action": [extension.pk]})
    extension.refresh_from_db()
    window.refresh_from_db()
    assert extension.status == ExtensionStatus.APPROVED and extension.decided_by == admin
    assert window.closes_on > window.original_closes_on
