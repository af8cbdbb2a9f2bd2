"""One declaration per endpoint: the request's typed query/body, the typed answer, the view.

    api = Api("tto", style="business", prefix="/open_api/v1.3", tag="TikTok One")

    @api.post("/tto/tcm/campaign/create/", body=CampaignCreate, answer=CampaignCreated)
    def campaign_create(body: CampaignCreate) -> CampaignCreated:
        \"\"\"Create a campaign and invite creators (the first docstring line is the summary).\"\"\"
        ...

The registry parses and validates the request before the view runs (a bounded body, a
bounded JSON depth, no NUL or lone surrogates, then `msgspec` against the model), so views
and backends see typed objects, never raw JSON. What the view returns is encoded into the
platform's envelope: the Business API's `{code: 0, message, request_id, data}`, Open API
v2's `{data, error: {code: "ok", ...}}`, or OAuth's flat answer. A refused request is an
`InvalidInput` naming the field, which `rendering.py` answers in the platform's shape
(Business: HTTP 200 `code 40002`; Open API v2: HTTP 400 `invalid_params`).
`/openapi.json` is generated from the same declarations (`simulator.tiktok.openapi`).

msgspec, not pydantic: measured on this project's shapes (docs/performance.md), msgspec
validates a campaign/create body in 0.6 us (pydantic 1.9 us) and encodes a page of 20
orders in 29 us (pydantic 77-115 us; today's dicts + json 39 us), and writes JSON Schema.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, get_args, get_origin

import msgspec
from flask import Blueprint, Response

from simulator.core.errors import InvalidInput
from simulator.core.web import content_length, exchange, query_args

from ..shapes.base import Answer, Request
from ..web import tenant

__all__ = ["Answer", "Api", "Operation", "Request"]

Style = Literal["business", "open", "oauth"]
MAX_BODY_BYTES = 1 << 20  # TikTok's JSON bodies are a few kB; 1 MiB is generous
MAX_DEPTH = 32  # TikTok's deepest request nests 3 levels


R = TypeVar("R", bound=Answer)
Handler = Callable[..., Answer]


@dataclass(frozen=True)
class Operation:
    """One endpoint as declared: where, which shapes, and the view that serves it."""

    method: str
    path: str  # the full path, as clients call it
    style: Style
    tag: str
    handler: Handler
    query: type[Request] | None
    body: type[Request] | None
    answer: type[Answer]
    security: str | None  # "AccessToken", "Bearer" or None
    authenticate: Callable[[str | None], object] | None
    scope: str | None  # the OAuth scope the endpoint needs (Open API v2)
    list_fields: frozenset[str]  # query fields that are arrays (JSON-encoded in the query)

    @property
    def summary(self) -> str:
        """The view's docstring's first line."""
        return (inspect.getdoc(self.handler) or self.handler.__name__).split("\n", 1)[0]

    @property
    def description(self) -> str:
        """The rest of the view's docstring."""
        parts = (inspect.getdoc(self.handler) or "").split("\n", 1)
        return parts[1].strip() if len(parts) > 1 else ""


class Api:
    """A family of endpoints of one API style, served by one Flask blueprint."""

    def __init__(
        self,
        name: str,
        *,
        style: Style,
        tag: str,
        prefix: str = "",
        security: str | None = None,
        authenticate: Callable[[str | None], object] | None = None,
    ) -> None:
        """`authenticate(scope)` checks the caller's credential (and the endpoint's scope)
        before the request is parsed: a caller without a valid token is refused as such,
        whatever its body."""
        self.authenticate = authenticate
        self.style: Style = style
        self.tag = tag
        self.prefix = prefix
        self.security = security
        self.blueprint = Blueprint(name, __name__, url_prefix=prefix or None)
        self.operations: list[Operation] = []

    def get(
        self,
        path: str,
        *,
        query: type[Request] | None = None,
        answer: type[R],
        scope: str | None = None,
    ) -> Callable[[Callable[..., R]], Callable[..., R]]:
        """Declare a GET endpoint."""
        return self._declare("GET", path, query, None, answer, scope)

    def post(
        self,
        path: str,
        *,
        body: type[Request] | None = None,
        query: type[Request] | None = None,
        answer: type[R],
        scope: str | None = None,
    ) -> Callable[[Callable[..., R]], Callable[..., R]]:
        """Declare a POST endpoint (a JSON body; a form for OAuth)."""
        return self._declare("POST", path, query, body, answer, scope)

    def _declare(
        self,
        method: str,
        path: str,
        query: type[Request] | None,
        body: type[Request] | None,
        answer: type[R],
        scope: str | None,
    ) -> Callable[[Callable[..., R]], Callable[..., R]]:
        def register(handler: Callable[..., R]) -> Callable[..., R]:
            op = Operation(
                method=method,
                path=self.prefix + path,
                style=self.style,
                tag=self.tag,
                handler=handler,
                query=query,
                body=body,
                answer=answer,
                security=self.security,
                authenticate=self.authenticate,
                scope=scope,
                list_fields=_list_fields(query),
            )
            self.operations.append(op)
            self.blueprint.add_url_rule(
                path, endpoint=handler.__name__, view_func=_view(op), methods=[method]
            )
            return handler

        return register


