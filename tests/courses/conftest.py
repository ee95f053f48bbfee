"""Italian courses' fixtures (made by tests/courses_factories.py): a period open for enrolment since a month,
running since ten days, and its classes."""

from __future__ import annotations

from functools import partial

import pytest

from tests import courses_factories


@pytest.fixture
def period(app):
    return courses_factories.period(app)


@pytest.fixture
def make_course(app, period):
    return partial(courses_factories.course, app, period)
