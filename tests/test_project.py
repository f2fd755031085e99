"""The project's set-up promises: the README's commands, CI running them, and a wheel that carries its data."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile

from conftest import REPO


def readme_commands() -> list[str]:
    lines = [line for line in (REPO / "README.md").read_text().splitlines() if line.strip()]
    assert lines[0].startswith("# ") and lines[1] == "```sh", "the README must open with its set-up block"
    block = lines[2:lines.index("```", 2)]
    return block


def test_readme_starts_with_two_commands_and_ci_runs_the_second():
    install, tests = readme_commands()
    assert "cablereader" in install.split("&&")[-1]
    assert tests in (REPO / ".ci" / "run").read_text().splitlines()


def test_wheel_ships_styles_and_samples(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(REPO)],
                   check=True, capture_output=True)
    wheel = next(tmp_path.glob("cablereader-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert any(re.fullmatch(r"tui/styles/[^/]+\.tcss", n) for n in names), names
    shipped = {n.split("/", 2)[2] for n in names if n.startswith("tui/sample_cables/")}
    on_disk = {str(p.relative_to(REPO / "sample_cables")) for p in (REPO / "sample_cables").rglob("*") if p.is_file()}
    assert on_disk and on_disk <= shipped
    assert "tui/cli/__init__.py" in names and "tui/safetext.py" in names
