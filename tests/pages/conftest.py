"""The demo data, loaded once for the page tests of this package and rolled back after them.

Loading the demo takes seconds; loading it per test would make the page tests too slow for CI.
The data lives in one outer transaction (``django_db_blocker``); each test runs in a savepoint
inside it, so what a test writes is undone, and so is the demo once the package is done.
"""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import translation

from intrel.accounts.models import User
from intrel.accounts.services import DEMO_ACCOUNTS, roles_sync
from intrel.imports.services import import_batch_preview
from intrel.imports.template_files import template_csv


@dataclass(frozen=True)
class Demo:
    users: dict[str, User]  # demo username -> user (one per role)


@pytest.fixture(scope="package")
def demo(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[Demo]:
    from intrel.demo.services import demo_accounts_link, demo_load

    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        roles_sync()
        # Loaded as `make demo` loads it: in Dutch, the default language (the test settings
        # speak English), so texts the services store when they write are Dutch.
        with translation.override("nl"):
            demo_load()
        users = {}
        for account in DEMO_ACCOUNTS:
            user = User.objects.create_user(
                username=account.username,
                password="pw-for-tests-only",
                first_name=account.first_name,
                last_name=account.last_name,
                is_staff=account.role == "functioneel beheer",
            )
            user.groups.set([Group.objects.get(name=str(account.role))])
            users[account.username] = user
        # As `make run` does: the demo accounts act as the demo's persons holding office.
        demo_accounts_link()
        # An upload with one good and one incomplete row, so that the import pages are walked
        # with a preview that lists problems (the demo itself imports nothing).
        header, example = template_csv().decode("utf-8-sig").splitlines()[:2]
        incomplete = ",".join(["demo-onvolledig"] + [""] * (header.count(",")))
        # Problems are stated in the uploader's language and stored so (docs/import.md): one
        # upload per interface language, each walked in its own language.
        for language in ("nl", "en"):
            with translation.override(language):
                import_batch_preview(
                    filename=f"demo-{language}.csv",
                    content="\r\n".join([header, example, incomplete]).encode(),
                    user=users["beheer"],
                )
        _review_rounds(users["beleid"])
        yield Demo(users=users)
        transaction.set_rollback(True)


def _review_rounds(officer: User) -> None:
    """Beside the demo's open review (2014, every relation but Brainport's, which started in
    2018): a round over Brainport the council decided in 2019, so the actions' pages are walked
    (its one action is overdue for the EZ alderman, the 'wethouder' account), with its council
    report, and a later one compared with it."""
    from datetime import date

    from intrel.relations.models import Relation
    from intrel.reviews import services

    brainport = [Relation.objects.get(slug="helmond-brainport-acquisitie")]
    decided = services.review_round_start(
        title="Herijking Brainport 2019",
        framework_id="helmond-2013",
        reference_date=date(2019, 1, 1),
        relations=brainport,
        user=officer,
    )
    services.review_round_assess(review_round=decided, user=officer)
    services.review_advice_record(review_round=decided, text="Advies", on=date(2019, 2, 1))
    services.review_proposal_record(review_round=decided, text="Voorstel", on=date(2019, 3, 1))
    services.review_decision_record(
        review_round=decided, text="Besluit", on=date(2019, 4, 1), user=officer
    )
    # Its council report, built (inline) as the round's page builds it, so the report's pages
    # and files are walked.
    services.review_report_request(review_round=decided, language="nl", user=officer)
    services.review_round_start(
        title="Herijking Brainport 2021",
        framework_id="helmond-2013",
        reference_date=date(2021, 1, 1),
        relations=brainport,
        previous=decided,
        user=officer,
    )
