"""An unexpected failure, kept out of sight: logged with its traceback under a short reference
that the person can quote to the administrator, who finds it in the server's log."""

from __future__ import annotations

import logging
import uuid

log = logging.getLogger("hub.incidents")


def record_incident(what: str, exc: BaseException) -> str:
    """Log `exc` (with its traceback) as an incident; returns its reference (8 characters)."""
    reference = uuid.uuid4().hex[:8].upper()
    log.error("incident %s : %s (%s)", reference, what, type(exc).__name__, exc_info=exc)
    return reference


def incident_message(reference: str, what: str, nothing_changed: bool = True) -> str:
    """What the person reads (French): `what` is the action that failed (« en vérifiant le fichier »)."""
    changed = " : rien n'a été modifié" if nothing_changed else ""
    return (
        f"Erreur inattendue {what} (référence {reference}){changed}. Que faire : réessayez ; si l'erreur revient, "
        "donnez cette référence à l'administrateur du tableau de bord, qui en trouvera le détail dans le journal du "
        "serveur."
    )
