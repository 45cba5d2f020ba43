"""The import flow against a real store: confirm, merge, restore, decisions, corrections, IFN, mapping.

Each test runs on both backends (SQLite and PostgreSQL, `store_backend` in tests/conftest.py)."""

from __future__ import annotations

import threading

import pandas as pd
import pytest

from ingestion.actor_merge import NATIONAL_SCOPES
from ingestion.actors_export import to_standard_csv
from ingestion.dataset_import import (
    IFN_COMMUNE,
    MODE_MERGE,
    MODE_REPLACE,
    ImportContext,
    ImportRequest,
    confirm_import,
    import_now,
    prepare_import,
    rebuild_registry_version,
    restore_version,
)
from ingestion.store import ACTOR_RECORDS, ORIGIN_CORRECTION, ORIGIN_DECISION, ConflictError, open_store
from ingestion.store_bundle import load_bundle_from_store
from loaders.column_mapping import apply_mapping, suggest_mapping
from loaders.lieux_standard import COLUMNS
from loaders.schemas import LIGNES_BUDGET
from loaders.templates import TEMPLATE_KEYS, TemplateHub, template_csv, template_xlsx

NEW_ACTORS = (
    "id,nom,commune,code_postal,code_insee,adresse,latitude,longitude,date_maj,services\n"
    "hub-9001,Espace numérique du Blosne,Rennes,35200,35238,7 boulevard de "
    "Yougoslavie,48.0880,-1.6570,2024-03-01,Aide aux démarches administratives\n"
    "hub-9002,Atelier numérique de Lambézellec,Brest,29200,29019,4 rue Robespierre,48.4100,-4.4900,2024-03-02,Accès "
    "internet et matériel informatique\n"
)


@pytest.fixture
def store(store_backend, hub_config):
    """A store of the test's own with the demo data, on SQLite and on PostgreSQL."""
    s = open_store(hub_config, url=store_backend.seeded_url())
    yield s
    s.dispose()


def context(store, hub_config):
    return ImportContext.from_store(load_bundle_from_store(hub_config, store), store)


def run_import(store, hub_config, dataset, data, name, **kw):
    accept = kw.pop("accept_rejected", False)
    return import_now(
        store, ImportRequest(dataset, data, name, **kw), context(store, hub_config), "Alice", accept_rejected=accept
    )


def test_a_merge_counts_its_changes_against_the_current_version_as_a_rebuilt_registry_would(store, hub_config):
    """The preview compares the merged registry with the current version instead of rebuilding
    the previous registry from its records: the same counts either way."""
    from ingestion.actor_merge import merge_actors
    from ingestion.actor_registry import merge_corrections, merge_decisions

    ctx = context(store, hub_config)
    request = ImportRequest(
        "acteurs", NEW_ACTORS.encode(), "nouveaux.csv", mode=MODE_MERGE, source_name="Recensement Rennes-Brest"
    )
    preview = prepare_import(request, ctx)
    rebuilt = merge_actors(
        ctx.records,
        preview.loaded.assign(sources=[["Recensement Rennes-Brest"]] * len(preview.loaded)),
        merge_decisions(ctx.decisions),
        merge_corrections(ctx.corrections),
        source="Recensement Rennes-Brest",
        communes=ctx.territories.communes,
    )
    counts = ("ajoutes", "retires", "modifies", "inchanges")
    assert {k: preview.merge_summary[k] for k in counts} == {k: rebuilt.report[k] for k in counts}
    assert preview.merge_summary["ajoutes"] == 2 and preview.merge_summary["inchanges"] == 744


def test_an_actors_import_merges_shows_everywhere_and_can_be_restored(store, hub_config):
    preview, landed = run_import(
        store,
        hub_config,
        "acteurs",
        NEW_ACTORS.encode(),
        "nouveaux.csv",
        mode=MODE_MERGE,
        source_name="Recensement Rennes-Brest",
    )
    assert preview.diff.summary()["ajoutees"] == 2
    assert landed[0].source_name == "Recensement Rennes-Brest"
    assert preview.diff.added["id"].tolist() == ["hub-9001", "hub-9002"]
    assert [v.dataset for v in landed] == ["acteurs", ACTOR_RECORDS]
    assert landed[1].companion_of == landed[0].id
    bundle = load_bundle_from_store(hub_config, store)
    assert len(bundle.actors) == 746
    assert bundle.status["acteurs"].rows == 746
    assert {"hub-9001", "hub-9002"} <= set(bundle.actors["id"])
    assert bundle.actors.set_index("id").at["hub-9001", "sources"] == ["Recensement Rennes-Brest"]

    first = store.list_versions("acteurs")[-1]
    restored = restore_version(store, first.id, "Bob")
    assert restored.number == 3 and restored.restored_from == first.id
    assert len(load_bundle_from_store(hub_config, store).actors) == 744
    records = store.current_version(ACTOR_RECORDS)
    assert records.companion_of == restored.id and records.rows == 744
    # The version with the two new actors is still there.
    assert len(store.version_frame(landed[0].id)) == 746


