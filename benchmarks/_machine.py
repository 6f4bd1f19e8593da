"""What every benchmark result carries (the machine, the date, how loaded it was) and the
shared way of writing a result section into a docs file."""

from __future__ import annotations

import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def machine(libraries: dict[str, str] | None = None) -> str:
    """Date, cores, CPU, memory, load average (the machine may be shared: it says how far
    to trust the timings) and the versions that matter to the result."""
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    versions = "".join(f", {name} {version}" for name, version in (libraries or {}).items())
    return (f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores, {_cpu()}{mem}; "
            f"load average {load}; Python {platform.python_version()}{versions}")


def data_folder(argv: list[str], root: Path) -> Path | None:
    """The DATA_DIR argument of a benchmark (default ``../shared/data`` beside the
    checkout), or None after saying on stderr that it does not exist."""
    args = [a for a in argv if not a.startswith("--")]
    data = Path(args[0]) if args else root.parent / "shared" / "data"
    if not data.exists():
        print(f"error: data folder not found: {data}", file=sys.stderr)
        return None
    return data


def write_section(out: Path, name: str, body: str, title: str = "# Benchmarks") -> None:
    """Replace the named section of a results file (or append it), keeping the others."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{body.rstrip()}\n{end}\n"
    text = out.read_text(encoding="utf-8") if out.exists() else f"{title}\n\n"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + block + rest.split(end, 1)[1].lstrip("\n")
    else:
        text = text.rstrip("\n") + "\n\n" + block
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
