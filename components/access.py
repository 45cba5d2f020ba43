"""Sign-in and roles, decided on the server for each run (loaders/access.py holds the rules).

- No identity provider configured (no `[auth]` in Streamlit's secrets): the open demonstration,
  as the staff, with a visible « accès non protégé » banner — unless hub.toml asks for sign-in
  (`[acces] connexion_obligatoire = true`): then no data page is served at all.
- A provider configured: a person not signed in sees only the sign-in page; signed in, their role
  comes from the ID token or the hub's mapping; without a role, a French page says so; once the ID
  token has expired, they are asked to sign in again.

Every writing action calls `require_writer` when it runs (not only when its button is drawn).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import streamlit as st

from components.html_safety import md_escape
from loaders import access
from loaders.config import HubConfig

DEMO = "demonstration"
SIGNED_IN = "connecte"
ANONYMOUS = "anonyme"
NO_ROLE = "sans_role"
EXPIRED = "expire"
NOT_CONFIGURED = "non_configure"
DEMO_AUTHOR = "Démonstration (accès non protégé)"
JOURNAL_KEY = "_hub_access_logged"
IDENTITY_KEY = "_hub_identity"  # set by app.py on every run, read by the pages

log = logging.getLogger("hub.access")


@dataclass(frozen=True)
class Identity:
    state: str
    role: str | None = None
    name: str = ""
    subject: str = ""
    email: str = ""
    issued_at: int | None = None  # the ID token's `iat`: one sign-in

    @property
    def reaches_data(self) -> bool:
        return self.state in (DEMO, SIGNED_IN) and self.role is not None

    @property
    def author(self) -> str:
        """What a version, a decision or a correction records as its author."""
        return DEMO_AUTHOR if self.state == DEMO else (self.name or self.email or self.subject)

    @property
    def author_subject(self) -> str | None:
        return None if self.state == DEMO else (self.subject or None)

    @property
    def can_write(self) -> bool:
        return self.reaches_data and access.can_write(self.role)

    @property
    def role_label(self) -> str:
        return access.LABELS.get(self.role or "", "aucun rôle")


def auth_configured() -> bool:
    """True when Streamlit's secrets hold an [auth] section with a provider (st.login can work)."""
    try:
        section = st.secrets.get("auth")
    except Exception:  # no secrets file at all: a laptop demo
        return False
    if not section:
        return False
    return "client_id" in section or any(isinstance(v, dict) and "client_id" in v for v in section.values())


def _claims() -> dict:
    try:
        return st.user.to_dict()
    except Exception:
        return {}


def _expired(claims: dict, now: dt.datetime | None = None) -> bool:
    exp = claims.get("exp")
    try:
        return exp is not None and float(exp) <= (now or dt.datetime.now(dt.UTC)).timestamp()
    except (TypeError, ValueError):
        return False


def current_identity(config: HubConfig) -> Identity:
    if not auth_configured():
        return Identity(NOT_CONFIGURED) if config.access.required else Identity(DEMO, access.STAFF, DEMO_AUTHOR)
    if not st.user.is_logged_in:
        return Identity(ANONYMOUS)
    claims = _claims()
    name = str(claims.get("name") or claims.get("email") or claims.get("sub") or "")
    subject = str(claims.get("sub") or "")
    email = str(claims.get("email") or "")
    if _expired(claims):
        return Identity(EXPIRED, None, name, subject, email)
    role = access.role_of(claims, config.access)
    try:
        issued = int(float(claims["iat"])) if claims.get("iat") is not None else None
    except (TypeError, ValueError):
        issued = None
    return Identity(SIGNED_IN if role else NO_ROLE, role, name, subject, email, issued)


def page_identity() -> Identity:
    """The identity app.py established for this run (the demo's outside of app.py, in tests)."""
    identity = st.session_state.get(IDENTITY_KEY)
    return identity if isinstance(identity, Identity) else Identity(DEMO, access.STAFF, DEMO_AUTHOR)


def record_sign_in(identity: Identity, store) -> None:
    """The access journal: one row per sign-in (not per page opened)."""
    seen = (identity.subject, identity.issued_at)
    if identity.state != SIGNED_IN or st.session_state.get(JOURNAL_KEY) == seen or store.read_only:
        return
    try:
        store.record_access(identity.subject, identity.name, identity.email, identity.role, identity.issued_at)
        st.session_state[JOURNAL_KEY] = seen
    except Exception:  # the journal must never keep a person out of the data
        log.exception("journal des accès : écriture impossible")


def require_writer(identity: Identity) -> bool:
    """Called by each writing action when it runs; False (and said) when the role may not write."""
    if identity.can_write:
        return True
    st.error(
        f"Action refusée : le rôle « {md_escape(identity.role_label)} » consulte le tableau de bord sans le modifier. "
        "Seule l'équipe du hub importe, restaure, décide des doublons et corrige les fiches.",
        icon=":material/lock:",
    )
    return False


def sidebar_identity(identity: Identity) -> None:
    if identity.state == DEMO:
        st.warning(
            (
                "Accès non protégé (démonstration) : aucun fournisseur d'identité n'est configuré, chacun voit et "
                "modifie tout."
            ),
            icon=":material/lock_open:",
        )
        return
    if identity.state in (SIGNED_IN, NO_ROLE, EXPIRED):
        st.caption(md_escape(f"Connecté·e : {identity.name} · {identity.role_label}"))
        if st.button("Se déconnecter", icon=":material/logout:", key="hub-logout"):
            st.logout()


def gate_page(identity: Identity, config: HubConfig) -> None:
    """The page for everyone who may not see data yet (rendered instead of any page)."""
    st.title(config.short_name)
    if identity.state == NOT_CONFIGURED:
        st.error(
            "Ce tableau de bord exige une connexion (hub.toml, [acces] connexion_obligatoire), mais aucun fournisseur "
            "d'identité n'est configuré (section [auth] des secrets de Streamlit). Aucune donnée n'est servie : "
            "voir docs/deploiement.md.",
            icon=":material/lock:",
        )
        return
    if identity.state == ANONYMOUS:
        st.markdown(
            "Ce tableau de bord est réservé aux membres du consortium, à son comité de pilotage et à ses financeurs."
        )
        if st.button("Se connecter", icon=":material/login:", type="primary", key="hub-login"):
            st.login()
        return
    if identity.state == EXPIRED:
        st.warning("Votre session a expiré : reconnectez-vous pour continuer.", icon=":material/schedule:")
        if st.button("Se reconnecter", icon=":material/login:", type="primary", key="hub-relogin"):
            st.logout()
        return
    if identity.state == NO_ROLE:
        st.warning(
            md_escape(
                f"Vous êtes connecté·e ({identity.email or identity.name}), mais aucun rôle ne vous est attribué "
                "dans ce tableau de bord. Demandez à l'équipe du hub de vous en donner un."
            ),
            icon=":material/person_off:",
        )
        if st.button("Se déconnecter", icon=":material/logout:", key="hub-logout-norole"):
            st.logout()


def refusal_page(title: str, identity: Identity):
    """The page served at the address of a page this role may not reach."""

    def page() -> None:
        st.title(title)
        st.error(
            f"Cette page n'est pas accessible au rôle « {md_escape(identity.role_label)} ». "
            "Les pages que vous pouvez consulter sont dans le menu.",
            icon=":material/block:",
        )

    return page
