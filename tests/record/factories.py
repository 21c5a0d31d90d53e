"""Factories the record tests use; they live with every other factory in tests/factories.py."""

from tests.factories import AttestationFactory, FirmSettingsFactory

__all__ = ["AttestationFactory", "FirmSettingsFactory"]
