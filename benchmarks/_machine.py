"""The machine line every benchmark result carries."""

from __future__ import annotations

import os
import platform
from datetime import UTC, datetime


def machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            kb = int(fh.readline().split()[1])
            mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{os.cpu_count()} cores, {cpu}{mem}, Python {platform.python_version()}, "
            f"{datetime.now(UTC):%Y-%m-%d}")
