"""How the public site answers errors: fast, with the right status, one log line.

Datasette's own handler prints every exception, a plain 404 included, with ``rich``
and the locals of every frame when ``rich`` is installed (about 14 KB of text, 0.2–0.7 s,
inside the event loop). A reader's mistake (a missing page, a wrong parameter, a
method the site does not take) is not the server's error: it gets its 4xx and the
access log's line. Only a real fault (500) is logged, once, with a plain traceback.
"""
from __future__ import annotations

import logging

from datasette.utils import add_cors_headers
from datasette.utils.asgi import Base400, Response
from datasette.views.base import DatasetteError
from markupsafe import Markup

logger = logging.getLogger("novadi.site")

# Messages readers see for the errors the site itself does not raise.
MESSAGES = {
    400: "Nepareizs pieprasījums / Bad request",
    403: "Piekļuve liegta / Forbidden",
    404: "Nav atrasts / Not found",
    405: "Šī darbība nav atļauta / Method not allowed",
    500: "Servera kļūda / Server error",
}


def classify(exception: BaseException) -> tuple[int, str, dict, str | None]:
    """``(status, message, extra fields, title)`` for an exception raised by a view."""
    if isinstance(exception, Base400):
        return exception.status, str(exception.args[0]) if exception.args else MESSAGES.get(exception.status, ""), {}, None
    if isinstance(exception, DatasetteError):
        message = Markup(exception.message) if exception.message_is_html else exception.message
        status = exception.status
        if status == 500 and _raised_in(exception, READS_ARGUMENTS):
            # Datasette 0.65 checks ``_sort``, ``_sort_desc`` and ``_through`` there and
            # raises without a status: the reader's argument is wrong, not the server.
            status = 400
        return status, message, dict(exception.error_dict or {}), exception.title
    if isinstance(exception, (ValueError, TypeError)) and _raised_in(exception, READS_ARGUMENTS):
        return 400, MESSAGES[400], {}, None  # e.g. ``?_next=zzzz``, not a cursor
    if isinstance(exception, OverflowError):
        # A number from the URL past SQLite's 64-bit integers (``?rev=99999999999999999999``).
        return 400, MESSAGES[400], {}, None
    return 500, MESSAGES[500], {}, None


# Datasette's modules whose errors are about the request's own arguments.
READS_ARGUMENTS = ("datasette/views/table.py", "datasette/filters.py")


def _raised_in(exception: BaseException, files: tuple[str, ...]) -> bool:
    tb = exception.__traceback__
    last = None
    while tb is not None:
        last = tb.tb_frame.f_code.co_filename
        tb = tb.tb_next
    return bool(last) and last.replace("\\", "/").endswith(files)


def response_for(datasette, request, exception: BaseException):
    """An awaitable building the error response (Datasette's ``handle_exception`` contract)."""

    async def inner():
        status, message, info, title = classify(exception)
        if status >= 500:
            logger.error("%s %s: %s", request.method, request.path, exception,
                         exc_info=(type(exception), exception, exception.__traceback__))
        info.update({"ok": False, "error": message, "status": status, "title": title})
        headers = {}
        if datasette.cors:
            add_cors_headers(headers)
        if status == 405:
            headers["Allow"] = "GET, HEAD"
        if request.path.endswith(".json"):
            return Response.json(info, status=status, headers=headers)
        template = datasette.jinja_env.select_template([f"{status}.html", "error.html"])
        html = await template.render_async(
            dict(info, urls=datasette.urls, app_css_hash=datasette.app_css_hash(), menu_links=lambda: [],
                 request=request, novadi_db=None, site_metadata={}))
        return Response.html(html, status=status, headers=headers)

    return inner
