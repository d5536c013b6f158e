"""Shared fixtures: users per role, an API client with a token, factories."""

import os
from collections.abc import Callable, Iterator

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import translation
from rest_framework.test import APIClient

from intrel.accounts.backends import PERMISSIONS_VERSION
from intrel.accounts.constants import Role
from intrel.accounts.models import User
from intrel.accounts.services import roles_sync
from intrel.api.services import person_token_create
from intrel.core import versions
from intrel.relations.selectors import FILTER_OPTIONS_VERSION
from intrel.reviews.selectors import IMPACT_VERSION

# The fixtures through which a test reaches the database: without one of them, or the django_db
# mark, pytest-django refuses every query the test makes. (``django_db_blocker`` and
# ``django_db_setup`` are not named: pytest-django's own autouse fixtures ask for them in every
# test; the module and package fixtures that use them go with the django_db mark.)
_DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
        "demo_module",
    }
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``INTREL_DATABASE_TESTS_ONLY=1`` (CI's second database, .ci/run): only the tests that can
    reach the database run. The others (the engine's, the architecture's: no query is allowed
    to them) ran in the first pass and cannot see which database is configured. A test that
    starts a process of its own keeps its place (``subprocess`` in its module), as that
    process may open the configured database."""
    if os.environ.get("INTREL_DATABASE_TESTS_ONLY") != "1":
        return
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        module = getattr(item, "module", None)
        reaches = (
            item.get_closest_marker("django_db") is not None
            or bool(_DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))
            or (module is not None and "subprocess" in vars(module))
        )
        (keep if reaches else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(autouse=True)
def _language_of_the_settings() -> Iterator[None]:
    """Each test starts and ends in the test settings' language.

    A request to a Dutch page (LocaleMiddleware) or ``translation.activate`` leaves its language
    active in the worker's thread; without this the next test on that worker reads Dutch where
    it expects English, and the suite depends on the order pytest-xdist happens to pick.
    """
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_filter_options() -> None:
    """The relation list's cached filter options (issue 19) are made afresh in every test: a
    test's rolled-back data sends no signal that would tell the cache."""
    versions.bump(FILTER_OPTIONS_VERSION)
    # Likewise the cached permission sets: a rolled-back test's user id comes back in the next.
    versions.bump(PERMISSIONS_VERSION)
    # And the impact page's analysis of the register.
    versions.bump(IMPACT_VERSION)


@pytest.fixture(scope="module")
def demo_module(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    """The Helmond demo (``demo_load``), loaded once per test module and rolled back after it.

    The data lives in one outer transaction; each test runs in a savepoint inside it, so what a
    test writes is undone, and so is the demo once the module is done (as tests/pages/conftest.py
    does for a package). Loading the demo takes seconds: loaded per test, it was minutes of the
    suite on PostgreSQL. For modules whose tests use the demo without ``transaction=True``."""
    from intrel.demo.services import demo_load

    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        translation.deactivate()  # as a test begins (_language_of_the_settings)
        demo_load()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    """A user with the given role (a Dutch group name, e.g. ``Role.POLICY_OFFICER``)."""

    def make(role: str | None = Role.POLICY_OFFICER, username: str | None = None) -> User:
        roles_sync()
        name = username or (str(role).replace(" ", "_") if role else "norole")
        user = User.objects.create_user(username=name, password="pw-for-tests-only")
        if role:
            user.groups.add(Group.objects.get(name=str(role)))
        return user

    return make


@pytest.fixture
def officer(make_user: Callable[..., User]) -> User:
    return make_user(Role.POLICY_OFFICER)


@pytest.fixture
def officer_client(client, officer: User):  # type: ignore[no-untyped-def]
    client.force_login(officer)
    return client


@pytest.fixture
def api_client_for(make_user: Callable[..., User]) -> Callable[..., APIClient]:
    """An API client that sends ``Authorization: Bearer <token>`` of a user with ``role``."""

    def make(role: str | None = Role.POLICY_OFFICER) -> APIClient:
        user = make_user(role)
        _, key = person_token_create(user=user, name="tests")
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        return api

    return make
