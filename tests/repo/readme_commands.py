#!/usr/bin/env python3
"""Every command the README shows is run or checked, and no link leaves the repository.

Usage: readme_commands.py SOURCE_DIR BIN_DIR

The ```sh blocks of README.md are split into commands (continuation lines joined, comments
dropped, a leading sudo removed). Each command must match one rule below, or the test fails
naming it, so a command added to the README without a check cannot pass unseen:
  - collector commands: every --option must be one the collector's --help (of that verb)
    lists; the ones that need neither root nor QEMU are run as written, in a scratch folder;
  - make targets and Makefile.kernel targets must exist;
  - files a command names (scripts, playbooks, packages' versions) must exist or match;
  - apt/cmake/ansible lines are checked for the files they name.
Markdown links of README.md and doc/*.md must name files of the repository.
"""
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

SRC = Path(sys.argv[1]).resolve()
BIN = Path(sys.argv[2]).resolve()
VERBS = {"suite", "parse", "report", "compare"}
failures = []
checked = []


def fail(command, why):
    failures.append(f"{command!r}: {why}")


def sh_commands(text):
    """The commands of the ```sh blocks, one string each."""
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        joined = re.sub(r"\\\n\s*", " ", block)
        for line in joined.splitlines():
            line = re.sub(r"(^|\s)#.*$", "", line).strip()
            if line:
                commands.append(line)
    return commands


def help_text(verb):
    args = [str(BIN / "collector")] + ([verb] if verb else []) + ["--help"]
    done = subprocess.run(args, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        fail(" ".join(args[1:]), f"exit {done.returncode}: {done.stderr.strip()[-200:]}")
    return done.stdout + done.stderr


def runnable_without_root(words):
    """Round trip on the host: no root, no QEMU, a few seconds."""
    line = " ".join(words) + " "
    return "--benchmark roundtrip " in line and "--scenario linux " in line


def check_collector(command, words, sudo):
    verb = words[0] if words and words[0] in VERBS else None
    helps = help_text(verb)
    if verb and f"{verb}" not in helps.split("\n", 1)[0] + helps:
        fail(command, f"`collector {verb} --help` does not describe {verb}")
    # The values of the enum options must be ones the help names (a benchmark kind that
    # does not exist would otherwise pass the option check).
    for option, value in zip(words, words[1:]):
        if option in ("--benchmark", "--scenario", "--probe", "--by"):
            for part in value.split(","):
                if not re.search(r"\b" + re.escape(part) + r"\b", helps):
                    fail(command, f"{option} {part}: not named in `collector {verb or ''} --help`")
    for word in words:
        option = word.split("=", 1)[0]
        if option.startswith("--") and not re.search(re.escape(option) + r"\b", helps):
            fail(command, f"{option} is not in `collector {verb or ''} --help`")
    if not sudo and verb is None and runnable_without_root(words):
        with tempfile.TemporaryDirectory() as scratch:
            os.symlink(BIN.parent, Path(scratch) / "build")
            done = subprocess.run(["build/bin/collector"] + words + ["--quiet"], cwd=scratch,
                                  capture_output=True, text=True, timeout=600)
            if done.returncode != 0:
                fail(command, f"exit {done.returncode}: {done.stderr.strip()[-300:]}")
            elif not list(Path(scratch).glob("results/*/summary.json")):
                fail(command, "ran but wrote no results/*/summary.json")
            else:
                checked.append(f"ran: {command}")
                return
    checked.append(f"options checked: {command}")


def make_targets(makefile):
    """Targets of a Makefile and of the files it includes ($(ROOT) is the source folder)."""
    text = (SRC / makefile).read_text()
    targets = set(re.findall(r"^([A-Za-z0-9_.-]+)\s*:(?!=)", text, re.M))
    for included in re.findall(r"^include\s+(?:\$\(ROOT\)/)?(\S+)", text, re.M):
        targets |= make_targets(included)
    return targets


def check_make(command, words):
    makefile = "Makefile"
    if words[:1] == ["-f"]:
        makefile, words = words[1], words[2:]
    targets = [w for w in words if "=" not in w and not w.startswith("-")]
    missing = [t for t in targets if t not in make_targets(makefile)]
    if missing or not targets:
        fail(command, f"no target {missing or '(none named)'} in {makefile}")
    else:
        checked.append(f"targets exist: {command}")


def check_files(command, words):
    """Every word that looks like a path of the repository must exist there."""
    version = re.search(r"^project\(\S+ VERSION (\S+)",
                        (SRC / "CMakeLists.txt").read_text(), re.M).group(1)
    for word in words:
        if word.endswith(".deb") and f"_{version}_" not in word:
            fail(command, f"{word}: the packages are version {version}")
        elif "/" in word and not word.startswith(("build/", "./build/", "results/", "-")) \
                and "*" not in word and not (SRC / word).exists():
            fail(command, f"{word} does not exist in the repository")
    checked.append(f"files checked: {command}")


def check_command(command):
    words = shlex.split(command)
    sudo = words[:1] == ["sudo"]
    if sudo:
        words = words[1:]
    program, args = words[0], words[1:]
    if program in ("build/bin/collector", "collector"):
        check_collector(command, args, sudo)
    elif program == "make":
        check_make(command, args)
    elif program in ("apt", "apt-get", "ansible-playbook", "cmake") or program.startswith("scripts/"):
        check_files(command, words)
    elif program == "build/bin/syscall-rewriter":
        checked.append(f"exists: {command}") if (BIN / "syscall-rewriter").exists() \
            else fail(command, "no syscall-rewriter")
    else:
        fail(command, "no rule of this test checks this command: add one")


def check_links(markdown):
    text = markdown.read_text()
    for target in re.findall(r"\]\(([^)]+)\)", text):
        if re.match(r"[a-z]+:", target) or target.startswith("/"):
            fail(f"{markdown.name} link", f"{target} leaves the repository")
            continue
        path = (markdown.parent / target.split("#")[0]).resolve()
        if not path.is_relative_to(SRC) or not path.exists():
            fail(f"{markdown.name} link", f"{target} names no file of the repository")


def main():
    readme = SRC / "README.md"
    commands = sh_commands(readme.read_text())
    if len(commands) < 10:
        fail("README", f"only {len(commands)} commands found: the extraction is broken")
    for command in commands:
        check_command(command.replace("$(uname -r)", "RELEASE"))
    for markdown in [readme] + sorted((SRC / "doc").glob("*.md")):
        check_links(markdown)
    for line in checked:
        print("ok:", line)
    for line in failures:
        print("FAIL:", line, file=sys.stderr)
    print(f"readme_commands: {len(commands)} commands, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