def test_replace_mode_makes_the_file_the_registry(store, hub_config):
    preview, _ = run_import(store, hub_config, "acteurs", NEW_ACTORS.encode(), "nouveaux.csv", mode=MODE_REPLACE)
    assert preview.diff.summary() == {"ajoutees": 2, "supprimees": 744, "modifiees": 0, "inchangees": 0}
    assert store.current_version("acteurs").rows == 2


def test_a_standard_file_without_a_source_name_is_the_hubs_registry_again(store, hub_config):
    # The demo actors are the hub's registry: importing the registry again replaces its records.
    preview, _ = run_import(store, hub_config, "acteurs", NEW_ACTORS.encode(), "registre.csv", mode=MODE_MERGE)
    assert preview.merge_summary["fiches_remplacees"] == 744
    assert store.current_version("acteurs").rows == 2


def test_a_stale_preview_cannot_be_confirmed(store, hub_config):
    ctx = context(store, hub_config)
    bases = {k: v.id for k, v in store.current_versions().items()}
    preview = prepare_import(ImportRequest("jalons", template_csv("jalons"), "jalons.csv"), ctx)
    run_import(store, hub_config, "jalons", template_csv("jalons"), "autre.csv")
    with pytest.raises(ConflictError):
        confirm_import(store, preview, "Alice", bases)
    assert store.current_version("jalons").number == 2
    assert store.import_log(limit=1)["outcome"].iloc[0] == "conflit"


def test_columns_named_differently_are_mapped(store, hub_config):
    text = (
        "Identifiant ligne;Action;Catégorie;Enveloppe;Financeur;Libellé;Montant prévu\n"
        "L1;A1;Personnel;socle;Banque des Territoires;Animation;12 500,00\n"
    )
    from loaders.tabular_reading import read_table

    raw = read_table(text.encode("utf-8"), "budget.csv").frame
    mapping = suggest_mapping(list(raw.columns), LIGNES_BUDGET)
    assert mapping == {
        "id_ligne": "Identifiant ligne",
        "action": "Action",
        "categorie": "Catégorie",
        "enveloppe": "Enveloppe",
        "financeur": "Financeur",
        "libelle": "Libellé",
        "montant_prevu": "Montant prévu",
    }
    assert apply_mapping(raw, mapping).columns.tolist() == ["_ligne", *mapping]
    preview, landed = run_import(store, hub_config, "lignes_budget", text.encode("utf-8"), "budget.csv")
    assert preview.read_info == {"format": "CSV", "encodage": "UTF-8", "separateur": "point-virgule"}
    frame = store.current_frame("lignes_budget")
    assert frame["montant_prevu_centimes"].tolist() == [1_250_000]
    assert landed[0].rows == 1


def test_an_ifn_file_completes_indicators_and_catalogue_in_one_version(store, hub_config):
    ifn = (
        "name,division,code,no_thd_coverage_rate,no_4g_coverage_rate,poverty_rate,older_65_rate,nscol15p_rate,total\n"
        "Brest,commune,29019,1.0,2.0,6.0,4.0,5.0,3.6\n"
        "Paris,commune,75056,1,1,1,1,1,1\n"
    )
    before = store.current_frame("indicateurs")
    preview, landed = run_import(store, hub_config, "indicateurs", ifn.encode(), "ifn.csv", source_format=IFN_COMMUNE)
    assert [v.dataset for v in landed] == ["indicateurs", "catalogue_indicateurs"]
    after = store.current_frame("indicateurs")
    brest = after[(after["code"] == "29019") & (after["indicateur"] == "ifn_total")]
    assert brest["valeur"].tolist() == [3.6]
    # The file is the IFN at commune level: it replaces every commune IFN value of 2023 (the
    # demo's included); the demo's EPCI and département IFN values (another source, fictitious)
    # are dropped too: those levels are computed from the real communes from now on.
    ifn_2023 = before["indicateur"].str.startswith("ifn_") & (before["periode"] == "2023")
    replaced = ifn_2023 & (before["niveau"] == "commune")
    stale = ifn_2023 & (before["niveau"] != "commune")
    assert len(after) == int((~(replaced | stale)).sum()) + 6
    assert set(after["niveau"]) == {"commune"} and not after["fictif"].astype(bool).any()
    assert set(after["source"]) == {"Indice de fragilité numérique, La MedNum / ANSA"}
    messages = [p.message for p in preview.problems]
    assert any(
        f"{int(replaced.sum())} valeur(s) IFN des communes (2023) remplacée(s) par 6 valeur(s) du fichier" in m
        for m in messages
    )
    assert any(
        m.startswith(f"{int(stale.sum())} valeur(s) IFN d'une autre source (EPCI, départements) retirée(s)")
        for m in messages
    )
    assert after.dtypes.astype(str).to_dict() == before.dtypes.astype(str).to_dict()
    catalogue = store.current_frame("catalogue_indicateurs")
    assert catalogue.loc[catalogue["id"] == "ifn_total", "source"].tolist() == [
        "Indice de fragilité numérique, La MedNum / ANSA"
    ]
    assert any("1 ligne(s) hors de la région ignorée(s)" in p.message for p in preview.problems)


