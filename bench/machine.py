"""The machine and the versions a run was measured with: ratios only compare within one run."""
from __future__ import annotations

import os
import platform
import shutil
import subprocess
from importlib.metadata import PackageNotFoundError, version


def _first_line(command: list[str]) -> str:
    if not shutil.which(command[0]):
        return "not installed"
    result = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    return (result.stdout or result.stderr).strip().splitlines()[0]


def _package(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def _cpu_model() -> str:
    with open("/proc/cpuinfo") as cpuinfo:
        return next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")


def _memory_gb() -> str:
    with open("/proc/meminfo") as meminfo:
        kilobytes = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
    return f"{kilobytes / 2**20:.1f} GiB"


def describe() -> str:
    facts = [
        ("CPU", f"{_cpu_model()}, nproc {len(os.sched_getaffinity(0))}"),
        ("Memory", _memory_gb()),
        ("Python", platform.python_version()),
        ("MkDocs", _package("mkdocs")),
        ("Material", _package("mkdocs-material")),
        ("Pagefind", _package("pagefind-bin")),
        ("Hugo", _first_line(["hugo", "version"])),
        ("GoAccess", _first_line(["goaccess", "--version"])),
    ]
    return "\n".join(f"- {name}: {value}" for name, value in facts)
