"""Old commune codes land on current communes; the real IFN files load into indicators."""

import pandas as pd
import pytest

from loaders.commune_codes import build_mapping, land_on_current
from loaders.indicators import IFN_COLUMNS, load_catalogue, load_ifn, load_indicator_values
from loaders.problems import ERROR, INFO


def test_former_communes_merge_population_weighted(territories):
    mapping = build_mapping(territories.communes, territories.history)
    frame = pd.DataFrame(
        {
            "_ligne": [2, 3, 4, 5, 6],
            "code": ["22027", "22043", "22241", "29019", "99999"],
            "valeur": [7.6, 7.4, 8.0, 4.0, 1.0],
        }
    )
    merged, problems = land_on_current(frame, "code", ["valeur"], mapping, "f.csv")
    values = dict(zip(merged["code"], merged["valeur"]))
    # Plumieux absorbed Le Cambout (434 inhabitants) and Coëtlogon (213); its own part: 1 015.
    assert values["22241"] == pytest.approx((7.6 * 434 + 7.4 * 213 + 8.0 * 1015) / (434 + 213 + 1015))
    assert values["29019"] == 4.0
    assert "99999" not in values
    unknown = [p for p in problems if p.severity == ERROR]
    assert len(unknown) == 1 and unknown[0].value == "99999" and unknown[0].line == 6
    assert any(p.severity == INFO and "22027, 22043, 22241" in p.message for p in problems)


def test_sums_for_counts(territories):
    mapping = build_mapping(territories.communes, territories.history)
    frame = pd.DataFrame({"code": ["22147", "22309"], "n": [3, 2]})
    merged, _ = land_on_current(frame, "code", ["n"], mapping, "f.csv", how="sum")
    assert merged.set_index("code")["n"].to_dict() == {"22147": 5}


def test_real_ifn_communes_land_on_current_communes(shared_open_dir, territories):
    result = load_ifn(shared_open_dir / "ifn_communes_bretagne_2023.csv", "commune", territories)
    frame = result.frame
    assert not result.errors
    assert frame["code"].nunique() == 1202  # 1 208 communes of 2023 -> 1 202 current ones
    assert set(frame["code"]) == set(territories.communes["code_insee"])
    assert set(frame["indicateur"]) == set(IFN_COLUMNS.values())
    total = frame[(frame["indicateur"] == "ifn_total")].set_index("code")["valeur"]
    assert total["22147"] == pytest.approx((7.8 * 2930 + 8.0 * 200) / 3130)  # Merdrignac + Saint-Launeuc
    assert total.between(0, 10).all()
    merges = [p for p in result.problems if "fusionnées" in p.message]
    assert len(merges) == 5
    catalogue = result.meta["catalogue"]
    assert catalogue.set_index("id").loc["ifn_total", "sens"] == "plus_est_pire"


def test_real_ifn_for_france_keeps_the_region_only(shared_open_dir, territories):
    result = load_ifn(shared_open_dir / "ifn_communes_france_2023.csv", "commune", territories)
    assert result.frame["code"].nunique() == 1202
    assert any("33800 ligne(s) hors de la région ignorée(s)" in p.message for p in result.problems)


def test_real_ifn_epci_reports_epci_without_value(shared_open_dir, territories):
    result = load_ifn(shared_open_dir / "ifn_epci_france_2023.csv", "epci", territories)
    codes = set(result.frame["code"])
    assert len(codes) == 59
    # Baud Communauté and Centre Morbihan Communauté were created in 2024: no 2023 value.
    missing = [p for p in result.problems if "sans valeur IFN" in p.message]
    assert len(missing) == 1 and "200096675" in missing[0].message and "200096683" in missing[0].message


def test_ifn_with_bad_values_and_missing_columns(territories):
    raw = (
        b"name,division,code,no_thd_coverage_rate,no_4g_coverage_rate,poverty_rate,older_65_rate,nscol15p_rate,total\n"
        b"Brest,city,29019,1,2,3,4,5,abc\nQuimper,city,29232,1,2,3,4,5,11\nMorlaix,city,29151,1,2,3,4,5,3\n"
    )
    result = load_ifn(raw, "commune", territories, "ifn.csv")
    assert set(result.frame["code"]) == {"29151"}
    errors = [str(p) for p in result.errors]
    assert "ifn.csv, ligne 2, colonne « total » : nombre illisible (valeur : « abc »)" in errors
    assert "ifn.csv, ligne 3, colonne « total » : valeur hors de l'échelle 0-10 (valeur : « 11 »)" in errors
    missing = load_ifn(b"code,total\n29019,3\n", "commune", territories, "ifn.csv")
    assert missing.frame.empty and "colonne(s) de l'IFN absente(s)" in missing.errors[0].message


def test_long_format_values_checked_against_catalogue_and_territories(territories):
    catalogue = load_catalogue(
        "id,libelle,unite,sens,source,millesime\nx,Indicateur X,%,plus_est_mieux,Essai,2023\n".encode(), "catalogue.csv"
    )
    assert catalogue.frame["id"].tolist() == ["x"]
    raw = (
        "niveau,code,indicateur,periode,valeur\n"
        "commune,29019,x,2023,1.5\n"
        "commune,22309,x,2023,2\n"
        "epci,242900314,x,2023,3\n"
        "epci,123456789,x,2023,3\n"
        "commune,29019,y,2023,3\n"
        "pays,FR,x,2023,3\n"
    ).encode()
    result = load_indicator_values(raw, territories, {"x"}, "valeurs.csv")
    kept = set(zip(result.frame["niveau"], result.frame["code"]))
    assert kept == {("commune", "29019"), ("commune", "22147"), ("epci", "242900314")}
    text = [str(p) for p in result.errors]
    assert "valeurs.csv, ligne 6, colonne « indicateur » : indicateur absent du catalogue (valeur : « y »)" in text
    assert (
        "valeurs.csv, ligne 5, colonne « code » : code epci inconnu dans le référentiel (valeur : « 123456789 »)"
        in text
    )
    assert any("ligne 7, colonne « niveau » : valeur hors de la liste autorisée" in t for t in text)
