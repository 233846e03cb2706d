"""The Line-API text table the Timeline, Decisions and Observations tabs draw on.

A real Textual app (``App.run_test``): keyed rows, literal text, the cursor keys, and
that a key bound on the table moves the cursor once, at once (the table runs its own
bindings when the key reaches it, before the key travels up to the app).
"""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual.app import App, ComposeResult

from tui.widgets.line_table import TextTable


class Host(App[None]):
    def compose(self) -> ComposeResult:
        yield TextTable("at", "text", id="table", zebra_stripes=True)


def screen_lines(app: App[None]) -> list[str]:
    return ["".join(s.text for s in strip) for strip in app.screen._compositor.render_strips()]


def test_rows_keys_cursor_and_literal_text() -> None:
    async def drive() -> None:
        app = Host()
        async with app.run_test(size=(60, 8)) as pilot:
            table = app.query_one(TextTable)
            table.add_row(Text("T+00:00"), Text("[bold]not markup[/]"), key="a")
            table.add_row(Text("T+00:10"), Text("two\nlines\tand a tab"), key="b")
            table.set_rows([(key, [Text(f"T+00:{n:02d}"), Text(f"row {n}")])
                            for n, key in enumerate("abcdefghij")])
            table.update_cell("c", 1, Text("a much longer text than before"))
            table.remove_row("d")
            table.add_row(Text("T+01:00"), Text("[link=https://x]x[/link]\x1b[2J"), key="z")
            table.focus()
            await pilot.pause()
            assert table.row_count == 10
            assert table.get_row_index("z") == 9
            assert table.get_row("c")[1].plain == "a much longer text than before"
            assert table.get_row("z")[1].plain == "[link=https://x]x[/link] [2J"
            lines = screen_lines(app)
            assert lines[0].startswith(" at       text ")
            assert lines[1].startswith(" T+00:00  row 0 ")
            assert lines[3].startswith(" T+00:02  a much longer text than before ")
            await pilot.press("down", "down")
            assert table.cursor_row == 2 and table.current_key == "c"
            await pilot.press("end")
            assert table.current_key == "z"
            await pilot.pause()
            lines = screen_lines(app)
            assert " T+01:00  [link=https://x]x[/link] [2J" in "\n".join(lines)
            assert "\x1b" not in "".join(lines)
            await pilot.press("home")
            assert table.cursor_row == 0
            table.clear()
            assert table.row_count == 0 and table.current_key is None

    asyncio.run(drive())
