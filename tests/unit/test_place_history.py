"""A place's history across the registry's versions, and the records it is made of."""

from __future__ import annotations

import pandas as pd

from ingestion.actor_registry import current_records
from ingestion.dataset_import import ImportContext, ImportRequest, import_now, rebuild_registry_version
from ingestion.place_history import ADDED, CHANGED, REMOVED, place_records, store_history
from ingestion.store import ACTOR_RECORDS, ORIGIN_CORRECTION, open_store
from ingestion.store_bundle import load_bundle_from_store

PLACE = "hub-0042"


def test_history_names_who_changed_what_and_when(hub_config, tmp_path, territories):
    store = open_store(hub_config, url=f"sqlite:///{tmp_path / 'hub.sqlite'}")
    before = store.current_frame("acteurs").set_index("id").loc[PLACE, "telephone"]
    store.record_correction(PLACE, "telephone", "+33299123456", "Camille Martin")
    rebuild_registry_version(store, territories, "Camille Martin", ORIGIN_CORRECTION, f"{PLACE} : telephone")
    store.record_correction(PLACE, "horaires", "Mo-Fr 09:00-12:00", "Alex Le Gall")
    rebuild_registry_version(store, territories, "Alex Le Gall", ORIGIN_CORRECTION, f"{PLACE} : horaires")

    history = store_history(store, PLACE)
    assert history["version"].tolist() == [3, 2, 1]
    assert history["evenement"].tolist() == [CHANGED, CHANGED, ADDED]
    phone = history[history["champ"] == "telephone"].iloc[0]
    assert (phone["auteur"], phone["origine"], phone["avant"], phone["apres"]) == (
        "Camille Martin",
        ORIGIN_CORRECTION,
        before or "",
        "+33299123456",
    )
    assert history[history["champ"] == "horaires"].iloc[0]["auteur"] == "Alex Le Gall"
    assert history.iloc[-1]["auteur"] == "script"  # the first version, from the configured files

    # Replaced by a registry that lacks it: it left the registry in version 4.
    bundle = load_bundle_from_store(hub_config, store)
    others = bundle.actors[bundle.actors["id"] != PLACE].head(3)
    from ingestion.actors_export import to_standard_csv

    data = to_standard_csv(others).encode("utf-8")
    import_now(
        store,
        ImportRequest("acteurs", data, "trois.csv", source_format="standard", mode="remplacement"),
        ImportContext.from_store(bundle, store),
        "Dominique Roux",
    )
    history = store_history(store, PLACE)
    assert history.iloc[0]["evenement"] == REMOVED and history.iloc[0]["version"] == 4
    assert history.iloc[0]["auteur"] == "Dominique Roux" and history.iloc[0]["fichier"] == "trois.csv"
    store.dispose()


def test_records_of_a_merged_place(hub_config, tmp_path):
    store = open_store(hub_config, url=f"sqlite:///{tmp_path / 'hub.sqlite'}")
    versions = store.current_versions()
    records = current_records(
        store, store.current_frame("acteurs"), versions["acteurs"].id, versions.get(ACTOR_RECORDS)
    )
    own = place_records(records, PLACE)
    assert own["id"].tolist() == [PLACE]
    assert own["source"].tolist() == ["Registre du hub"]
    frame = pd.DataFrame(
        {
            "id": ["a", "fs-1", "b"],
            "id_acteur": ["a", "a", "b"],
            "fiche_source": ["Registre du hub", "France Services (ANCT)", "Registre du hub"],
            "date_maj": pd.to_datetime(["2023-01-01", "2024-08-01", "2022-01-01"]),
            "source": ["Hub", "ANCT", "Hub"],
        }
    )
    own = place_records(frame, "a")
    assert own["source"].tolist() == ["France Services (ANCT)", "Registre du hub"]
    assert str(own["date_maj"].iloc[0]) == "2024-08-01"
    store.dispose()
