"""Hypothesis profiles, chosen by the HYPOTHESIS_PROFILE environment variable.

``ci`` (what ``make test`` uses): no deadline, moderate example counts.
``dev``: fewer examples for a quick local loop. ``thorough``: many more.
"""

import gc
import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
settings.register_profile("dev", max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "thorough", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture
def no_cyclic_gc() -> Iterator[None]:
    """Run the test with the cyclic collector off: whatever is freed is freed by
    reference counting alone."""
    was = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
