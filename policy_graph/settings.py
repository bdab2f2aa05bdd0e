"""Deployment settings read from the environment, checked in one place.

``POLICY_GRAPH_MODE`` chooses who the app is for: ``staff`` (the default: every
page) or ``member`` (the "What do you use about me?" page only, read-only, no
notebook database). ``POLICY_GRAPH_CONTACT`` is the contact line shown to
members (an address or a URL). ``POLICY_GRAPH_REVIEW=on`` turns on recording legal
review decisions (default ``off``: the Review page is read-only); with
``POLICY_GRAPH_REVIEWER_HEADER`` (e.g. ``X-Forwarded-Email``) the reviewer's name is
taken from that request header, set by the company's sign-in proxy.

>>> app_mode({"POLICY_GRAPH_MODE": "member"})
'member'
>>> app_mode({})
'staff'
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal

from .errors import UserInputError

__all__ = ["CONTACT_ENV", "MODE_ENV", "REVIEWER_HEADER_ENV", "REVIEW_ENV", "AppMode", "app_mode",
           "contact_line", "review_enabled", "reviewer_header"]

MODE_ENV = "POLICY_GRAPH_MODE"
CONTACT_ENV = "POLICY_GRAPH_CONTACT"
REVIEW_ENV = "POLICY_GRAPH_REVIEW"
REVIEWER_HEADER_ENV = "POLICY_GRAPH_REVIEWER_HEADER"
AppMode = Literal["staff", "member"]
MODES: tuple[AppMode, ...] = ("staff", "member")


def app_mode(env: Mapping[str, str] | None = None) -> AppMode:
    """The deployment mode; an unknown value is an error naming the modes there are."""
    value = (env if env is not None else os.environ).get(MODE_ENV, "staff").strip().lower() or "staff"
    for mode in MODES:
        if value == mode:
            return mode
    raise UserInputError(f"{MODE_ENV}={value!r} is not a mode: use staff or member")


def contact_line(env: Mapping[str, str] | None = None) -> str | None:
    """Where members ask or object, if the operator set one."""
    value = (env if env is not None else os.environ).get(CONTACT_ENV, "").strip()
    return value[:200] or None


def review_enabled(env: Mapping[str, str] | None = None) -> bool:
    """Whether reviewers may record decisions (``POLICY_GRAPH_REVIEW``, default off).

    >>> review_enabled({"POLICY_GRAPH_REVIEW": "on"}), review_enabled({})
    (True, False)
    """
    value = (env if env is not None else os.environ).get(REVIEW_ENV, "off").strip().lower() or "off"
    if value in ("on", "true", "yes", "1"):
        return True
    if value in ("off", "false", "no", "0"):
        return False
    raise UserInputError(f"{REVIEW_ENV}={value!r} is not a setting: use on or off")


def reviewer_header(env: Mapping[str, str] | None = None) -> str | None:
    """The request header carrying the signed-in reviewer's name, if the operator named one."""
    value = (env if env is not None else os.environ).get(REVIEWER_HEADER_ENV, "").strip()
    return value or None
