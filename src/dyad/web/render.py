"""Templates: one jinja2 environment, autoescaping every template and string."""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.responses import HTMLResponse

CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; img-src data:;"
       " form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


def safe_url(value: Any) -> str | None:
    """The URL if it is http(s), else None (no javascript: or data: links)."""
    if not isinstance(value, str):
        return None
    return value if urlsplit(value.strip()).scheme.lower() in ("http", "https") else None


def _blank(value: Any) -> Any:
    """What ``{{ value }}`` prints: nothing for None (never 'None' or 'nan')."""
    if value is None:
        return ""
    if isinstance(value, float) and value != value:
        return ""
    return value


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("dyad.web"), autoescape=True,
                      undefined=StrictUndefined, finalize=_blank, auto_reload=False)
    env.filters["safe_url"] = safe_url
    env.filters["urlpart"] = lambda v: quote(str(v), safe="")
    env.filters["q"] = lambda v: quote(str(v), safe="")
    return env


def render(template: str, status: int = 200, headers: dict[str, str] | None = None,
           **values: Any) -> HTMLResponse:
    html = environment().get_template(template).render(**values)
    return HTMLResponse(html, status_code=status, headers=headers)
