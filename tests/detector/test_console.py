"""Console text from logs: control characters made visible, markup escaped."""

from __future__ import annotations

from rich.console import Console

from detector.console import printable, safe


def test_control_and_bidi_characters_are_shown_not_sent() -> None:
    assert printable("a\x1b[31mred\x07\u202eb") == "a\\x1b[31mred\\x07\\u202eb"
    assert printable("école, 名前") == "école, 名前"  # ordinary non-ASCII text is kept


def test_markup_in_a_user_name_is_printed_literally() -> None:
    console = Console(record=True, width=200)
    console.print(f"user {safe('[/bold]x[red]')} done", highlight=False)
    assert console.export_text().strip() == "user [/bold]x[red] done"
