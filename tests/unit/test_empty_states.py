"""Empty states: what a page or a document says when datasets are not loaded yet, and another
region's hub in its first minute (its reference and hub.toml, no data file)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from analytics.evaluation.committee import committee_summary
from analytics.impact.summary import impact_summary
from analytics.territory.selection import resolve_selection
from components.documents.reports import committee_snapshot, synthesis_report, synthesis_summary
from ingestion.dataset_import import MODE_REPLACE, ImportContext, ImportRequest, confirm_import, prepare_import
from ingestion.store import open_store
from ingestion.store_bundle import BUNDLE_FIELDS, load_bundle_from_store
from loaders.config import DATASET_KEYS, load_config
from loaders.provenance import IMPORT_PLACE, Provenance, empty_notice, not_loaded_notice
from loaders.templates import TEMPLATE_KEYS, TemplateHub, template_csv
from tests.other_region import BRETON_WORDS, CARRIER, build_other_region

TAGS = re.compile(r"<svg.*?</svg>|<style.*?</style>|<[^>]+>", re.DOTALL)


def provenance(key: str, label: str, rows: int) -> Provenance:
    return Provenance(key, label, "financements", rows, 0)


LINES = provenance("lignes_budget", "Lignes de budget", 0)
MOVES = provenance("mouvements", "Engagements et dépenses", 0)


def test_empty_notice_names_the_files_to_import_and_where():
    assert empty_notice([LINES], "Aucune ligne de budget chargée") == (
        "Aucune ligne de budget chargée : importez le fichier « Lignes de budget » sur la page Données (onglet « "
        "Importer un fichier »)."
    )
    assert empty_notice([LINES, MOVES], "Rien") == (
        "Rien : importez les fichiers « Lignes de budget » et « Engagements et dépenses » " + IMPORT_PLACE + "."
    )
    many = [provenance(k, k, 0) for k in ("a", "b", "c", "d", "e", "f")]
    assert empty_notice(many, "Rien") == f"Rien : importez les fichiers du hub {IMPORT_PLACE}."


def test_empty_notice_is_silent_as_soon_as_one_dataset_holds_rows():
    assert empty_notice([LINES, provenance("mouvements", "Engagements et dépenses", 3)], "Rien") is None
    assert empty_notice([], "Rien") is None


def test_not_loaded_notice_lists_what_a_document_lacks():
    loaded = provenance("acteurs", "Acteurs", 12)
    assert not_loaded_notice([loaded]) is None
    assert not_loaded_notice([loaded, LINES, MOVES]) == (
        "Jeux de données non chargés dans le tableau de bord : « Lignes de budget » et « Engagements et dépenses » ; "
        "les chiffres qui en dépendent sont nuls ou non renseignés."
    )
    assert not_loaded_notice([LINES, MOVES]).startswith("Aucune donnée n'est chargée dans le tableau de bord")


@pytest.fixture(scope="module")
def other_config(tmp_path_factory):
    return load_config(build_other_region(tmp_path_factory.mktemp("other-region")))


@pytest.fixture(scope="module")
def first_minute(other_config, tmp_path_factory):
    """The other region's hub on its own empty store, as its server opens it."""
    store = open_store(other_config, url=f"sqlite:///{tmp_path_factory.mktemp('store') / 'store.sqlite'}")
    yield load_bundle_from_store(other_config, store)
    store.dispose()


def test_a_new_hub_starts_with_its_territories_and_no_data(first_minute):
    bundle = first_minute
    assert bundle.config.region == "Corse" and bundle.config.active_zones == ()
    assert set(bundle.territories.communes["code_departement"]) == {"2A", "2B"}
    assert all(len(getattr(bundle, BUNDLE_FIELDS[k])) == 0 for k in DATASET_KEYS)
    assert bundle.is_empty(DATASET_KEYS)
    assert bundle.empty_notice(("acteurs",), "Aucun lieu chargé") == (
        f"Aucun lieu chargé : importez le fichier « Acteurs (lieux de médiation numérique) » {IMPORT_PLACE}."
    )


def test_a_new_hub_gets_its_documents_saying_there_is_no_data(first_minute):
    bundle = first_minute
    selection = resolve_selection(bundle.territories.communes, bundle.config.region)
    as_of = dt.date(2025, 6, 30)
    summary = impact_summary(bundle, selection, as_of)
    documents = [
        synthesis_report(bundle, summary),
        synthesis_summary(bundle, summary),
        committee_snapshot(bundle, committee_summary(bundle, selection, as_of, dt.date(2025, 3, 31))),
    ]
    for html in documents:
        text = " ".join(TAGS.sub(" ", html).replace("&#x27;", "'").split())
        assert CARRIER in text
        assert "Aucune donnée n'est chargée dans le tableau de bord" in text
        assert [w for w in BRETON_WORDS if w in text] == []


def test_a_new_hubs_templates_name_nothing_breton_and_load_one_after_the_other(other_config, tmp_path):
    """The Données page's templates, in the new hub's names and communes: each loads without a
    problem into its empty store, in the order shown (a movement needs its budget line)."""
    store = open_store(other_config, url=f"sqlite:///{tmp_path / 'store.sqlite'}")
    try:
        for key in TEMPLATE_KEYS:
            bundle = load_bundle_from_store(other_config, store)
            hub = TemplateHub.of(bundle)
            data = template_csv(key, hub)
            text = data.decode("utf-8-sig")
            assert [w for w in BRETON_WORDS + ("Hub breton",) if w in text] == [], key
            assert not re.search(r"\b(22|29|35|56)\d{3}\b", text), key  # no Breton commune code
            preview = prepare_import(
                ImportRequest(key, data, f"{key}.csv", mode=MODE_REPLACE), ImportContext.from_store(bundle, store)
            )
            assert not preview.refused, (key, preview.refusal)
            assert preview.problems == [], (key, [str(p) for p in preview.problems])
            assert len(preview.loaded) == preview.rows_read >= 1
            confirm_import(store, preview, "Alice", {k: v.id for k, v in store.current_versions().items()})
        loaded = load_bundle_from_store(other_config, store)
        assert set(loaded.actors["code_insee"]) <= set(loaded.territories.communes["code_insee"])
        assert not loaded.is_empty(DATASET_KEYS)
    finally:
        store.dispose()
