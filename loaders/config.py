"""The hub's configuration (hub.toml): everything that makes this hub this hub.

Another region's hub is another TOML file, chosen with the HUB_CONFIG environment
variable. Paths in the file are relative to the file's own folder.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from loaders import actions, zones
from loaders.access import AccessConfig, parse_mapping
from loaders.money import parse_euros_to_cents
from loaders.provenance import FileProvenance
from loaders.schemas import SPECS

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = PROJECT_ROOT / "hub.toml"

# Every dataset of the hub, in the order the interface lists them (declared in loaders/schemas.py).
DATASET_KEYS = tuple(SPECS)


class ConfigError(ValueError):
    """The configuration file is missing or wrong; the message is in French."""


@dataclass(frozen=True)
class Envelope:
    key: str
    label: str
    amount_cents: int


@dataclass(frozen=True)
class Action:
    code: str
    label: str

    @property
    def is_management(self) -> bool:
        return actions.is_management(self.code)

    @property
    def short(self) -> str:
        return actions.short_name(self.code)

    @property
    def title(self) -> str:
        return actions.title(self.code, self.label)


@dataclass(frozen=True)
class IndicatorSource:
    """An extra indicator file in a known real format (e.g. the IFN files)."""

    format: str
    path: Path
    level: str


@dataclass(frozen=True)
class HubConfig:
    path: Path
    name: str
    short_name: str
    carrier: str
    partners: tuple[str, ...]
    region: str
    region_code: str
    departements: tuple[str, ...]
    start: dt.date
    months: int
    main_funder: str
    actions: tuple[Action, ...]
    envelopes: tuple[Envelope, ...]
    acv: tuple[str, ...]
    qpv: dict[str, int]
    qpv_population: int | None
    centre_label: str
    centre_epci: tuple[str, ...]
    distance_threshold_km: float
    places_per_10000_threshold: float
    reference_dir: Path
    datasets: dict[str, Path]
    indicator_sources: tuple[IndicatorSource, ...] = field(default=())
    # The versioned store of the datasets ([donnees] stockage); HUB_STORE_URL overrides it.
    store_path: Path | None = None
    # What the configuration says of a file's source (table form of [donnees.fichiers]).
    declared: dict[str, FileProvenance] = field(default_factory=dict)
    # Who may see and change what ([acces]).
    access: AccessConfig = field(default_factory=AccessConfig)

    @property
    def end(self) -> dt.date:
        return add_months(self.start, self.months)

    @property
    def total_budget_cents(self) -> int:
        return sum(e.amount_cents for e in self.envelopes)

    def action(self, code: str) -> Action:
        """The declared action of that code (an undeclared code is named by itself)."""
        return next((a for a in self.actions if a.code == code), Action(str(code), str(code)))

    @property
    def numbered_actions(self) -> tuple[Action, ...]:
        """The actions the follow-up pages have a tab for (the management line aside)."""
        return tuple(a for a in self.actions if not a.is_management)

    def action_label(self, code: str) -> str:
        for a in self.actions:
            if a.code == code:
                return a.label
        return code

    @property
    def zone_labels(self) -> dict[str, str]:
        """Priority-zone codes of the files (mouvements `zone_prioritaire`, commune flags) ->
        the hub's names for them (the third zone is named by [zones_prioritaires.centre_bretagne])."""
        return zones.labels(self.centre_label)

    @property
    def zone_short_labels(self) -> dict[str, str]:
        return zones.short_labels(self.centre_label)

    @property
    def active_zones(self) -> tuple[str, ...]:
        """The priority zones this hub declares (some hubs have no QPV list, no central area...)."""
        found = {zones.QPV: bool(self.qpv), zones.CENTRE: bool(self.centre_epci), zones.ACV: bool(self.acv)}
        return tuple(z for z, on in found.items() if on)

    @property
    def zones_phrase(self) -> str:
        """'QPV, Centre Bretagne, Action Cœur de Ville' (the zones this hub declares)."""
        names = [self.zone_short_labels[z] for z in self.active_zones]
        return ", ".join(names) if names else "aucune zone déclarée"

    def envelope(self, key: str) -> Envelope:
        for e in self.envelopes:
            if e.key == key:
                return e
        raise KeyError(key)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the end of shorter months."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _require(table: dict, key: str, where: str):
    if key not in table:
        if where == "racine":
            raise ConfigError(f"Configuration : la section [{key}] manque.")
        raise ConfigError(f"Configuration : la clé « {key} » manque dans la section [{where}].")
    return table[key]


