"""Who may see and change what: the roles, and how a signed-in person gets one.

The rules are pure (no Streamlit): components/access.py applies them to the person signed in
through the consortium's OpenID Connect provider (st.login / st.user). A role comes from a claim
of the ID token (`[acces] revendication_roles`, by default `roles`), else from the hub's mapping
(`[acces.roles]`: an e-mail or a domain `@region.example` -> a role).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

STAFF = "equipe"
COMMITTEE = "comite"
FUNDER = "financeur"
ADMIN = "admin"
ROLES = (ADMIN, STAFF, COMMITTEE, FUNDER)  # by precedence, when a person holds several
LABELS = {ADMIN: "administrateur", STAFF: "équipe du hub", COMMITTEE: "comité de pilotage", FUNDER: "financeur"}
# Accepted spellings in claims and in hub.toml.
ALIASES = {
    "equipe": STAFF,
    "équipe": STAFF,
    "staff": STAFF,
    "equipe_hub": STAFF,
    "comite": COMMITTEE,
    "comité": COMMITTEE,
    "committee": COMMITTEE,
    "comite_pilotage": COMMITTEE,
    "financeur": FUNDER,
    "funder": FUNDER,
    "admin": ADMIN,
    "administrateur": ADMIN,
}

WRITERS = frozenset({STAFF, ADMIN})  # import, restore, decide duplicates, correct fields
# What a funder must never see: a person's or a place's contact data, the authors' names.
CONTACT_FIELDS = ("telephone", "courriels")


@dataclass(frozen=True)
class AccessConfig:
    """[acces] of hub.toml."""

    required: bool = False  # a deployment: no data page until sign-in is configured
    role_claim: str = "roles"
    by_email: Mapping[str, str] = field(default_factory=dict)
    by_domain: Mapping[str, str] = field(default_factory=dict)


def normalise_role(value) -> str | None:
    return ALIASES.get(str(value).strip().lower()) if value is not None else None


def parse_mapping(raw: Mapping[str, object]) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """`[acces.roles]` -> (by e-mail, by domain, French problems for unknown roles)."""
    by_email, by_domain, problems = {}, {}, []
    for key, value in raw.items():
        role = normalise_role(value)
        if role is None:
            problems.append(f"rôle inconnu « {value} » pour « {key} » (rôles : {', '.join(ROLES)})")
            continue
        key = str(key).strip().lower()
        if key.startswith("@"):
            by_domain[key[1:]] = role
        elif "@" in key:
            by_email[key] = role
        else:
            by_domain[key] = role
    return by_email, by_domain, problems


def role_of(claims: Mapping[str, object], access: AccessConfig) -> str | None:
    """The person's role: the strongest role named by the claim, else the e-mail's, else its
    domain's; None when nothing gives one (the person is told so, and reaches no data)."""
    value = claims.get(access.role_claim)
    values = value if isinstance(value, (list, tuple, set)) else [value] if value else []
    named = {normalise_role(v) for v in values} - {None}
    for role in ROLES:
        if role in named:
            return role
    email = str(claims.get("email") or "").strip().lower()
    if email in access.by_email:
        return access.by_email[email]
    domain = email.rsplit("@", 1)[-1] if "@" in email else ""
    return access.by_domain.get(domain)


def can_write(role: str | None) -> bool:
    return role in WRITERS
