"""The README opens with the two commands, and .ci/run runs the second exactly."""

import re

from .conftest import ROOT


def readme_commands():
    text = (ROOT / "README.md").read_text()
    return re.findall(r"```\n(.+?)\n```", text)


def test_readme_opens_with_play_and_test_commands():
    play, test = readme_commands()[:2]
    assert play.endswith("main.py")
    assert "pytest" in test


def test_ci_runs_the_readme_test_command_exactly():
    test = readme_commands()[1]
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert test in ci, "the README's test command and .ci/run have drifted apart"