def load_config(path: str | os.PathLike | None = None) -> HubConfig:
    """Read and check the hub configuration. Raises ConfigError with a French message."""
    if path is None:
        path = os.environ.get("HUB_CONFIG") or DEFAULT_CONFIG
    path = Path(path).resolve()
    if not path.is_file():
        raise ConfigError(f"Configuration introuvable : {path}")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Configuration illisible ({path.name}) : {exc}") from exc
    base = path.parent

    hub = _require(raw, "hub", "racine")
    _require(hub, "region", "hub")
    period = _require(raw, "periode", "racine")
    budget = _require(raw, "budget", "racine")
    zones = raw.get("zones_prioritaires", {})
    coverage = raw.get("couverture", {})
    data = _require(raw, "donnees", "racine")

    start = _require(period, "debut", "periode")
    if isinstance(start, str):
        try:
            start = dt.date.fromisoformat(start)
        except ValueError as exc:
            raise ConfigError(f"Configuration : date de début invalide « {start} » (attendu AAAA-MM-JJ).") from exc
    if not isinstance(start, dt.date):
        raise ConfigError("Configuration : [periode] debut doit être une date AAAA-MM-JJ.")

    envelopes = []
    for key, env in _require(budget, "enveloppes", "budget").items():
        try:
            cents = parse_euros_to_cents(str(env["montant"]))
        except (KeyError, ValueError) as exc:
            raise ConfigError(f"Configuration : montant invalide pour l'enveloppe « {key} ».") from exc
        envelopes.append(Envelope(key=key, label=str(env.get("libelle", key)), amount_cents=cents))

    actions = tuple(
        Action(code=str(_require(a, "code", "actions")), label=str(a.get("libelle", a["code"])))
        for a in raw.get("actions", [])
    )
    if not actions:
        raise ConfigError("Configuration : aucune action déclarée ([[actions]]).")

    datasets, declared = _dataset_files(data.get("fichiers", {}), base)
    unknown = sorted(set(datasets) - set(DATASET_KEYS))
    if unknown:
        raise ConfigError("Configuration : jeux de données inconnus dans [donnees.fichiers] : " + ", ".join(unknown))

    sources = tuple(
        IndicatorSource(format=s["format"], path=(base / s["chemin"]).resolve(), level=s.get("niveau", "commune"))
        for s in data.get("sources_indicateurs", [])
    )

    centre = zones.get("centre_bretagne", zones.get("centre", {}))
    return HubConfig(
        path=path,
        name=str(_require(hub, "nom", "hub")),
        short_name=str(hub.get("nom_court", hub["nom"])),
        carrier=str(hub.get("porteur", "")),
        partners=tuple(hub.get("partenaires", [])),
        region=str(_require(hub, "region", "hub")),
        region_code=str(hub.get("code_region", "")),
        departements=tuple(str(d) for d in _require(hub, "departements", "hub")),
        start=start,
        months=int(period.get("duree_mois", 18)),
        main_funder=str(budget.get("financeur_principal", "")),
        actions=actions,
        envelopes=tuple(envelopes),
        acv=tuple(str(c) for c in zones.get("acv", [])),
        qpv={str(k): int(v) for k, v in zones.get("qpv", {}).items()},
        qpv_population=zones.get("qpv_population_totale"),
        centre_label=str(centre.get("libelle", "Zone centrale")),
        centre_epci=tuple(str(c) for c in centre.get("epci", [])),
        distance_threshold_km=float(coverage.get("seuil_distance_km", 10)),
        places_per_10000_threshold=float(coverage.get("seuil_lieux_pour_10000", 2.0)),
        reference_dir=(base / data.get("reference", "data/reference")).resolve(),
        datasets=datasets,
        indicator_sources=sources,
        store_path=(base / data.get("stockage", "var/hub.sqlite")).resolve(),
        declared=declared,
        access=_access(raw.get("acces", {})),
    )


def _access(raw: dict) -> AccessConfig:
    """[acces]: connexion_obligatoire (a deployment), revendication_roles (the ID token's claim),
    [acces.roles] (an e-mail or a domain -> a role)."""
    if not isinstance(raw, dict):
        raise ConfigError("Configuration : [acces] doit être une section.")
    by_email, by_domain, problems = parse_mapping(raw.get("roles", {}) or {})
    if problems:
        raise ConfigError("Configuration : [acces.roles] : " + " ; ".join(problems) + ".")
    return AccessConfig(
        required=bool(raw.get("connexion_obligatoire", False)),
        role_claim=str(raw.get("revendication_roles", "roles")),
        by_email=by_email,
        by_domain=by_domain,
    )


def _dataset_files(files: dict, base: Path) -> tuple[dict[str, Path], dict[str, FileProvenance]]:
    """[donnees.fichiers]: `cle = "chemin"` or `cle = { chemin = "…", source = "…", millesime = "…",
    fictif = false }` (a folder's provenance.json, like the demo's, takes precedence)."""
    datasets, declared = {}, {}
    for key, entry in files.items():
        if isinstance(entry, dict):
            if "chemin" not in entry:
                raise ConfigError(f"Configuration : [donnees.fichiers] {key} : la clé « chemin » manque.")
            datasets[key] = (base / str(entry["chemin"])).resolve()
            vintage = entry.get("millesime")
            declared[key] = FileProvenance(
                source=str(entry["source"]) if entry.get("source") else None,
                vintage=str(vintage) if vintage not in (None, "") else None,
                fictitious=bool(entry.get("fictif", False)),
            )
        else:
            datasets[key] = (base / str(entry)).resolve()
    return datasets, declared
