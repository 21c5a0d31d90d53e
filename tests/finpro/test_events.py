import pytest
from django.db import transaction

from finpro.events import FirmEvent, firm_event, publish

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def received():
    seen = []

    def receiver(sender, firm_id, event, data, **kwargs):
        seen.append((firm_id, event, data))

    firm_event.connect(receiver, weak=False)
    yield seen
    firm_event.disconnect(receiver)


def test_an_event_is_announced_after_its_transaction_commits(received):
    with transaction.atomic():
        publish(firm_id=7, event=FirmEvent.U4_SIGNED, data={"filing": 1})
        assert received == []
    assert received == [(7, FirmEvent.U4_SIGNED, {"filing": 1})]


def test_a_rolled_back_change_is_never_announced(received):
    with pytest.raises(RuntimeError), transaction.atomic():
        publish(firm_id=7, event="u5.filed", data={})
        raise RuntimeError("the change failed")
    assert received == []


def test_an_unknown_event_is_refused_at_once():
    with pytest.raises(ValueError):
        publish(firm_id=7, event="u4.maybe", data={})
