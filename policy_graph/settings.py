"""Deployment settings read from the environment, checked in one place.

``POLICY_GRAPH_MODE`` chooses who the app is for: ``staff`` (the default: every
page) or ``member`` (the "What do you use about me?" page only, read-only, no
notebook database). ``POLICY_GRAPH_CONTACT`` is the contact line shown to
members (an address or a URL).

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

__all__ = ["CONTACT_ENV", "MODE_ENV", "AppMode", "app_mode", "contact_line"]

MODE_ENV = "POLICY_GRAPH_MODE"
CONTACT_ENV = "POLICY_GRAPH_CONTACT"
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
