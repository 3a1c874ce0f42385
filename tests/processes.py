"""Starting the command in a child process as a user's terminal would."""

from __future__ import annotations

import signal


def ctrl_c_works() -> None:
    """For `preexec_fn`: Ctrl-C (SIGINT) interrupts the child even when the tests run in the
    background, where the shell starts them with SIGINT ignored and children inherit that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
