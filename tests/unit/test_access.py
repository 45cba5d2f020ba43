"""Roles: how a person gets one, what each role reaches and changes, what a funder never sees."""

from __future__ import annotations

import pytest

from components import access as ui_access
from components.data_access import funder_view
from components.page_registry import PAGES, pages_for
from loaders import access
from loaders.config import ConfigError, load_config
from tests.conftest import ROOT


def config_with(tmp_path, extra: str):
    text = (ROOT / "hub.toml").read_text(encoding="utf-8").replace('"data/', f'"{ROOT}/data/')
    text = text.replace("[acces.roles]\n", "[acces.roles]\n" + extra + "\n")
    path = tmp_path / "hub.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def test_the_role_comes_from_the_claim_then_the_mapping(tmp_path):
    config = config_with(
        tmp_path,
        '"coordination@fcsb.example" = "admin"\n"@bretagne.example" = "financeur"\n"prefecture.example" = "comité"',
    )
    rules = config.access
    assert access.role_of({"roles": ["comite", "equipe"]}, rules) == access.STAFF  # the strongest named
    assert access.role_of({"roles": "Financeur"}, rules) == access.FUNDER
    assert access.role_of({"email": "Coordination@FCSB.example"}, rules) == access.ADMIN
    assert access.role_of({"email": "chargee@bretagne.example"}, rules) == access.FUNDER
    assert access.role_of({"email": "x@prefecture.example", "roles": []}, rules) == access.COMMITTEE
    assert access.role_of({"email": "x@ailleurs.example", "roles": ["invité"]}, rules) is None
    assert access.role_of({}, rules) is None


def test_an_unknown_role_in_the_configuration_is_refused_in_french(tmp_path):
    with pytest.raises(ConfigError, match="rôle inconnu « chef » pour « x@fcsb.example »"):
        config_with(tmp_path, '"x@fcsb.example" = "chef"')


def test_what_each_role_reaches_and_writes():
    assert [p.url_path for p in pages_for(access.FUNDER)] == ["", "territoires", "synthese"]
    assert "journal" not in [p.url_path for p in pages_for(access.STAFF)]
    assert "journal" in [p.url_path for p in pages_for(access.ADMIN)]
    assert {p.url_path for p in pages_for(access.COMMITTEE)} == {p.url_path for p in PAGES} - {"journal"}
    assert pages_for(None) == ()
    assert access.can_write(access.STAFF) and access.can_write(access.ADMIN)
    assert not access.can_write(access.COMMITTEE) and not access.can_write(access.FUNDER)


def test_identities_and_authors():
    demo = ui_access.Identity(ui_access.DEMO, access.STAFF, ui_access.DEMO_AUTHOR)
    assert demo.can_write and demo.author == ui_access.DEMO_AUTHOR and demo.author_subject is None
    staff = ui_access.Identity(ui_access.SIGNED_IN, access.STAFF, "Camille Le Goff", "camille", "camille@fcsb.example")
    assert (staff.author, staff.author_subject, staff.can_write) == ("Camille Le Goff", "camille", True)
    committee = ui_access.Identity(ui_access.SIGNED_IN, access.COMMITTEE, "Yann", "yann")
    assert committee.reaches_data and not committee.can_write
    assert not ui_access.Identity(ui_access.NO_ROLE, None, "X").reaches_data
    assert not ui_access.Identity(ui_access.EXPIRED, access.STAFF, "X").reaches_data
    assert (
        ui_access._expired({"exp": 1}) and not ui_access._expired({"exp": 32503680000}) and not ui_access._expired({})
    )


def test_a_funders_bundle_has_no_contact_field_nor_author(hub_config):
    from loaders.bundle import load_bundle

    bundle = load_bundle(hub_config)
    assert bundle.actors["telephone"].notna().any() and bundle.actors["courriels"].map(len).gt(0).any()
    view = funder_view(bundle)
    assert view.actors["telephone"].isna().all()
    assert view.actors["courriels"].map(len).eq(0).all()
    assert all(p.author is None for p in view.provenance.values())
    assert (
        len(view.actors) == len(bundle.actors) and bundle.actors["telephone"].notna().any()
    )  # the shared one is untouched
