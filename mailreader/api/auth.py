"""Who is calling: `Authorization: Bearer <token>` against the tokens file, and its scopes.

RFC 6750 §3: no token or an unknown one is 401 with `WWW-Authenticate: Bearer` (and
`error="invalid_token"` when one was given); a token without the scope the route needs is
403 with `error="insufficient_scope"` naming it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from mailreader.api.context import Context, context
from mailreader.api.tokens import Token

# auto_error=False: a missing header is ours to answer, with the challenge RFC 6750 asks for.
_bearer = HTTPBearer(auto_error=False, scheme_name="bearer",
                     description="A token from [api] tokens_file (`mailreader api new-token`).")


def scoped(scope: str) -> Callable[..., Token]:
    """A dependency: the caller's token, which must carry `scope`."""

    def check(request: Request, ctx: Annotated[Context, Depends(context)],
              given: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> Token:
        if given is None:
            raise HTTPException(401, "a bearer token is required", {"WWW-Authenticate": "Bearer"})
        token = ctx.tokens.find(given.credentials)
        if token is None:
            raise HTTPException(401, "unknown token", {"WWW-Authenticate": 'Bearer error="invalid_token"'})
        request.state.token = token.name  # for the request's log line
        if scope not in token.scopes:
            raise HTTPException(403, f"token {token.name!r} lacks the scope {scope!r}",
                                {"WWW-Authenticate": f'Bearer error="insufficient_scope", scope="{scope}"'})
        return token

    return check
