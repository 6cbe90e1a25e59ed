"""What the routes work with, set once by `serve` on the application's state."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from fastapi import Request

from mailreader.api.tokens import Tokens
from mailreader.readings.service import ReadingsSettings

if TYPE_CHECKING:
    from sqlalchemy import Engine


@dataclass(frozen=True)
class Context:
    engine: Engine
    tokens: Tokens
    readings: ReadingsSettings
    now: Callable[[], datetime]


def context(request: Request) -> Context:
    ctx: Context = request.app.state.ctx
    return ctx
