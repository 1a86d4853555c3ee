"""Bearer-token authentication of the service's routes (FastAPI dependencies).

Every ``/v1`` route depends on ``principal``, which answers 401 unless the
request carries one of the configured tokens and returns that token's name.
``/healthz`` and ``/metrics`` depend on ``open_or_protected``, which asks for
a token only when ``protect_metrics`` is set.  Tokens are compared in
constant time.
"""

from __future__ import annotations

import hmac
from typing import Callable

from fastapi import Depends, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from service.config import ServiceSettings

__all__ = ["bearer_dependencies"]


def bearer_dependencies(
    tokens: dict[str, str], settings: ServiceSettings
) -> tuple[Callable[..., str], Callable[..., None]]:
    """Build the two authentication dependencies of one app.

    Parameters
    ----------
    tokens : dict of str to str
        Accepted bearer tokens and the name each one stands for; empty means
        no authentication (``insecure_no_auth``, refused at build time
        otherwise) and every request is ``"anonymous"``.
    settings : ServiceSettings
        Read at request time for ``protect_metrics``.

    Returns
    -------
    principal : callable
        Dependency returning the caller's name, or raising 401.
    open_or_protected : callable
        Dependency that calls ``principal`` only when ``protect_metrics``.
    """
    bearer = HTTPBearer(auto_error=False, description="the service's API token")

    def principal(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> str:
        if not tokens:
            return "anonymous"  # insecure_no_auth, refused at build time otherwise
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise HTTPException(401, "missing bearer token", headers={"WWW-Authenticate": "Bearer"})
        given = credentials.credentials.encode("utf-8", "replace")
        for token, name in tokens.items():
            if hmac.compare_digest(given, token.encode("utf-8")):
                return name
        raise HTTPException(401, "invalid bearer token", headers={"WWW-Authenticate": "Bearer"})

    def open_or_protected(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:
        if settings.protect_metrics:
            principal(credentials)

    return principal, open_or_protected
