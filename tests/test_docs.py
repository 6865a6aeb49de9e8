"""Docs are tested against the code (datasette-style): --help pages and the JSON contract."""

from __future__ import annotations

import re
import subprocess
import sys

from .conftest import ROOT


def test_cli_reference_matches_help() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "update_cli_docs.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_json_contract_documents_every_top_level_field() -> None:
    import lagebild

    doc = (ROOT / "docs" / "json-contract.md").read_text(encoding="utf-8")
    fields = lagebild.analyze("Ein Satz.").to_dict(include_tokens=True)
    documented = set(re.findall(r"^\| `([a-z_]+)", doc, flags=re.MULTILINE))
    documented |= {name for line in re.findall(r"^\| (`[a-z_]+`(?:, `[a-z_]+`)+)", doc, flags=re.MULTILINE)
                   for name in re.findall(r"`([a-z_]+)`", line)}
    missing = set(fields) - documented
    assert not missing, f"fields missing from docs/json-contract.md: {sorted(missing)}"


def test_readme_commands_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for script in re.findall(r"bash (scripts/\S+\.sh)", readme):
        assert (ROOT / script).exists(), script
    help_text = subprocess.run([sys.executable, "-m", "lagebild", "--help"], capture_output=True,
                               text=True).stdout
    code = "\n".join(re.findall(r"```(?:bash)?\n(.*?)```", readme, flags=re.DOTALL))
    for command in set(re.findall(r"^lagebild ([a-z]+)", code, flags=re.MULTILINE)):
        assert command in help_text, command
