"""The project's own error view: the 500 page, which tells the truth when the database is down."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

# What reaching the database raises when it is down, restarting or out of connections.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def _database_unavailable(error: BaseException | None) -> bool:
    """Whether `error`, or an exception it was raised from or during, is a database outage."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, DATABASE_UNAVAILABLE):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


@requires_csrf_token
def server_error(request: HttpRequest, template_name: str = "500.html"):
    """handler500: Django calls it while handling the exception, so sys.exception() is it.

    The page is rendered without the request (no context processors: no session, user or
    database query), as Django's own server_error does.
    """
    database_down = _database_unavailable(sys.exception())
    template = loader.get_template(template_name)
    return HttpResponseServerError(template.render({"database_down": database_down}))
