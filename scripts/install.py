"""Install quizrnn into a virtual environment (.venv) with nothing but Python 3.10 or newer.

    python3 scripts/install.py          # quizrnn, then run .venv/bin/quizrnn
    python3 scripts/install.py --dev    # editable, with the test extras, for pytest

It uses only the standard library. Where Python's venv cannot install pip (Debian and
Ubuntu ship python3 without ensurepip unless python3-venv is installed), it fetches pip's
wheel from PyPI, checks its SHA-256 against the index, and installs pip from it.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PYPI = "https://pypi.org/pypi/pip/json"


def say(message: str) -> None:
    print(f"install: {message}", flush=True)


def bin_dir() -> Path:
    return VENV / ("Scripts" if os.name == "nt" else "bin")


def python() -> str:
    return str(bin_dir() / ("python.exe" if os.name == "nt" else "python"))


def has_pip() -> bool:
    return subprocess.run([python(), "-m", "pip", "--version"], capture_output=True).returncode == 0


def create() -> None:
    if (bin_dir() / "python").exists() or (bin_dir() / "python.exe").exists():
        say(f"using the virtual environment {VENV}")
        return
    say(f"creating a virtual environment in {VENV}")
    try:
        venv.EnvBuilder(with_pip=True).create(VENV)
    except (subprocess.CalledProcessError, OSError, SystemExit):
        # Debian and Ubuntu's venv prints advice and exits when ensurepip is missing
        say("this Python cannot put pip in it (no ensurepip); pip will come from PyPI instead")
        venv.EnvBuilder(with_pip=False, clear=True).create(VENV)


def bootstrap_pip() -> None:
    """pip's newest wheel from PyPI, verified against the index's SHA-256, installed from itself."""
    with urllib.request.urlopen(PYPI, timeout=60) as response:
        release = json.load(response)
    wheel = next(u for u in release["urls"] if u["packagetype"] == "bdist_wheel")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / wheel["filename"]
        with urllib.request.urlopen(urllib.parse.urljoin(PYPI, wheel["url"]), timeout=120) as response:
            path.write_bytes(response.read())
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != wheel["digests"]["sha256"]:
            sys.exit(f"install: {wheel['filename']} does not match its published SHA-256; not installing it")
        say(f"installing {wheel['filename']}")
        subprocess.run([python(), str(path / "pip"), "install", "--quiet", "--no-index", str(path)], check=True)


def main() -> None:
    if sys.version_info < (3, 10):
        sys.exit(f"install: quizrnn needs Python 3.10 or newer; this is {sys.version.split()[0]}")
    dev = "--dev" in sys.argv[1:]
    create()
    if not has_pip():
        bootstrap_pip()
    target = ["-e", f"{ROOT}[test]"] if dev else [str(ROOT)]
    say("installing quizrnn" + (" (editable, with the test extras)" if dev else "") + "; this takes a minute")
    subprocess.run([python(), "-m", "pip", "install", "--quiet", *target], check=True)
    command = bin_dir() / "quizrnn"
    say(f"done: run {os.path.relpath(command)} (or activate the environment: . .venv/bin/activate)")


if __name__ == "__main__":
    try:
        main()
    except subprocess.CalledProcessError as exc:
        sys.exit(f"install: {' '.join(map(str, exc.cmd[:4]))} … failed (exit {exc.returncode})")
    except OSError as exc:
        sys.exit(f"install: {exc}")
