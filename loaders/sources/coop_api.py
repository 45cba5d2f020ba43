"""La Coop de la médiation numérique, API v1: `GET /statistiques` (OpenAPI 3 description in the
repository inclusion-numerique/coop-mediation-numerique,
apps/web/src/app/api/v1/documentation/v1.openapi.json).

The API answers one query per territory (`filter[departements]`, `filter[communes]`) and period
(`filter[du]`, `filter[au]`), with a bearer token per client (« client-id:client-secret »). The
token is read from Streamlit's secrets (`[coop] jeton = "…"`) or the environment variable
HUB_COOP_TOKEN, never from the repository; without it the page says how to set it.

`fetch_statistics` asks the API for each territory and returns one JSON document holding every
answer (`{"source", "url", "du", "au", "interrogee_le", "data": [{"niveau", "code", "reponse"}]}`);
the page imports that document (it can also be saved and imported later as a file).
`read_coop_statistics` turns it into activity rows: beneficiaries (total, genre, age band,
social status), accompaniments (total and by type) and activities (total, type, duration, place,
themes, equipment), for the period asked.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

import pandas as pd

from loaders.activity import empty_activity, report_totals, typed_activity
from loaders.activity_measures import ACCOMPAGNEMENTS, ACTIVITES, BENEFICIAIRES, SOURCE_COOP, TOTAL
from loaders.problems import ERROR, INFO, WARNING, LoadResult, Problem
from loaders.sources.common import fold

FORMAT = "coop_api"
DEFAULT_URL = "https://coop-numerique.anct.gouv.fr/api/v1"
TOKEN_VARIABLE = "HUB_COOP_TOKEN"
URL_VARIABLE = "HUB_COOP_URL"
TIMEOUT_S = 30.0
TOKEN_HELP = (
    "Aucun jeton de La Coop de la médiation numérique n'est configuré : ajoutez-le aux secrets de l'application "
    "(fichier .streamlit/secrets.toml, section [coop], clé jeton) ou à la variable d'environnement "
    f"{TOKEN_VARIABLE}. Le jeton s'obtient auprès de La Coop : identifiant client et secret séparés par « : ». "
    "Il ne doit jamais être écrit dans le dépôt du projet."
)

# Breakdowns of the answer: (path in `attributes`, measure, breakdown).
LISTS = (
    (("beneficiaires", "genres"), BENEFICIAIRES, "genre"),
    (("beneficiaires", "tranche_ages"), BENEFICIAIRES, "tranche_age"),
    (("beneficiaires", "statuts_social"), BENEFICIAIRES, "statut"),
    (("activites", "type_activites"), ACTIVITES, "type_activite"),
    (("activites", "durees"), ACTIVITES, "duree"),
    (("activites", "type_lieu"), ACTIVITES, "type_lieu"),
    (("activites", "thematiques"), ACTIVITES, "thematique"),
    (("activites", "materiels"), ACTIVITES, "materiel"),
)
ACCOMPANIMENT_TYPES = (("individuels", "individuel"), ("collectifs", "collectif"), ("demarches", "demarche"))


@dataclass(frozen=True)
class CoopSettings:
    url: str
    token: str | None

    @property
    def configured(self) -> bool:
        return bool(self.token)


def coop_settings(secrets=None, environ=None) -> CoopSettings:
    """The API's address and token: secrets ([coop] jeton, url) first, then the environment."""
    environ = os.environ if environ is None else environ
    section = {}
    try:
        section = dict(secrets.get("coop", {})) if secrets is not None else {}
    except Exception:  # noqa: BLE001 - an unreadable secrets file is the same as none
        section = {}
    token = section.get("jeton") or section.get("token") or environ.get(TOKEN_VARIABLE) or None
    url = section.get("url") or environ.get(URL_VARIABLE) or DEFAULT_URL
    return CoopSettings(str(url).rstrip("/"), str(token).strip() if token else None)


@dataclass
class CoopFetch:
    document: dict | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.document is not None and bool(self.document.get("data"))

    def as_bytes(self) -> bytes:
        return json.dumps(self.document or {}, ensure_ascii=False, indent=1).encode("utf-8")


def document_name(du: dt.date, au: dt.date) -> str:
    return f"coop_statistiques_{du.isoformat()}_{au.isoformat()}.json"


