import datetime as dt

import pytest

from loaders.config import ConfigError, add_months, load_config


def test_the_hub_configuration(hub_config):
    assert hub_config.name == "Hub breton pour un numérique inclusif"
    assert hub_config.departements == ("22", "29", "35", "56")
    assert hub_config.start == dt.date(2022, 4, 26)
    assert hub_config.months == 18
    assert hub_config.end == dt.date(2023, 10, 26)
    assert [e.amount_cents for e in hub_config.envelopes] == [21_250_000, 5_000_000]
    assert hub_config.total_budget_cents == 26_250_000
    assert len(hub_config.acv) == 11
    assert sum(hub_config.qpv.values()) == 31 and len(hub_config.qpv) == 14
    assert len(hub_config.centre_epci) == 9
    assert hub_config.distance_threshold_km == 10
    assert [a.code for a in hub_config.actions] == ["A1", "A2", "A3", "GESTION"]


def test_another_region_is_another_file(tmp_path, hub_config):
    text = hub_config.path.read_text(encoding="utf-8")
    text = text.replace('departements = ["22", "29", "35", "56"]', 'departements = ["44", "49", "53", "72", "85"]')
    text = text.replace('region = "Bretagne"', 'region = "Pays de la Loire"')
    other = tmp_path / "pdl.toml"
    other.write_text(text, encoding="utf-8")
    config = load_config(other)
    assert config.region == "Pays de la Loire"
    assert config.departements == ("44", "49", "53", "72", "85")
    # Relative paths resolve from the file's own folder.
    assert config.datasets["acteurs"] == (tmp_path / "data/demo/acteurs.csv").resolve()


def test_configuration_errors_are_french(tmp_path):
    with pytest.raises(ConfigError, match="introuvable"):
        load_config(tmp_path / "absent.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[hub]\nnom = 'x'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="« region »"):
        load_config(bad)


def test_add_months_clamps_to_month_end():
    assert add_months(dt.date(2022, 4, 26), 18) == dt.date(2023, 10, 26)
    assert add_months(dt.date(2023, 1, 31), 1) == dt.date(2023, 2, 28)