def serve(op: Operation) -> bytes:
    """parse -> call -> serialize: the answer's JSON body, in the platform's envelope.

    Raises the semantic errors the caller renders in the platform's shape."""
    if op.authenticate is not None:
        op.authenticate(op.scope)
    args: list[Request] = []
    if op.query is not None:
        args.append(parse_query(op.query, op.list_fields))
    if op.body is not None:
        args.append(parse_form(op.body) if op.style == "oauth" else parse_body(op.body))
    return encode_answer(op.style, op.handler(*args))


def _view(op: Operation) -> Callable[[], Response]:
    """The endpoint as a Flask view (the fast path is `front.ApiFront`)."""

    def view() -> Response:
        return _json(serve(op))

    view.__name__ = op.handler.__name__
    view.__doc__ = op.handler.__doc__
    return view


# ---- serialize -----------------------------------------------------------------------------
_ENCODER = msgspec.json.Encoder()


def encode_answer(style: Style, data: Answer) -> bytes:
    """The typed answer in the platform's success envelope, encoded (with a final newline)."""
    try:
        encoded = _ENCODER.encode(data)
    except UnicodeEncodeError:  # text that came in another way (a page, a seed) with a lone
        encoded = json.dumps(msgspec.to_builtins(data)).encode()  # surrogate: escaped, not lost
    if style == "oauth":
        return encoded + b"\n"
    t = tenant()
    rid = t.ids.request_id(t.clock.now()).encode()
    if style == "business":
        return b'{"code":0,"message":"OK","request_id":"%s","data":%s}\n' % (rid, encoded)
    return b'{"data":%s,"error":{"code":"ok","message":"","log_id":"%s"}}\n' % (encoded, rid)


def _json(body: bytes) -> Response:
    response: Response = exchange().app.response_class(body, mimetype="application/json")
    return response


# ---- parse ---------------------------------------------------------------------------------
M = TypeVar("M", bound=Request)


def parse_query(model: type[M], list_fields: frozenset[str] = frozenset()) -> M:
    """The query string as the model: one value per name; arrays JSON-encoded, as TikTok's
    SDKs send them (`video_ids=["7301..."]`), or repeated, as the official Python Business
    SDK sends some (`dimensions=ad_id&dimensions=stat_time_day`, swagger's `multi`)."""
    data: dict[str, Any] = {}
    args = query_args(exchange().request)
    for name, value in args.items():
        _check_text(name, value)
        if name in list_fields and not value.lstrip().startswith("["):
            repeated = args.getlist(name)
            for item in repeated:
                _check_text(name, item)
            data[name] = repeated
        else:
            data[name] = _json_array(name, value) if name in list_fields else value
    return _convert(data, model)


def parse_form(model: type[M]) -> M:
    """A form-encoded body (OAuth's token endpoint) as the model."""
    _check_size()
    data: dict[str, Any] = {}
    for name, value in exchange().request.form.items():
        _check_text(name, value)
        data[name] = value
    return _convert(data, model)


def parse_body(model: type[M]) -> M:
    """The JSON body as the model: bounded in size and depth, text without NUL or lone
    surrogates, every field of the declared type and range."""
    raw = read_body()
    if not raw.strip():
        raw = b"{}"
    _check_depth(raw, "body")
    if b"\\u0000" in raw:
        where = _bad_text(raw) or "body"
        raise InvalidInput(f"{where}: NUL characters are not allowed", field=where)
    try:
        return msgspec.json.decode(raw, type=model)
    except msgspec.ValidationError as exc:
        raise _invalid(exc, model) from None
    except msgspec.DecodeError as exc:
        bad = _bad_text(raw)
        if bad is not None:
            raise InvalidInput(
                f"{bad}: text must be valid Unicode (no lone surrogates)", field=bad
            ) from None
        raise InvalidInput(f"body: not valid JSON ({exc})", field="body") from None


def read_body() -> bytes:
    """The raw body, refused past MAX_BODY_BYTES."""
    _check_size()
    raw = exchange().read_body()
    if len(raw) > MAX_BODY_BYTES:
        raise _too_large()
    return raw


def _check_size() -> None:
    length = content_length(exchange().request)
    if length is not None and length > MAX_BODY_BYTES:
        raise _too_large()


def _too_large() -> InvalidInput:
    return InvalidInput(
        f"body: the request body is larger than {MAX_BODY_BYTES} bytes", field="body"
    )


