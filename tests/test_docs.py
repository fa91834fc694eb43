"""The README stays true: two set-up commands, CI runs the second verbatim, every setting documented."""

from __future__ import annotations

import re

from pcgraph.cli import COMMANDS
from pcgraph.settings import SETTINGS
from support.paths import REPO_DIR

README = (REPO_DIR / "README.md").read_text(encoding="utf-8")


def setup_commands() -> list[str]:
    section = README.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.S)]


def test_readme_has_exactly_two_setup_commands():
    commands = setup_commands()
    assert len(commands) == 2
    assert all("\n" not in command for command in commands)
    assert "pcgraph serve" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command_verbatim():
    ci = (REPO_DIR / ".ci" / "run").read_text(encoding="utf-8")
    assert setup_commands()[1] in ci.splitlines()


def test_every_setting_is_documented_in_the_readme():
    for setting in SETTINGS:
        assert f"`{setting.env}`" in README, setting.env


def test_every_verb_is_documented_in_the_readme():
    for name in COMMANDS:
        assert f"`pcgraph {name}" in README, name
