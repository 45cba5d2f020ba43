"""A stand-in for La Coop de la médiation numérique's API v1, on loopback, for the tests.

It answers `GET /api/v1/statistiques` as the published OpenAPI description shapes it
(inclusion-numerique/coop-mediation-numerique, apps/web/src/app/api/v1/documentation/
v1.openapi.json: `data.attributes` with accompagnements_par_jour/mois, beneficiaires (total,
genres, tranche_ages, statuts_social), activites (total, type_activites, durees, type_lieu,
thematiques, materiels), totaux (activites, accompagnements, beneficiaires)), checks the bearer
token, and records every request. No internet: tests point HUB_COOP_URL (or CoopSettings) here.
Territory codes drive the figures, so tests know what to expect; département « 98 » answers
HTTP 500 and « 97 » a body that is not JSON.
"""

from __future__ import annotations

import contextlib
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = "client-essai:secret-essai"


def entries(pairs: list[tuple[str, str, int]]) -> list[dict]:
    total = sum(n for _, _, n in pairs) or 1
    return [
        {"value": value, "label": label, "count": n, "proportion": round(100 * n / total, 3)}
        for value, label, n in pairs
    ]


def beneficiaries_of(code: str) -> int:
    """A deterministic figure per territory: 1 000 for département 22, 1 100 for 29, 1 200 for 35,
    1 300 for 56 (500 elsewhere); a commune: its code's last three digits."""
    if len(code) <= 3:
        return {"22": 1000, "29": 1100, "35": 1200, "56": 1300}.get(code, 500)
    return int(code[-3:])


def statistics(code: str, du: str, au: str) -> dict:
    people = beneficiaries_of(code)
    individual, collective, procedures = people, 2 * people, people // 2
    activities = individual + collective // 10 + procedures
    return {
        "data": {
            "type": "statistiques",
            "id": "statistiques",
            "attributes": {
                "accompagnements_par_jour": [{"label": "31/12", "count": 3}],
                "accompagnements_par_mois": [{"label": "déc. 24", "count": 30}],
                "beneficiaires": {
                    "total": people,
                    "genres": entries(
                        [("Feminin", "Féminin", people // 2), ("Masculin", "Masculin", people - people // 2)]
                    ),
                    "tranche_ages": entries(
                        [("SoixanteSoixanteNeuf", "60 - 69 ans", people // 4), ("NonCommunique", "Non communiqué", 0)]
                    ),
                    "statuts_social": entries([("Retraite", "Retraité", people // 3)]),
                },
                "activites": {
                    "total": activities,
                    "type_activites": entries(
                        [
                            ("Individuel", "Accompagnements individuels", individual),
                            ("Collectif", "Ateliers collectifs", collective // 10),
                            ("Demarche", "Aide aux démarches administratives", procedures),
                        ]
                    ),
                    "durees": entries([("30", "30 min", activities)]),
                    "type_lieu": entries([("LieuActivite", "Lieu d'activité", activities)]),
                    "thematiques": entries(
                        [("DiagnosticNumerique", "Diagnostic numérique", 7), ("Email", "E-mail", 5)]
                    ),
                    "materiels": entries([("Ordinateur", "Ordinateur", 11)]),
                },
                "totaux": {
                    "activites": {"total": activities},
                    "accompagnements": {
                        "total": individual + collective + procedures,
                        "individuels": {"total": individual, "proportion": 25.0},
                        "collectifs": {"total": collective, "proportion": 50.0, "participants": collective},
                        "demarches": {"total": procedures, "proportion": 25.0},
                    },
                    "beneficiaires": {"total": people, "nouveaux": 0, "suivis": people // 5, "anonymes": people},
                },
            },
        },
        "links": {"self": {"href": f"http://localhost:3000/api/v1/statistiques?filter[du]={du}&filter[au]={au}"}},
        "meta": {},
    }


class CoopHandler(BaseHTTPRequestHandler):
    server_version = "CoopEssai/1.0"

    def log_message(self, *args):  # quiet
        pass

    def _send(self, status: int, body: bytes, kind: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 - the http.server API
        parsed = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(parsed.query))
        self.server.requests.append(
            {"path": parsed.path, "query": query, "authorization": self.headers["Authorization"]}
        )
        if parsed.path != "/api/v1/statistiques":
            return self._send(404, b'{"error": "not found"}')
        if self.headers["Authorization"] != f"Bearer {TOKEN}":
            return self._send(401, b'{"error": "unauthorized"}')
        code = query.get("filter[departements]") or query.get("filter[communes]") or ""
        if code == "98":
            return self._send(500, b'{"error": "boom"}')
        if code == "97":
            return self._send(200, b"<html>maintenance</html>", "text/html")
        body = json.dumps(statistics(code, query.get("filter[du]", ""), query.get("filter[au]", "")))
        return self._send(200, body.encode("utf-8"))


@contextlib.contextmanager
def coop_server():
    """Yields (base URL of the API v1, the list of requests received)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), CoopHandler)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api/v1", server.requests
    finally:
        server.shutdown()
        server.server_close()
