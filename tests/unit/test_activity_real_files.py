"""The real activity files as published (../shared/data/open): the Conseillers numériques' activity
reports by postal code (all of France, 2023-07-17) and the Aidants Connect structures
(2024-02-12). Expected totals are computed here from the files themselves (and pinned), so that
a reader that drops, misplaces or double counts a postal code fails."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter

import pandas as pd
import pytest

from analytics.impact import activity as act
from analytics.impact.summary import impact_summary
from analytics.territory.selection import resolve_selection
from components.activity import headline
from components.documents.figures import impact_figures
from components.documents.reports import synthesis_report
from components.format_fr import fr_int
from ingestion.dataset_import import AIDANTS_CONNECT_ACTIVITY, CRA_POSTAL, ImportContext, ImportRequest, import_now
from ingestion.store import open_store
from ingestion.store_bundle import load_bundle_from_store
from loaders.activity_measures import SOURCE_AIDANTS_CONNECT, SOURCE_CRA, TOTAL
from loaders.postal_codes import load_postal_table
from loaders.problems import ERROR, INFO, WARNING
from loaders.sources.aidants_connect_activity import read_aidants_connect_activity
from loaders.sources.cra_conseillers_numeriques import read_cra_by_postal_code
from tests.conftest import ROOT

pytestmark = pytest.mark.realdata

CRA = "cra_conseillers_numeriques_par_code_postal_2023-07-17.csv"
AC = "aidants_connect_structures_bretagne_2024-02-12.csv"
AGES = (
    "Somme de Moins12ans",
    "Somme de De12a18ans",
    "Somme de De18a35ans",
    "Somme de De35a60ans",
    "Somme de Plus60ans",
)
REGION = ("22", "29", "35", "56")


def file_totals(path) -> Counter:
    """People per postal code, straight from the file: the age bands added, a four-digit code given
    its zero back (the reader's rule, written independently)."""
    totals = Counter()
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["CodePostal"].strip()
            code = "0" + code if len(code) == 4 and code.isdigit() else code
            totals[code] += sum(int(row[a]) for a in AGES)
    return totals


def expected_by_commune(totals: Counter) -> pd.Series:
    """Each code's people spread over its communes by population (the committed postal table)."""
    table = pd.read_csv(ROOT / "data" / "reference" / "codes_postaux.csv", dtype=str)
    table["population"] = table["population"].astype(int)
    share = table["population"] / table.groupby("code_postal")["population"].transform("sum")
    table["valeur"] = table["code_postal"].map(totals).fillna(0) * share
    return table.groupby("code_insee")["valeur"].sum()


@pytest.fixture(scope="module")
def cra(shared_open_dir, hub_config):
    postal = load_postal_table(hub_config.reference_dir, hub_config.departements)
    return read_cra_by_postal_code(shared_open_dir / CRA, postal)


@pytest.fixture(scope="module")
def totals(shared_open_dir) -> Counter:
    return file_totals(shared_open_dir / CRA)


def totals_of(frame: pd.DataFrame) -> pd.Series:
    return frame[frame["ventilation"] == TOTAL].set_index("code")["valeur"]


def test_the_region_keeps_every_person_of_its_postal_codes(cra, totals):
    region = {code: n for code, n in totals.items() if len(code) == 5 and code[:2] in REGION}
    assert len(region) == 251 and sum(region.values()) == 137_161
    values = totals_of(cra.frame)
    assert values.sum() == pytest.approx(137_161, abs=1e-6)
    assert set(cra.frame["source"]) == {SOURCE_CRA} and set(cra.frame["periode"]) == {"2023-07-17"}
    for dep, expected in zip(REGION, (27_920, 32_032, 37_263, 39_946)):
        assert values[values.index.str.startswith(dep)].sum() == pytest.approx(expected, abs=1e-6)
        assert expected == sum(n for code, n in region.items() if code.startswith(dep))


def test_postal_codes_spanning_several_communes_are_spread_by_population(cra, totals):
    values = totals_of(cra.frame)
    expected = expected_by_commune(totals)
    assert len(values) == 989
    pd.testing.assert_series_equal(
        values.sort_index(),
        expected[expected.index.isin(values.index)].sort_index(),
        check_names=False,
        check_index_type=False,
    )
    # 22500 serves Kerfot (695 inhabitants) and Paimpol (7 172): its 357 people are shared.
    assert totals["22500"] == 357
    assert values["22086"] == pytest.approx(357 * 695 / 7867)
    assert values["22162"] == pytest.approx(357 * 7172 / 7867)
    # A commune served by three codes of its own adds them up (Rennes: 35000, 35200, 35700).
    assert values["35238"] == pytest.approx(12_821 + 4_594 + 1_478)
    assert cra.frame.loc[cra.frame["code"] == "35238", "codes_postaux"].iloc[0] == ["35000", "35200", "35700"]
    assert values["29019"] == pytest.approx(3_945)  # Brest: 29200 only
    # Plouigneau: its shares of 29610 and 29650.
    assert values["29199"] == pytest.approx(expected["29199"]) and 700 < values["29199"] < 730
    # Each commune's age bands add up to its total.
    ages = cra.frame[cra.frame["ventilation"] == "tranche_age"].groupby("code")["valeur"].sum()
    pd.testing.assert_series_equal(ages.sort_index(), values.sort_index(), check_names=False, check_index_type=False)


def test_lost_leading_zeros_are_restored_and_never_land_in_the_region(cra, totals):
    messages = [str(p) for p in cra.problems]
    repaired = next(p for p in cra.problems if "zéro initial perdu" in p.message)
    assert repaired.severity == INFO and repaired.message.startswith("26 code(s)")
    # « 2920 » (line 5) is 02920 (Aisne), not Finistère's 29200: Brest keeps its own 3 945.
    assert totals["02920"] == 3
    assert not cra.frame["codes_postaux"].map(lambda codes: "02920" in codes or "2920" in codes).any()
    assert any("5 code(s) postal(aux) présent(s) sur plusieurs lignes" in m for m in messages)  # 5031 and  5031...


def test_codes_outside_the_region_and_unreadable_codes_are_reported(cra, totals):
    outside = next(p for p in cra.problems if "hors de la région" in p.message and "code(s) postal(aux)" in p.message)
    elsewhere = sum(n for code, n in totals.items() if code.isdigit() and len(code) == 5 and code[:2] not in REGION)
    assert elsewhere == 2_216_642
    assert outside.message.startswith("4552 code(s) postal(aux) hors de la région (2\u00a0216\u00a0642 accompagnements")
    unreadable = [p for p in cra.problems if p.message.startswith("code postal illisible")]
    assert [(p.line, p.value, p.severity) for p in unreadable] == [
        (1075, "24 54", ERROR),
        (4812, "null", ERROR),
        (4813, "undef", ERROR),
    ]
    assert "44 accompagnement(s)" in unreadable[0].message and "521 accompagnement(s)" in unreadable[2].message
    assert len(cra.rejected) == 3
    rule = next(p for p in cra.problems if "au prorata de leur population" in p.message)
    assert "251 code(s) postal(aux) de la région répartis sur 989 commune(s)" in rule.message
    gap = next(p for p in cra.problems if "somme des statuts" in p.message)
    assert gap.severity == WARNING and gap.message.startswith("16 code(s)")


def test_activity_by_epci_departement_and_priority_zone(cra, territories, hub_config, totals):
    communes = territories.communes
    series = act.series_at(cra.frame)[0]
    assert series.end == dt.date(2023, 7, 17) and series.start is None and not series.fictitious
    expected = expected_by_commune(totals)
    deps = act.measure_by_level(cra.frame, communes, series, "departement").set_index("code")
    assert deps.loc["29", "valeur"] == pytest.approx(32_032)
    assert deps.loc["29", "pour_1000"] == pytest.approx(1000 * 32_032 / deps.loc["29", "population"])
    epci = act.measure_by_level(cra.frame, communes, series, "epci").set_index("code")
    brest = communes.loc[communes["code_epci"] == "242900314", "code_insee"]
    assert epci.loc["242900314", "valeur"] == pytest.approx(expected.reindex(brest).fillna(0).sum())
    assert epci.loc["242900314", "valeur"] == pytest.approx(4957.4948, abs=1e-3)
    zones = act.measure_by_level(cra.frame, communes, series, "zone").set_index("code")
    qpv = communes.loc[communes["qpv"], "code_insee"]
    assert zones.loc["qpv", "valeur"] == pytest.approx(expected.reindex(qpv).sum())
    assert zones.loc["qpv", "valeur"] == pytest.approx(43_577.988, abs=1e-3)
    assert zones.loc["qpv", "population"] == 732_858
    assert zones.loc["acv", "valeur"] == pytest.approx(20_858.694, abs=1e-3)
    assert zones.loc["centre_bretagne", "valeur"] == pytest.approx(15_982.511, abs=1e-3)
    # Every commune and zone is known (the file covers the region: no value means no activity).
    assert zones["valeur"].notna().all() and epci["valeur"].notna().all()
    ages = act.breakdown(cra.frame, communes, series, "tranche_age", "region", None).set_index("categorie")
    assert ages.loc["plus_60_ans", "valeur"] == pytest.approx(sum(_band(totals, "Somme de Plus60ans")), abs=1e-6)


def _band(totals, column):
    """The file's column for the region's codes (read again, on its own)."""
    path = ROOT.parent / "shared" / "data" / "open" / CRA
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["CodePostal"].strip()
            if len(code) == 5 and code[:2] in REGION:
                yield int(row[column])


def test_aidants_connect_structures_give_aidants_users_and_procedures(shared_open_dir, territories):
    result = read_aidants_connect_activity(shared_open_dir / AC, territories)
    frame = result.frame
    totals = frame[frame["ventilation"] == TOTAL].groupby("mesure")["valeur"].sum()
    assert totals.to_dict() == {"aidants": 638.0, "demarches": 4687.0, "usagers_uniques": 585.0}
    themes = frame[frame["ventilation"] == "thematique"].groupby("categorie")["valeur"].sum()
    assert themes["travail_formation"] == 3513 and themes["social_sante"] == 456 and themes.sum() == 4687
    assert set(frame["source"]) == {SOURCE_AIDANTS_CONNECT} and set(frame["periode"]) == {"2024-02-12"}
    inactive = next(p for p in result.problems if "inactive" in p.message)
    assert "lignes 174, 178, 180, 229, 239" in inactive.message and "4 aidants" in inactive.message
    assert len(result.rejected) == 5
    unknown = next(p for p in result.problems if "chiffres d'usage" in p.message)
    assert (
        "renseignés pour 64 structure(s) sur 274" in unknown.message and "jamais compté comme zéro" in unknown.message
    )
    # A structure without usage figures has no usage row: unknown, not zero.
    assert (frame[frame["mesure"] == "usagers_uniques"]["valeur"] > 0).all()
    rennes = frame[(frame["code"] == "35238") & (frame["ventilation"] == TOTAL)].set_index("mesure")["valeur"]
    assert rennes["aidants"] > 0


def test_real_files_import_with_their_report_and_reach_the_synthesis(shared_open_dir, hub_config, tmp_path):
    store = open_store(hub_config, url=f"sqlite:///{tmp_path / 'hub.sqlite'}")
    try:
        previews = []
        for name, kind in ((CRA, CRA_POSTAL), (AC, AIDANTS_CONNECT_ACTIVITY)):
            context = ImportContext.from_store(load_bundle_from_store(hub_config, store), store)
            request = ImportRequest("activite", (shared_open_dir / name).read_bytes(), name, source_format=kind)
            preview, landed = import_now(store, request, context, "Test", accept_rejected=True)
            assert not preview.refused and landed[0].dataset == "activite"
            assert all(p.file == name for p in preview.problems)  # the report names the file
            previews.append(preview)
        # The first real file removes the demo's fictitious values; the second keeps the first's.
        assert any("2133 valeur(s) fictive(s) de démonstration retirée(s)" in p.message for p in previews[0].problems)
        kept = next(p for p in previews[1].problems if "conservée(s)" in p.message)
        assert "10879 valeur(s) d'autres sources ou périodes conservée(s)" in kept.message
        bundle = load_bundle_from_store(hub_config, store)
        assert not bundle.activity["fictif"].astype(bool).any()
        selection = resolve_selection(bundle.territories.communes, hub_config.region)
        summary = impact_summary(bundle, selection, dt.date(2023, 9, 30))
        people = {(f.series.source, f.series.measure): f for f in summary.people}
        assert people[(SOURCE_CRA, "accompagnements")].value == pytest.approx(137_161)
        assert people[(SOURCE_AIDANTS_CONNECT, "usagers_uniques")].value == pytest.approx(585)
        # The Aidants Connect list is dated after the date of the situation: said, not hidden.
        assert people[(SOURCE_AIDANTS_CONNECT, "usagers_uniques")].series.after_as_of
        figure = next(f for f in impact_figures(summary, hub_config) if f.label == "Personnes accompagnées")
        assert figure.value == fr_int(137_161)
        # The card gives the first source in short words and points to the other one (never added) …
        assert figure.detail == (
            "41,3 pour 1 000 hab. ; accompagnements (conseillers numériques, cumul au 17/07/2023) ; + 1 source non "
            "additionnée, voir plus bas"
        )
        # … which the full wording, and the report's table, give with its own period.
        detail = headline(list(summary.people))[1]
        assert "137\u00a0161 accompagnements (conseillers numériques, cumul au 17/07/2023)" in detail
        assert "585 usagers uniques (Aidants Connect, cumul au 12/02/2024, postérieure à la date" in detail
        assert "sources non additionnées" in detail and "fictif" not in detail
        html = synthesis_report(bundle, summary)
        assert "Personnes accompagnées" in html and fr_int(137_161) in html
        assert "<td>Usagers uniques</td><td class=\"num\">585</td>" in html
        assert "cumul au 12/02/2024, postérieure à la date" in html
        assert "Conseillers numériques : comptes rendus d&#x27;activité (ANCT) au 17/07/2023" in html  # the sources
        assert "pas un coût par personne" in html
        dep = resolve_selection(bundle.territories.communes, hub_config.region, departement="29")
        finistere = impact_summary(bundle, dep, dt.date(2023, 9, 30))
        cra_29 = next(f for f in finistere.people if f.series.source == SOURCE_CRA)
        assert cra_29.value == pytest.approx(32_032)
    finally:
        store.dispose()
