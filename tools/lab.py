"""Start JupyterLab on the book with the project's own settings: `make lab` runs this.

The settings live in the repository, not in the reader's home: `lab-settings/overrides.json`
(given to JupyterLab as its application settings directory) makes a double-click on a chapter
(`.md`) open it as a notebook through jupytext, and turns off the update and news checks
(requests to other hosts). `jupytext.toml` at the root pins how a saved chapter is written.
tests/test_jupyterlab.py starts JupyterLab with the same `lab_command`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAB_SETTINGS_DIR = ROOT / "lab-settings"


def lab_command(port: int = 8888, *, open_browser: bool = True, extra: tuple = ()) -> list[str]:
    """The command line that starts JupyterLab on the repository, on 127.0.0.1 only."""
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--ServerApp.root_dir={ROOT}",
        f"--LabApp.app_settings_dir={LAB_SETTINGS_DIR}",
        f"--ServerApp.open_browser={open_browser}",
    ]
    if hasattr(os, "getuid") and os.getuid() == 0:  # containers (Binder-like, CI) run as root
        command.append("--allow-root")
    return [*command, *extra]


def main() -> None:
    port = int(os.environ.get("LAB_PORT", "8888"))
    command = lab_command(port, extra=tuple(sys.argv[1:]))
    os.execv(command[0], command)


if __name__ == "__main__":
    main()
