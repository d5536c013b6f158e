"""Domain errors raised by services; views and the API turn them into clear messages."""

from collections.abc import Mapping, Sequence


class DomainError(Exception):
    """A refusal a user can act on: what is wrong, on which field, and which clause says so."""

    status = 400

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        clauses: Sequence[str] = (),
        problems: Sequence[Mapping[str, object]] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.clauses = list(clauses)
        self.problems = list(problems)


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409


class Forbidden(DomainError):
    """The caller may do the operation, but not everything this input would do: ``permission``
    names the one it lacks (for the refusal's log line)."""

    status = 403

    def __init__(
        self, message: str, *, field: str | None = None, permission: str | None = None
    ) -> None:
        super().__init__(message, field=field)
        self.permission = permission
