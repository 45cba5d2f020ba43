"""ingestion.dataset_diff: exact rows added, removed, changed and the fields that changed."""

import numpy as np
import pandas as pd

from ingestion.dataset_diff import canonical, diff_frames, display


def _actors(rows):
    frame = pd.DataFrame(rows, columns=["_ligne", "id", "nom", "services", "latitude", "date_maj"])
    frame["id"] = frame["id"].astype(pd.StringDtype())
    frame["nom"] = frame["nom"].astype(pd.StringDtype())
    frame["date_maj"] = pd.to_datetime(frame["date_maj"]).astype("datetime64[ns]")
    return frame


OLD = _actors(
    [
        (2, "a", "Médiathèque", ["Aide aux démarches"], 48.1, "2024-01-02"),
        (3, "b", "Espace numérique", [], np.nan, None),
        (4, "c", "Centre social", ["Accès internet", "Ateliers"], 47.5, "2023-05-06"),
        (5, "d", "Mairie", ["Accès internet"], 48.0, "2022-01-01"),
    ]
)
NEW = _actors(
    [
        (2, "c", "Centre social", ["Accès internet", "Ateliers"], 47.5, "2023-05-06"),  # same, moved
        (3, "a", "Médiathèque de Brest", ["Aide aux démarches"], 48.1, "2024-03-04"),  # 2 fields
        (4, "b", "Espace numérique", [], None, None),  # NaN vs None: unchanged
        (5, "e", "Tiers-lieu", ["Ateliers"], 48.3, "2025-01-01"),  # added
        (6, "d", "Mairie", ["Accès internet", "Ateliers"], 48.0, "2022-01-01"),  # list changed
    ]
)


def test_added_removed_changed_and_fields():
    diff = diff_frames(OLD, NEW, ["id"])
    assert diff.summary() == {"ajoutees": 1, "supprimees": 0, "modifiees": 2, "inchangees": 2}
    assert diff.added["id"].tolist() == ["e"]
    assert diff.removed.empty
    assert diff.changed["id"].tolist() == ["a", "d"]
    assert diff.changed["champs_modifies"].tolist() == [["nom", "date_maj"], ["services"]]
    assert diff.changes.to_dict("records") == [
        {"id": "a", "champ": "nom", "avant": "Médiathèque", "apres": "Médiathèque de Brest"},
        {"id": "a", "champ": "date_maj", "avant": "2024-01-02", "apres": "2024-03-04"},
        {"id": "d", "champ": "services", "avant": "Accès internet", "apres": "Accès internet | Ateliers"},
    ]
    assert diff.field_counts().to_dict() == {"date_maj": 1, "nom": 1, "services": 1}
    assert not diff.is_empty


def test_removed_rows_and_reverse_diff():
    diff = diff_frames(NEW, OLD, ["id"])
    assert diff.removed["id"].tolist() == ["e"]
    assert diff.added.empty
    assert diff.changes["avant"].tolist() == ["Médiathèque de Brest", "2024-03-04", "Accès internet | Ateliers"]


def test_same_frame_is_an_empty_diff_and_line_numbers_are_ignored():
    shuffled = OLD.iloc[::-1].copy()
    shuffled["_ligne"] = [10, 11, 12, 13]
    diff = diff_frames(OLD, shuffled, ["id"])
    assert diff.is_empty
    assert diff.unchanged == 4
    assert diff.field_counts().empty


def test_composite_keys_and_duplicates_matched_in_order():
    old = pd.DataFrame(
        {"id_kpi": ["k1", "k1", "k2"], "date": ["2023-01", "2023-01", "2023-02"], "valeur": [1.0, 2.0, 3.0]}
    )
    new = pd.DataFrame(
        {"id_kpi": ["k1", "k1", "k1"], "date": ["2023-01", "2023-01", "2023-01"], "valeur": [1.0, 5.0, 7.0]}
    )
    diff = diff_frames(old, new, ["id_kpi", "date"])
    assert diff.summary() == {"ajoutees": 1, "supprimees": 1, "modifiees": 1, "inchangees": 1}
    assert diff.added["valeur"].tolist() == [7.0]
    assert diff.removed["id_kpi"].tolist() == ["k2"]
    assert diff.changes.to_dict("records") == [
        {"id_kpi": "k1", "date": "2023-01", "champ": "valeur", "avant": "2", "apres": "5"}
    ]


def test_columns_present_on_one_side_only_and_ignored_columns():
    old = pd.DataFrame({"id": ["x", "y"], "a": [1, 2], "derived": [True, False]})
    new = pd.DataFrame({"id": ["x", "y"], "a": [1, 2], "b": ["new", None], "derived": [False, False]})
    diff = diff_frames(old, new, ["id"], ignore=("derived",))
    assert diff.changes.to_dict("records") == [{"id": "x", "champ": "b", "avant": "", "apres": "new"}]


def test_money_cents_and_empty_frames():
    old = pd.DataFrame(
        {
            "id_ligne": pd.array(["L1"], dtype=pd.StringDtype()),
            "montant_prevu_centimes": pd.array([1250000], dtype="Int64"),
        }
    )
    new = pd.DataFrame(
        {
            "id_ligne": pd.array(["L1"], dtype=pd.StringDtype()),
            "montant_prevu_centimes": pd.array([pd.NA], dtype="Int64"),
        }
    )
    diff = diff_frames(old, new, ["id_ligne"])
    assert diff.changes[["champ", "avant", "apres"]].values.tolist() == [["montant_prevu_centimes", "1250000", ""]]
    empty = diff_frames(old.iloc[0:0], new, ["id_ligne"])
    assert empty.summary() == {"ajoutees": 1, "supprimees": 0, "modifiees": 0, "inchangees": 0}


def test_canonical_and_display():
    assert canonical(np.nan) is None and canonical(pd.NA) is None and canonical(pd.NaT) is None
    assert canonical(np.array(["a", "b"])) == ("a", "b") == canonical(["a", "b"])
    assert canonical(np.int64(3)) == 3 and canonical(3.0) == 3
    assert display(pd.Timestamp("2024-05-06")) == "2024-05-06"
    assert display(0.1) == "0.1" and display(True) == "oui" and display([]) == ""


def test_missing_key_column_is_reported():
    try:
        diff_frames(pd.DataFrame({"x": [1]}), pd.DataFrame({"id": [1]}), ["id"])
    except KeyError as exc:
        assert "ancienne" in str(exc)
    else:
        raise AssertionError("KeyError attendue")
