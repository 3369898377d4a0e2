"""Schemathesis hooks for scripts/fuzz.sh: rules across fields that JSON Schema cannot say.

A schema-valid case ("positive") must be one the API accepts, so positive cases are made to keep the two rules the
document can only describe in words: a slot (or a workshop) ends after it starts and at most 24 hours later, a
workshop starts in the future, and a decision's `until` is in the future. Negative cases are left as generated, but for one thing: a webhook URL, in any
case, points at a closed port on the loopback, so that no delivery ever leaves the machine.
"""
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit, urlunsplit

import schemathesis


def _positive(case):
    meta = case.meta
    return meta is None or meta.generation.mode.is_positive  # an example (no generation meta) is a positive case


def _at(value):
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _iso(moment):
    return moment.isoformat().replace("+00:00", "Z")


def _fix_slot(slot):
    start = _at(slot.get("start")) if isinstance(slot, dict) else None
    if start is None:
        return
    try:
        slot["end"] = _iso(start + timedelta(minutes=30))
    except OverflowError:
        slot["start"], slot["end"] = "9999-12-31T00:00:00Z", "9999-12-31T00:30:00Z"


def _loopback(url):
    try:
        parts = urlsplit(url)
        return urlunsplit(("http", "127.0.0.1:9", parts.path, parts.query, ""))
    except ValueError:
        return url


@schemathesis.hook
def map_case(context, case):
    path, method = case.operation.path, case.method.upper()
    if path == "/v1/webhooks" and method == "POST" and isinstance(case.body, dict) and isinstance(case.body.get("url"), str):
        case.body["url"] = _loopback(case.body["url"])
    if not _positive(case) or not isinstance(case.body, dict):
        return case
    if path == "/v1/workshops" and method == "POST":
        # A workshop is created for a time to come (a past start is refused with a clear 400).
        start = _at(case.body.get("start"))
        if start is not None and start.tzinfo is not None and start <= datetime.now(timezone.utc):
            case.body["start"] = _iso(datetime.now(timezone.utc) + timedelta(days=7))
        _fix_slot(case.body)
    elif path == "/v1/slots" and method == "POST":
        slots = case.body.get("slots") if "slots" in case.body else [case.body]
        for slot in slots if isinstance(slots, list) else []:
            _fix_slot(slot)
    elif path.endswith("/decision") and "until" in case.body:
        until = _at(case.body["until"])
        if until is None or until <= datetime.now(timezone.utc):
            case.body["until"] = _iso(datetime.now(timezone.utc) + timedelta(days=30))
    return case