def fetch_statistics(
    settings: CoopSettings,
    du: dt.date,
    au: dt.date,
    departements=(),
    communes=(),
    timeout: float = TIMEOUT_S,
    now: dt.datetime | None = None,
) -> CoopFetch:
    """One query per département and per commune; every failure is a French problem (a refused
    token stops everything: the other queries would be refused too)."""
    name = document_name(du, au)
    if not settings.configured:
        return CoopFetch(None, [Problem(name, TOKEN_HELP)])
    if au < du:
        return CoopFetch(None, [Problem(name, "la date de fin précède la date de début")])
    answers, problems = [], []
    targets = [("departement", str(d)) for d in departements] + [("commune", str(c)) for c in communes]
    for level, code in targets:
        params = {"filter[du]": du.isoformat(), "filter[au]": au.isoformat()}
        params["filter[departements]" if level == "departement" else "filter[communes]"] = code
        url = f"{settings.url}/statistiques?{urllib.parse.urlencode(params)}"
        request = urllib.request.Request(
            url, headers={"Authorization": f"Bearer {settings.token}", "Accept": "application/json"}
        )
        where = f"{'département' if level == 'departement' else 'commune'} {code}"
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            if exc.code in (401, 403):
                problems.append(
                    Problem(
                        name,
                        f"La Coop a refusé le jeton (HTTP {exc.code}) : vérifiez l'identifiant client et le secret "
                        f"configurés ({TOKEN_VARIABLE} ou secrets [coop] jeton)",
                    )
                )
                return CoopFetch(None, problems)
            message = "trop de requêtes, réessayez dans un moment" if exc.code == 429 else f"erreur HTTP {exc.code}"
            problems.append(Problem(name, f"La Coop n'a pas répondu pour le {where} : {message}"))
            continue
        except (TimeoutError, socket.timeout):
            problems.append(Problem(name, f"La Coop ne répond pas (plus de {timeout:g} s) pour le {where}"))
            continue
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            problems.append(
                Problem(name, f"La Coop est injoignable ({settings.url}) : {reason}. Rien n'a été importé.")
            )
            return CoopFetch(None, problems)
        try:
            answer = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            problems.append(Problem(name, f"réponse illisible de La Coop pour le {where} (JSON attendu)"))
            continue
        answers.append({"niveau": level, "code": code, "reponse": answer})
    document = {
        "source": SOURCE_COOP,
        "url": settings.url,
        "du": du.isoformat(),
        "au": au.isoformat(),
        "interrogee_le": (now or dt.datetime.now()).replace(microsecond=0).isoformat(),
        "data": answers,
    }
    if not answers:
        problems.append(Problem(name, "aucune réponse exploitable de La Coop : rien à importer"))
        return CoopFetch(None, problems)
    return CoopFetch(document, problems)


def _slug(value) -> str:
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", str(value))
    return fold(text).replace(" ", "_") or "non_precise"


def _count(value) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)) and value >= 0:
        return float(value)
    return None


def _get(tree, *path):
    for key in path:
        if not isinstance(tree, dict):
            return None
        tree = tree.get(key)
    return tree


def looks_like_coop_document(data: bytes) -> bool:
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(doc, dict) and isinstance(doc.get("data"), list) and "du" in doc and "au" in doc


