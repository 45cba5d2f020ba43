import datetime as dt

import pytest

from components.format_fr import NBSP, fr_date, fr_euros, fr_month, fr_number, fr_percent
from loaders.money import cents_to_decimal_string, parse_euros_to_cents


@pytest.mark.parametrize(
    "text, cents",
    [
        ("212500", 21_250_000),
        ("212500.00", 21_250_000),
        ("212 500,00 €", 21_250_000),
        ("212\u202f500,5", 21_250_050),
        ("1.234,56", 123_456),
        ("1,234.56", 123_456),
        ("18437.5", 1_843_750),
        ("0,01", 1),
        ("-12,30", -1_230),
    ],
)
def test_amounts_are_parsed_to_exact_cents(text, cents):
    assert parse_euros_to_cents(text) == cents


@pytest.mark.parametrize("text", ["", "abc", "12.345.6", "1,2,3", "12.345"])
def test_unreadable_amounts_raise(text):
    if text == "12.345":  # a thousands separator, not three decimals
        assert parse_euros_to_cents(text) == 1_234_500
        return
    with pytest.raises(ValueError):
        parse_euros_to_cents(text)


def test_cents_round_trip_through_the_file_spelling():
    for cents in (0, 1, 99, 100, 21_250_000, 1_843_750, -5):
        assert parse_euros_to_cents(cents_to_decimal_string(cents)) == cents


def test_french_formats():
    assert fr_euros(21_250_000) == f"212{NBSP}500{NBSP}€"
    assert fr_euros(26_250_000, force_cents=True) == f"262{NBSP}500,00{NBSP}€"
    assert fr_euros(1_843_750) == f"18{NBSP}437,50{NBSP}€"
    assert fr_percent(0.453) == f"45,3{NBSP}%"
    assert fr_number(1234.5, 1) == f"1{NBSP}234,5"
    assert fr_date(dt.date(2022, 4, 26)) == "26/04/2022"
    assert fr_month(dt.date(2022, 4, 26)) == "avril 2022"
    assert fr_number(float("nan")) == "–"