@pytest.mark.parametrize("own_names", [False, True], ids=["exemples", "noms-du-hub"])
def test_each_template_imports_without_error(hub_config, store, own_names):
    ctx = context(store, hub_config)
    # The page offers them in the hub's own names and communes (TemplateHub.of).
    hub = TemplateHub.of(load_bundle_from_store(hub_config, store)) if own_names else None
    for key in TEMPLATE_KEYS:
        for data, name in ((template_csv(key, hub), f"{key}.csv"), (template_xlsx(key, hub), f"{key}.xlsx")):
            preview = prepare_import(ImportRequest(key, data, name, mode=MODE_REPLACE), ctx)
            assert not preview.refused, (name, preview.refusal)
            assert preview.errors == [] and preview.warnings == [], (name, [str(p) for p in preview.problems])
            assert len(preview.loaded) == preview.rows_read >= 1


def test_the_standard_export_round_trips_through_the_import(store, hub_config):
    actors = store.current_frame("acteurs")
    exported = to_standard_csv(actors).encode("utf-8")
    preview = prepare_import(
        ImportRequest("acteurs", exported, "export.csv", mode=MODE_REPLACE), context(store, hub_config)
    )
    assert not preview.refused and preview.rows_rejected == 0
    loaded = preview.loaded.set_index("id")
    original = actors.set_index("id")
    assert sorted(loaded.index) == sorted(original.index)
    for column in COLUMNS[1:]:
        assert loaded[column].reindex(original.index).map(str).tolist() == original[column].map(str).tolist(), column


def test_decisions_and_corrections_survive_the_next_import(store, hub_config, shared_open_dir):
    path = shared_open_dir / "france_services_bretagne_2024-08-01.csv"
    data = path.read_bytes()
    preview, _ = run_import(store, hub_config, "acteurs", data, path.name, accept_rejected=True)
    assert preview.source_format == "france_services"
    registry = store.current_frame("acteurs")
    fs_actor = registry[registry["sources"].map(lambda s: "France Services (ANCT)" in s)].iloc[0]

    store.record_correction(fs_actor["id"], "telephone", "+33299999999", "Alice")
    corrected = rebuild_registry_version(
        store, load_bundle_from_store(hub_config, store).territories, "Alice", ORIGIN_CORRECTION, "test"
    )
    assert corrected.origin == ORIGIN_CORRECTION
    assert store.current_frame("acteurs").set_index("id").at[fs_actor["id"], "telephone"] == "+33299999999"

    suspects = preview.suspects
    assert len(suspects) > 0
    pair = suspects.iloc[0]
    store.record_decision(pair["id_a"], pair["id_b"], "meme_lieu", "Bob")
    decided = rebuild_registry_version(
        store, load_bundle_from_store(hub_config, store).territories, "Bob", ORIGIN_DECISION, "test"
    )
    assert decided.rows == corrected.rows - 1

    # The same list imported again: the correction and the decision still hold.
    again, _ = run_import(store, hub_config, "acteurs", data, path.name, accept_rejected=True)
    registry = store.current_frame("acteurs").set_index("id")
    assert registry.at[fs_actor["id"], "telephone"] == "+33299999999"
    assert len(registry) == decided.rows
    pairs = {frozenset(p) for p in again.suspects[["id_a", "id_b"]].itertuples(index=False)}
    assert frozenset((pair["id_a"], pair["id_b"])) not in pairs