def read_coop_statistics(data: bytes, file_name: str, known_codes: dict[str, set[str]] | None = None) -> LoadResult:
    """The document of `fetch_statistics` (or the same saved as a file) -> activity rows.
    `known_codes`: level -> the region's codes (others are reported and left out)."""
    name = file_name
    meta = {"fichier": name, "source": SOURCE_COOP, "format_source": FORMAT, "millesime": None}
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return LoadResult(empty_activity(), [Problem(name, "document de La Coop illisible (JSON attendu)")], meta=meta)
    if not (isinstance(document, dict) and isinstance(document.get("data"), list)):
        return LoadResult(
            empty_activity(),
            [Problem(name, "ce n'est pas un document de réponses de La Coop (clés du, au et data attendues)")],
            meta=meta,
        )
    try:
        du = dt.date.fromisoformat(str(document.get("du")))
        au = dt.date.fromisoformat(str(document.get("au")))
    except ValueError:
        return LoadResult(
            empty_activity(), [Problem(name, "période du document illisible (du et au, AAAA-MM-JJ)")], meta=meta
        )
    period = f"{du.isoformat()}/{au.isoformat()}"
    vintage = str(document.get("interrogee_le") or au.isoformat())[:10]
    meta["millesime"] = vintage
    problems: list[Problem] = []
    rows = []
    for position, item in enumerate(document["data"], start=1):
        level, code = (item or {}).get("niveau"), str((item or {}).get("code") or "")
        if level not in ("departement", "commune") or not code:
            problems.append(
                Problem(name, "réponse sans territoire (niveau, code) : ignorée", position, "data", WARNING)
            )
            continue
        if known_codes is not None and code not in known_codes.get(level, set()):
            problems.append(Problem(name, f"{level} {code} hors de la région : ignoré", position, "code", INFO, code))
            continue
        attributes = _get(item, "reponse", "data", "attributes")
        if not isinstance(attributes, dict):
            problems.append(
                Problem(
                    name,
                    "réponse sans statistiques (data.attributes absent) : ignorée",
                    position,
                    "reponse",
                    WARNING,
                )
            )
            continue
        common = {
            "niveau": level,
            "code": code,
            "periode": period,
            "source": SOURCE_COOP,
            "millesime": vintage,
            "fictif": False,
        }

        def add(measure, breakdown, category, value, label=None):
            number = _count(value)
            if number is None:
                if value is not None:
                    problems.append(
                        Problem(
                            name,
                            f"valeur non numérique ignorée ({measure}, {breakdown})",
                            position,
                            "reponse",
                            WARNING,
                            str(value),
                        )
                    )
                return
            rows.append(
                common
                | {
                    "mesure": measure,
                    "ventilation": breakdown,
                    "categorie": category,
                    "valeur": number,
                    "libelle": label,
                }
            )

        beneficiaries = _get(attributes, "beneficiaires", "total")
        if beneficiaries is None:
            beneficiaries = _get(attributes, "totaux", "beneficiaires", "total")
        add(BENEFICIAIRES, TOTAL, TOTAL, beneficiaries)
        add(ACCOMPAGNEMENTS, TOTAL, TOTAL, _get(attributes, "totaux", "accompagnements", "total"))
        for key, category in ACCOMPANIMENT_TYPES:
            add(ACCOMPAGNEMENTS, "type_activite", category, _get(attributes, "totaux", "accompagnements", key, "total"))
        activities = _get(attributes, "activites", "total")
        if activities is None:
            activities = _get(attributes, "totaux", "activites", "total")
        add(ACTIVITES, TOTAL, TOTAL, activities)
        for path, measure, breakdown in LISTS:
            entries = _get(attributes, *path)
            if entries is None:
                continue
            if not isinstance(entries, list):
                problems.append(
                    Problem(name, f"« {'.'.join(path)} » n'est pas une liste : ignoré", position, "reponse", WARNING)
                )
                continue
            for entry in entries:
                if isinstance(entry, dict) and entry.get("value") is not None:
                    add(measure, breakdown, _slug(entry["value"]), entry.get("count"), entry.get("label"))
    frame = typed_activity(rows) if rows else empty_activity()
    if len(frame):
        keys = ["niveau", "code", "periode", "mesure", "ventilation", "categorie", "source"]
        duplicated = frame.duplicated(keys, keep="first")
        if duplicated.any():
            problems.append(
                Problem(
                    name,
                    f"{int(duplicated.sum())} valeur(s) en double dans les réponses : la première gardée",
                    severity=WARNING,
                )
            )
            frame = frame[~duplicated].reset_index(drop=True)
    frame["_ligne"] = range(1, 1 + len(frame))
    if frame.empty and not any(p.severity == ERROR for p in problems):
        problems.append(Problem(name, "aucune statistique exploitable dans les réponses de La Coop"))
    problems.append(
        Problem(
            name,
            f"La Coop, période du {du.strftime('%d/%m/%Y')} au {au.strftime('%d/%m/%Y')} (interrogée le "
            f"{vintage[8:10]}/{vintage[5:7]}/{vintage[:4]}) : {len(document['data'])} réponse(s)",
            severity=INFO,
        )
    )
    problems += report_totals(frame, name)
    meta |= {"reponses": len(document["data"]), "du": du.isoformat(), "au": au.isoformat()}
    return LoadResult(frame.reset_index(drop=True), problems, pd.DataFrame(), meta)
