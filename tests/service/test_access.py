from __future__ import annotations

from typing import get_args

from service.access import ANONYMOUS, CLI, VISIBILITIES, Caller, Visibility, visibility_or


def test_the_visibility_type_spells_the_visibilities() -> None:
    assert set(get_args(Visibility)) == set(VISIBILITIES)


def test_a_caller_sees_public_network_and_their_office_anonymous_public_only_admins_all() -> None:
    reader = Caller("r", "Fiscalía A", "reader")
    assert reader.access is not None and reader.access.must == {
        "audience": ["public", "network", "office:Fiscalía A"]
    }
    assert ANONYMOUS.audiences == ["public"] and not ANONYMOUS.may("reader")
    assert Caller("a", "X", "admin").access is None and CLI.may("admin")
    assert reader.may("reader") and not reader.may("editor")


def test_a_form_value_that_is_no_visibility_falls_back_to_office() -> None:
    assert visibility_or("network") == "network" and visibility_or("everyone") == "office"
