"""Every command is documented: in the README, and in its own --help (as sqlite-utils' test_docs does)."""

import re

import pytest

from bot.cli import cli
from helpers import ROOT, invoke

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command: str):
    assert re.search(rf"\bhoidap {command}\b", README), f"`hoidap {command}` is not in README.md"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_and_option_has_help(command: str):
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert cli.commands[command].help, f"hoidap {command} has no help text"
    for parameter in cli.commands[command].params:
        if parameter.param_type_name == "option" and parameter.name != "help":
            assert getattr(parameter, "help", None), f"hoidap {command} {parameter.opts[0]} has no help"
