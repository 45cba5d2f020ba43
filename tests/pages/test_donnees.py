"""Données: the datasets with their counts, the history of versions, a restore, the corrections."""

from __future__ import annotations

import pytest

from components.access import DEMO_AUTHOR
from components.format_fr import fr_int
from ingestion.dataset_import import ImportContext, ImportRequest, import_now
from ingestion.store import open_store
from ingestion.store_bundle import BUNDLE_FIELDS, load_bundle_from_store
from loaders.config import DATASET_KEYS, load_config
from loaders.schemas import SPECS
from loaders.templates import template_csv
from tests.conftest import ROOT
from tests.pages.conftest import open_app
from views.donnees import tabs
from views.donnees.tabs import DATA_TABS


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A store of this test's own (the page and the test share it through HUB_STORE_URL)."""
    url = f"sqlite:///{tmp_path / 'hub.sqlite'}"
    monkeypatch.setenv("HUB_STORE_URL", url)
    s = open_store(load_config(ROOT / "hub.toml"), url=url)
    yield s
    s.dispose()


def frame_with(at, column):
    for df in at.dataframe:
        if column in df.value.columns:
            return df.value
    raise AssertionError(f"aucun tableau avec la colonne « {column} »")


def test_the_page_lists_every_dataset_with_its_rows(store, bundle):
    at = open_app("views/donnees/page.py")
    table = frame_with(at, "Jeu de données")
    assert table["Jeu de données"].tolist() == [SPECS[k].label for k in DATASET_KEYS]
    assert table["Lignes"].tolist() == [len(getattr(bundle, BUNDLE_FIELDS[k])) for k in DATASET_KEYS]
    assert set(table["Par"]) == {"script"}
    assert set(table["Comment"]) == {"données de démonstration"}
    assert table.loc[0, "Qualité"].endswith("%")


def test_history_shows_the_demo_version_and_its_content(store):
    at = open_app("views/donnees/page.py", tab=(DATA_TABS, tabs.HISTORY))
    history = next(df.value for df in at.dataframe if "Version" in df.value.columns)
    assert history[["Version", "Par", "Origine", "Fichier", "Lignes", "Actuelle"]].values.tolist() == [
        [1, "script", "données de démonstration", "acteurs.csv", 744, "oui"]
    ]
    assert at.selectbox(key="history-version-acteurs").value == store.current_version("acteurs").id
    assert any(c.value.startswith(f"{fr_int(744)} ligne(s)") for c in at.caption)


def test_an_earlier_version_is_restored_from_the_history(store, hub_config):
    bundle = load_bundle_from_store(hub_config, store)
    import_now(
        store,
        ImportRequest("jalons", template_csv("jalons"), "jalons.csv"),
        ImportContext.from_store(bundle, store),
        "Alice",
    )
    assert store.current_version("jalons").rows == 2
    at = open_app("views/donnees/page.py", tab=(DATA_TABS, tabs.HISTORY))
    at.selectbox(key="history-dataset").set_value("jalons").run()
    first = store.list_versions("jalons")[-1]
    at.selectbox(key="history-version-jalons").set_value(first.id).run()
    next(b for b in at.button if b.label == "Restaurer cette version").click().run()
    assert not at.exception
    current = store.current_version("jalons")
    # Without an identity provider (the demo), the author is said to be the open demonstration.
    assert (current.number, current.author, current.restored_from, current.rows) == (3, DEMO_AUTHOR, first.id, 21)
    assert any("Version 1 restaurée" in s.value for s in at.success)


def test_a_correction_is_recorded_and_applied(store):
    at = open_app("views/donnees/page.py", tab=(DATA_TABS, tabs.DUPLICATES))
    at.selectbox(key="correction-actor").set_value("hub-0001").run()
    at.selectbox(key="correction-field").set_value("telephone").run()
    at.text_input(key="correction-value").input("+33299000001")
    next(b for b in at.button if b.label == "Enregistrer la correction").click().run()
    assert not at.exception
    registry = store.current_frame("acteurs").set_index("id")
    assert registry.at["hub-0001", "telephone"] == "+33299000001"
    version = store.current_version("acteurs")
    assert (version.number, version.origin, version.author) == (2, "correction manuelle", DEMO_AUTHOR)
    assert store.corrections()[["actor_id", "field", "value"]].values.tolist() == [
        ["hub-0001", "telephone", "+33299000001"]
    ]


def test_a_wrong_correction_is_refused_and_changes_nothing(store):
    at = open_app("views/donnees/page.py", tab=(DATA_TABS, tabs.DUPLICATES))
    at.selectbox(key="correction-actor").set_value("hub-0001").run()
    at.selectbox(key="correction-field").set_value("latitude").run()
    at.text_input(key="correction-value").input("quarante-huit")
    next(b for b in at.button if b.label == "Enregistrer la correction").click().run()
    assert any("Correction refusée" in e.value and "nombre illisible" in e.value for e in at.error)
    assert store.current_version("acteurs").number == 1
    assert store.corrections().empty


