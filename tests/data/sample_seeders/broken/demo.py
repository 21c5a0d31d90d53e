"""An app demo module whose own import fails: seed_demo must not hide that."""

import finpro_no_such_package_for_tests  # noqa: F401


def seed(demo):
    raise AssertionError("never reached")