@pytest.mark.realdata
def test_the_three_national_lists_import_into_one_registry(store, hub_config, shared_open_dir):
    files = [
        "france_services_bretagne_2024-08-01.csv",
        "conseillers_numeriques_structures_bretagne_2023-04-05.csv",
        "aidants_connect_structures_bretagne_2024-02-12.csv",
    ]
    for name in files:
        preview, landed = run_import(
            store, hub_config, "acteurs", (shared_open_dir / name).read_bytes(), name, accept_rejected=True
        )
        assert landed[0].source_name == preview.source_name and preview.source_name in NATIONAL_SCOPES
        assert landed[0].vintage == name.rsplit("_", 1)[1].removesuffix(".csv")
    registry = store.current_frame("acteurs")
    national = registry["sources"].map(lambda s: len({x for x in s if x in NATIONAL_SCOPES}))
    assert (national >= 2).sum() > 0  # places described by two lists are one actor
    versions = store.list_versions("acteurs")
    assert [v.number for v in versions] == [4, 3, 2, 1]
    assert pd.Series([v.author for v in versions[:3]]).eq("Alice").all()


def test_two_confirmations_racing_within_milliseconds_one_lands_the_other_is_refused(store, hub_config):
    """Two staff confirm imports of the same dataset at the same instant, each with a preview
    computed on the same version: one lands, the other is refused (never recomputed), every time."""
    full = template_csv("jalons")
    shorter = b"\n".join(full.split(b"\n")[:2]) + b"\n"  # the header and one milestone
    for round_ in range(4):
        ctx = context(store, hub_config)
        base = store.current_version("jalons")
        previews = {
            "Alice": prepare_import(ImportRequest("jalons", full, "alice.csv"), ctx),
            "Bob": prepare_import(ImportRequest("jalons", shorter, "bob.csv"), ctx),
        }
        assert {p.base_versions["jalons"] for p in previews.values()} == {base.id}
        barrier = threading.Barrier(2)
        landed, refused, other = {}, {}, []

        def confirm(author):
            barrier.wait(timeout=30)
            try:
                landed[author] = confirm_import(store, previews[author], author)
            except ConflictError as exc:
                refused[author] = exc
            except Exception as exc:  # pragma: no cover - reported below
                other.append(exc)

        threads = [threading.Thread(target=confirm, args=(a,)) for a in previews]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert other == []
        assert len(landed) == 1 and len(refused) == 1, (round_, landed, refused)
        (winner, versions), (loser, error) = next(iter(landed.items())), next(iter(refused.items()))
        current = store.current_version("jalons")
        assert current.id == versions[0].id and current.author == winner and current.based_on == base.id
        assert current.number == base.number + 1  # the loser added nothing
        assert str(error) == (
            "Le jeu de données a changé depuis la préparation de cet import "
            f"(version {current.number}, par {winner}) : l'aperçu doit être recalculé sur la version actuelle avant "
            "de valider."
        )
        log = store.import_log(limit=2)
        conflict = log[log["outcome"] == "conflit"]
        assert conflict[["author", "file_name", "dataset"]].values.tolist() == [
            [loser, f"{loser.lower()}.csv", "jalons"]
        ]
        assert conflict["message"].iloc[0] == str(error)


def test_a_preview_whose_reference_changed_is_refused(store, hub_config):
    """Movements are checked against the budget lines: if those change meanwhile, the preview is stale."""
    ctx = context(store, hub_config)
    preview = prepare_import(ImportRequest("mouvements", template_csv("mouvements"), "mouvements.csv"), ctx)
    assert not preview.refused
    before = store.current_version("mouvements")
    run_import(store, hub_config, "lignes_budget", template_csv("lignes_budget"), "lignes.csv")
    with pytest.raises(ConflictError, match="« Lignes de budget », sur lequel cet import s'appuie, a changé"):
        confirm_import(store, preview, "Alice")
    assert store.current_version("mouvements") == before
    assert store.import_log(limit=1)["outcome"].iloc[0] == "conflit"


def test_a_stale_preview_is_refused_as_stale_even_with_rows_in_error(store, hub_config):
    ctx = context(store, hub_config)
    with_error = template_csv("jalons") + b"J03,A2,Sans date,pas-une-date,,en_cours\n"
    preview = prepare_import(ImportRequest("jalons", with_error, "jalons.csv"), ctx)
    assert preview.needs_acceptance
    run_import(store, hub_config, "jalons", template_csv("jalons"), "autre.csv")
    with pytest.raises(ConflictError, match=r"a changé depuis la préparation de cet import \(version 2, par Alice\)"):
        confirm_import(store, preview, "Bob", accept_rejected=False)
    assert store.current_version("jalons").number == 2
    assert store.import_log(limit=1)[["outcome", "author"]].values.tolist() == [["conflit", "Bob"]]
