"""Domain errors: what went wrong, in the domain's words. The API maps them to problem+json in one place
(app/api/errors.py); services and the repository never pick an HTTP status."""

from __future__ import annotations


class DomainError(Exception):
    """Base class. `field` names the input at fault (a query parameter, a file column) where there is one."""

    title = "Error"

    def __init__(self, detail: str, *, field: str | None = None, errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field
        self.errors = errors if errors is not None else ([{"field": field, "message": detail}] if field else [])


class InvalidInput(DomainError):  # noqa: N818 - the domain's own words
    """The request (or the data) cannot be read or makes no sense: fix it and try again."""

    title = "Invalid request"


class NotFound(DomainError):  # noqa: N818 - the domain's own words
    """Something the request names does not exist."""

    title = "Not found"

    def __init__(
        self,
        detail: str,
        *,
        title: str | None = None,
        field: str | None = None,
        errors: list[dict[str, str]] | None = None,
    ) -> None:
        super().__init__(detail, field=field, errors=errors)
        if title:
            self.title = title


class Conflict(DomainError):  # noqa: N818 - the domain's own words
    """The request contradicts what the graph already holds."""

    title = "Conflict"


class PreconditionFailed(DomainError):  # noqa: N818 - the domain's own words
    """The client's version of what it changes is not the current one (a stale If-Match)."""

    title = "Precondition failed"


class PreconditionRequired(DomainError):  # noqa: N818 - the domain's own words
    """An update must say which version it changes (If-Match)."""

    title = "Precondition required"
