"""The permission-matrix helper: for every role, a page or endpoint is allowed or refused as MISSION says.

    expect = {"staff": 200, "deputy": 404, "anonymous": 302, ...}
    check_matrix(client, users, url, expect)

`users` maps each role to a user holding only that role (the `role_users` fixture). Later work adds rows
to its own tables and calls the same helper, so every (page, role) pair is asserted, not assumed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from renda.core.roles import Role

ALL_ROLES = [r.value for r in Role]
ROLES_AND_ANONYMOUS = [*ALL_ROLES, "anonymous"]


def check_matrix(
    client,
    users: Mapping,
    url: str | Callable[[str], str],
    expect: Mapping[str, int | tuple[int, ...]],
    *,
    method: str = "get",
    data: dict | Callable[[str], dict] | None = None,
    headers: Callable[[str], dict] | None = None,
    **kwargs,
) -> None:
    missing = set(ROLES_AND_ANONYMOUS) - set(expect)
    assert not missing, f"the matrix must say something for every role; missing: {sorted(missing)}"
    failures = []
    for role in ROLES_AND_ANONYMOUS:
        client.logout()
        if role != "anonymous":
            client.force_login(users[role])
        target = url(role) if callable(url) else url
        payload = data(role) if callable(data) else data
        extra = headers(role) if headers else {}
        response = (
            getattr(client, method)(target, payload, headers=extra, **kwargs)
            if payload is not None
            else (getattr(client, method)(target, headers=extra, **kwargs))
        )
        wanted = expect[role]
        wanted = wanted if isinstance(wanted, tuple) else (wanted,)
        if response.status_code not in wanted:
            failures.append(f"{role}: {method.upper()} {target} → {response.status_code}, expected {wanted}")
    client.logout()
    assert not failures, "permission matrix broken:\n" + "\n".join(failures)
