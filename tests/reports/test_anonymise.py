"""framing.reports.anonymise: anonymous letters for outlets, and hiding their names."""

from __future__ import annotations

import pytest

from framing.reports import anonymise


def test_reports_anonymise_letters_are_deterministic_and_ignore_input_order(
    outlets: list[str],
) -> None:
    a = anonymise.outlet_letters(outlets, 3)
    b = anonymise.outlet_letters(list(reversed(outlets)) + outlets[:2], 3)
    assert a == b
    assert sorted(a) == sorted(outlets)
    assert sorted(a.values()) == [f"Outlet {c}" for c in "ABCDE"]


def test_reports_anonymise_letters_differ_between_events_and_are_not_alphabetical(
    outlets: list[str],
) -> None:
    alphabetical = {o: f"Outlet {c}" for o, c in zip(sorted(outlets), "ABCDE", strict=True)}
    mappings = [anonymise.outlet_letters(outlets, e) for e in range(10)]
    assert sum(m != alphabetical for m in mappings) >= 8
    assert len({tuple(sorted(m.items())) for m in mappings}) >= 5


def test_reports_anonymise_letters_salt_changes_the_mapping(outlets: list[str]) -> None:
    plain = anonymise.outlet_letters(outlets, 1)
    salted = [anonymise.outlet_letters(outlets, 1, salt=f"class {i}") for i in range(5)]
    assert any(m != plain for m in salted)


def test_reports_anonymise_letters_go_past_z() -> None:
    names = [f"Outlet number {i:02d}" for i in range(28)]
    letters = set(anonymise.outlet_letters(names, 0).values())
    assert {"Outlet A", "Outlet Z", "Outlet AA", "Outlet AB"} <= letters


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bravo Wire said so.", "Outlet B said so."),
        ("BRAVO WIRE and bravo wire's", "Outlet B and Outlet B's"),
        ("The wire said", "The wire said"),
        ("Bravo Wireless", "Bravo Wireless"),
        ("", ""),
    ],
)
def test_reports_anonymise_hide_names_replaces_whole_names_in_any_case(
    text: str, expected: str
) -> None:
    assert anonymise.hide_names(text, {"Bravo Wire": "Outlet B"}) == expected


def test_reports_anonymise_hide_names_prefers_the_longest_name() -> None:
    names = {"Meridian": "Outlet X", "Meridian Wire": "Outlet Y"}
    assert anonymise.hide_names("Meridian Wire reported", names) == "Outlet Y reported"