def _convert(data: dict[str, Any], model: type[M]) -> M:
    try:
        return msgspec.convert(data, model, strict=False)
    except msgspec.ValidationError as exc:
        raise _invalid(exc, model) from None


def _check_text(name: str, value: str) -> None:
    if "\x00" in name or "\x00" in value:
        where = name.replace("\x00", "\\u0000")
        raise InvalidInput(f"{where}: NUL characters are not allowed", field=where)


def _json_array(name: str, value: str) -> Any:
    """A query parameter that is an array: `["a","b"]` (numbers are taken as their text)."""
    _check_depth(value.encode(), name)
    try:
        items = json.loads(value)
    except ValueError:
        raise InvalidInput(
            f'{name}: must be a JSON-encoded array such as ["7301..."]', field=name
        ) from None
    if not isinstance(items, list):
        raise InvalidInput(f'{name}: must be a JSON-encoded array such as ["7301..."]', field=name)
    bad = _walk(items, name)
    if bad is not None:
        raise InvalidInput(f"{bad}: text must be valid Unicode without NUL", field=bad)
    return [str(i) if isinstance(i, int) and not isinstance(i, bool) else i for i in items]


_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"', re.S)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def _check_depth(raw: bytes, where: str) -> None:
    """Refuse JSON nested deeper than MAX_DEPTH (before any parser recurses into it)."""
    if raw.count(b"[") + raw.count(b"{") <= MAX_DEPTH:
        return  # the common case: too few brackets to be too deep
    depth = 0
    for byte in _STRINGS.sub(b'""', raw).translate(None, _NOT_BRACKETS):
        depth += 1 if byte in b"[{" else -1
        if depth > MAX_DEPTH:
            raise InvalidInput(
                f"{where}: JSON is nested deeper than {MAX_DEPTH} levels", field=where
            )


def _bad_text(raw: bytes) -> str | None:
    """The path of the first string (or key) holding a NUL or a lone surrogate, if any."""
    try:
        doc = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    return _walk(doc, "")


def _walk(value: Any, path: str) -> str | None:
    if isinstance(value, str):
        return None if _clean(value) else (path or "body")
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{path}.{key}" if path else str(key)
            if not _clean(key):
                return here.encode("utf-8", "backslashreplace").decode()
            found = _walk(item, here)
            if found is not None:
                return found
    if isinstance(value, list):
        for i, item in enumerate(value):
            found = _walk(item, f"{path}[{i}]")
            if found is not None:
                return found
    return None


def _clean(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


_AT = re.compile(r"^(?P<text>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.S)
_MISSING = re.compile(r"missing required field `(?P<name>[^`]+)`")
_OWN = re.compile(r"^(?P<name>[A-Za-z_][\w.\[\]]*): (?P<text>.*)$", re.S)


def _invalid(exc: msgspec.ValidationError, model: type[Request]) -> InvalidInput:
    """msgspec's 'Expected `str`, got `array` - at `$.campaign_name`' as
    'campaign_name: expected `str`, got `array`'."""
    match = _AT.match(str(exc))
    text = match.group("text") if match else str(exc)
    path = (match.group("path") if match else "") or ""
    path = path.lstrip(".")
    missing = _MISSING.search(text)
    if missing:
        path = f"{path}.{missing.group('name')}" if path else missing.group("name")
        text = "is required"
    own = None if missing else _OWN.match(text)
    if own:  # a model's own check names its field: "end_date: must not be before start_date"
        path = f"{path}.{own.group('name')}" if path else own.group("name")
        text = own.group("text")
    field = path or "body"
    text = f"{text[:1].lower()}{text[1:]}"
    if text.startswith("invalid enum value"):
        allowed = _enum_of(model, field)
        if allowed:
            text += f" (one of {', '.join(str(v) for v in allowed)})"
    return InvalidInput(f"{field}: {text}", field=field)


def _enum_of(model: type[Request], path: str) -> list[Any]:
    """The values a field takes, from the model's JSON Schema (`a.b[0].c`)."""
    (ref,), defs = msgspec.json.schema_components([model])
    schema: Any = ref
    for step in re.findall(r"[^.\[\]]+", path):
        while "$ref" in schema:
            schema = defs[schema["$ref"].rsplit("/", 1)[-1]]
        schema = schema["items"] if step.isdigit() else schema.get("properties", {}).get(step, {})
    for option in [schema, *schema.get("anyOf", [])]:
        if "enum" in option:
            return list(option["enum"])
    return []


def _list_fields(model: type[Request] | None) -> frozenset[str]:
    if model is None:
        return frozenset()
    names = set()
    for f in msgspec.structs.fields(model):
        kinds = [f.type, *get_args(f.type)]
        if any(get_origin(k) is list or k is list for k in kinds):
            names.add(f.encode_name)
    return frozenset(names)