def _metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def _plain(text: str) -> str:
    """A message as read on screen (Markdown's backslash escapes removed)."""
    return text.replace("\\", "")


def test_a_confirmation_on_a_stale_preview_is_refused_and_a_fresh_preview_shown(store, hub_config):
    at = open_app("views/donnees/page.py", tab=(DATA_TABS, tabs.IMPORT))
    at.selectbox(key="import-dataset").set_value("jalons").run()
    at.file_uploader[0].set_value(("jalons.csv", template_csv("jalons"), "text/csv")).run()
    assert not at.exception
    assert _metric(at, "Lignes supprimées") == "19"  # the 2 milestones of the file replace the 21 of version 1

    # Meanwhile Bob imports the same file: Alice's preview is now stale.
    bundle = load_bundle_from_store(hub_config, store)
    import_now(
        store,
        ImportRequest("jalons", template_csv("jalons"), "bob.csv"),
        ImportContext.from_store(bundle, store),
        "Bob",
    )
    next(b for b in at.button if b.label == "Valider l'import").click().run()
    assert not at.exception
    assert [(v.number, v.author) for v in store.list_versions("jalons")] == [(2, "Bob"), (1, "script")]
    warnings = [_plain(w.value) for w in at.warning]
    assert any(
        w.startswith(
            "Import refusé : Le jeu de données a changé depuis la préparation de cet import (version 2, par Bob)"
        )
        and w.endswith("L'aperçu a été recalculé sur la version actuelle : vérifiez-le et validez à nouveau.")
        for w in warnings
    ), warnings
    assert store.import_log(limit=1)[["outcome", "author"]].values.tolist() == [["conflit", DEMO_AUTHOR]]
    # The preview shown is the recomputed one: against Bob's version, the file changes nothing.
    assert _metric(at, "Lignes supprimées") == "0"
    assert any("Ce fichier ne change rien" in i.value for i in at.info)

    # Validating again, on the preview now seen, lands.
    next(b for b in at.button if b.label == "Valider l'import").click().run()
    assert not at.exception
    assert [(v.number, v.author) for v in store.list_versions("jalons")][0] == (3, DEMO_AUTHOR)
    assert any("passe à la version 3" in s.value for s in at.success)


def test_a_preview_recomputed_because_the_dataset_changed_says_so(store, hub_config):
    at = open_app("views/donnees/page.py", tab=(DATA_TABS, tabs.IMPORT))
    at.selectbox(key="import-dataset").set_value("jalons").run()
    at.file_uploader[0].set_value(("jalons.csv", template_csv("jalons"), "text/csv")).run()
    bundle = load_bundle_from_store(hub_config, store)
    import_now(
        store,
        ImportRequest("jalons", template_csv("jalons"), "bob.csv"),
        ImportContext.from_store(bundle, store),
        "Bob",
    )
    at.run()
    assert not at.exception
    assert any(
        _plain(w.value).startswith("« Jalons » a changé depuis votre aperçu (version 2, par Bob)") for w in at.warning
    )
    assert _metric(at, "Lignes supprimées") == "0"
    assert store.current_version("jalons").author == "Bob"


FORMULA_PLACE = (
    "id,nom,commune,code_postal,code_insee,adresse,latitude,longitude,date_maj,services\n"
    'hub-9001,"=HYPERLINK(""http://exemple.invalid"",""clic"")",Rennes,35200,35238,7 boulevard de Yougoslavie,'
    "48.0880,-1.6570,2024-03-01,Aide aux démarches administratives\n"
)


def test_the_quality_tab_flags_formula_fields_and_does_not_call_the_export_clean(store, hub_config):
    bundle = load_bundle_from_store(hub_config, store)
    import_now(
        store,
        ImportRequest("acteurs", FORMULA_PLACE.encode(), "lieux.csv", source_name="Essai"),
        ImportContext.from_store(bundle, store),
        "Alice",
    )
    at = open_app("views/donnees/page.py", tab=(DATA_TABS, tabs.QUALITY))
    assert not at.exception
    warnings = [_plain(w.value) for w in at.warning]
    assert any(w.startswith("1 lieu(x) ont des champs qui ressemblent à des formules de tableur") for w in warnings), (
        warnings
    )
    assert any("le fichier passe la validation du standard national, mais il n'est pas propre" in w for w in warnings)
    assert not any("passe la validation du standard national." in s.value for s in at.success)
    table = frame_with(at, "Champ")
    assert table.loc[table["Identifiant"] == "hub-9001", "Champ"].tolist() == ["nom"]
    fix = frame_with(at, "À faire")
    assert any("formules de tableur" in a for a in fix["À faire"])
