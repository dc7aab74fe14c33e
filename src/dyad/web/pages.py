"""The pages: each handler reads its parameters, asks ``dyad.api.browse`` through the
store access (``request.app.state.store``) and renders a template. No SQL here."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from dyad.api import browse
from dyad.api.browse import BadRequest
from dyad.web.access import StoreAccess
from dyad.web.render import environment, render

CODER_COOKIE = "dyad_coder"
# keyboard shortcuts of the coding page: topics in codebook order, then tone
TOPIC_KEYS = "123456789abcdefghijklm"
TONE_KEYS = (("-1", "n", "negative"), ("0", "z", "neutral"), ("1", "p", "positive"))


def _store(request: Request) -> StoreAccess:
    store: StoreAccess = request.app.state.store
    return store


def _page(request: Request, template: str, **values: Any) -> HTMLResponse:
    return render(template, csrf=request.app.state.csrf_token, **values)


async def _cached_page(request: Request, key: tuple[Any, ...], template: str,
                       fn: Any) -> HTMLResponse:
    """A page that depends only on the store: ``fn(con)`` and the template rendered once
    per store version, in a worker thread, and served from the cache after that."""
    csrf = request.app.state.csrf_token

    def build(con: Any) -> str:
        return environment().get_template(template).render(csrf=csrf, **fn(con))

    return HTMLResponse(await _store(request).cached(("html", *key), build))


def _param(request: Request, name: str) -> str:
    values = request.query_params.getlist(name)
    if len(values) > 1:
        raise BadRequest(f"parameter {name!r} given {len(values)} times")
    return values[0].strip() if values else ""


def _field(form: dict[str, list[str]], name: str, *, required: bool = True) -> str:
    values = form.get(name) or []
    if len(values) > 1:
        raise BadRequest(f"field {name!r} given {len(values)} times")
    value = values[0].strip() if values else ""
    if required and not value:
        raise BadRequest(f"field {name!r} is missing")
    return value


def _form(request: Request) -> dict[str, list[str]]:
    form: dict[str, list[str]] = request.scope["dyad.form"]  # parsed and checked by the guard
    return form


def _message(request: Request, name: str) -> str:
    return _param(request, name)[:300]


async def index(request: Request) -> Response:
    return await _cached_page(request, ("index",), "index.html.j2",
                              lambda con: browse.store_summary(con))


async def report(request: Request) -> Response:
    pair = browse.check_pair(_param(request, "pair") or None)
    today = dt.date.today()
    html = await _store(request).cached(
        ("report", pair, today), lambda con: browse.report_html(con, pair, as_of=today),
        report=True)
    return HTMLResponse(html)


async def contacts(request: Request) -> Response:
    args = {k: _param(request, k) for k in ("pair", "from", "to", "level", "admin")}
    browse.check_pair(args["pair"] or None)  # fail before caching anything
    return await _cached_page(
        request, ("contacts", tuple(sorted(args.items()))), "contacts.html.j2",
        lambda con: browse.contacts_page(con, args["pair"] or None, date_from=args["from"],
                                         date_to=args["to"], level=args["level"],
                                         admin=args["admin"]))


async def contact(request: Request) -> Response:
    contact_id = request.path_params["contact_id"]
    return await _cached_page(request, ("contact", contact_id), "contact.html.j2",
                              lambda con: browse.contact_detail(con, contact_id))


async def review(request: Request) -> Response:
    done = _message(request, "done")
    if not done:
        return await _cached_page(request, ("review",), "review.html.j2",
                                  lambda con: {"items": browse.review_items(con), "done": ""})
    items = await _store(request).cached(("review",), browse.review_items)
    return _page(request, "review.html.j2", items=items, done=done)


async def review_post(request: Request) -> Response:
    form = _form(request)
    action = _field(form, "action")
    contact_id = _field(form, "contact_id")
    field = _field(form, "field", required=False) or None
    other_ref = _field(form, "other_ref", required=False) or None
    other_value: str | None = _field(form, "other_value", required=False)
    if _field(form, "other_value_null", required=False):
        other_value = None
    done = await _store(request).write(
        lambda con: browse.apply_review(con, action, contact_id, field=field,
                                        other_value=other_value, other_ref=other_ref))
    return RedirectResponse("/review?done=" + quote(done), status_code=303)


def _coder_cookie(request: Request) -> str | None:
    try:
        return browse.check_coder(request.cookies.get(CODER_COOKIE))
    except BadRequest:
        return None


async def code(request: Request) -> Response:
    coder = _coder_cookie(request)
    article_id = _param(request, "article") or None
    data = await _store(request).read(
        lambda con: browse.coding_page(con, coder, article_id))
    keyed = [(key, label, TOPIC_KEYS[i] if i < len(TOPIC_KEYS) else "")
             for i, (key, label) in enumerate(data.pop("topics"))]
    return _page(request, "code.html.j2", **data, topics=keyed, tones=TONE_KEYS,
                 saved=_message(request, "saved"))


async def code_post(request: Request) -> Response:
    form = _form(request)
    article_id = _field(form, "article_id")
    coder = browse.check_coder(_field(form, "coder"))
    tone = _field(form, "tone", required=False)
    if not tone:
        raise BadRequest("choose a tone (-1, 0 or 1)")
    chosen = form.get("topics", [])
    done = await _store(request).write(
        lambda con: browse.save_human_code(con, article_id, coder, chosen, tone))
    response = RedirectResponse("/media/code?saved=" + quote(done), status_code=303)
    response.set_cookie(CODER_COOKIE, coder, max_age=365 * 24 * 3600, path="/",
                        httponly=True, samesite="strict")
    return response


async def health(request: Request) -> Response:
    return PlainTextResponse("ok")
