"""The console's terminal driver: Textual's, able to tell that its terminal has gone.

A hung-up terminal (the tmux pane or ssh session killed) reads as end-of-file for ever, so
Textual's input thread spins on it, and fails every write, so Textual's writer thread dies
and the next 30 writes fill its queue and block the app. :class:`ConsoleDriver` notices
(:meth:`~ConsoleDriver.hung_up`) and drops output from then on; the app then closes the
drill (see ``TabletopApp.end_drill``). Only on POSIX terminals: elsewhere (Windows) the
console runs on Textual's own driver, as before.
"""

from __future__ import annotations

import select

from textual.driver import Driver

try:
    from textual.drivers.linux_driver import LinuxDriver
except ImportError:  # no termios (Windows): Textual picks its own driver there
    LinuxDriver = None  # type: ignore[assignment,misc]


def console_driver(default: type[Driver]) -> type[Driver]:
    """:class:`ConsoleDriver` where Textual would use its Linux (POSIX) driver."""
    return ConsoleDriver if LinuxDriver is not None and default is LinuxDriver else default


_POSIX_DRIVER: type = LinuxDriver if LinuxDriver is not None else object
"""Textual's POSIX driver; off POSIX, :class:`ConsoleDriver` is never made."""


class ConsoleDriver(_POSIX_DRIVER):  # type: ignore[misc,valid-type]
    """Textual's terminal driver, able to tell that its terminal has gone.

    A hung-up terminal reads as end-of-file for ever (Textual's input thread then spins)
    and fails every write (Textual's writer thread dies of it, and the next 30 writes fill
    its queue and block the app). Once :attr:`gone`, output is dropped instead.
    """

    gone = False

    def hung_up(self) -> bool:
        """Whether the terminal hung up (its input reports a hang-up, or output failed)."""
        if not self.gone and hasattr(select, "poll"):
            poller = select.poll()
            poller.register(self.fileno, 0)  # 0: only hang-ups and errors are reported
            self.gone = any(mask & select.POLLHUP for _fd, mask in poller.poll(0))
        return self._output_failed()

    def _output_failed(self) -> bool:
        writer = self._writer_thread
        self.gone = self.gone or (writer is not None and not writer.is_alive())
        return self.gone

    def write(self, data: str) -> None:
        if not self._output_failed():
            super().write(data)

    def close(self) -> None:
        if not self._output_failed():
            super().close()
