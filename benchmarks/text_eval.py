"""Benchmark Amends text analysis against VADER (issue 3).

Usage: python benchmarks/text_eval.py [DATA_DIR] [--quick]
DATA_DIR defaults to ../shared/data. Prints a Markdown table and writes it, with the
machine and date, into the marked results block of docs/benchmarks_text.md. Runs on one
core (BLAS threads limited and the process pinned): the target is texts per second on one
core.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import sys  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from amends.analyse.text.evaluate import run  # noqa: E402
from benchmarks._machine import data_folder, write_section  # noqa: E402


def main(argv: list[str]) -> int:
    data = data_folder(argv, ROOT)
    if data is None:
        return 2
    report = run(data, quick="--quick" in argv, log=lambda m: print(m, file=sys.stderr))
    print(report)
    out = ROOT / "docs" / "benchmarks_text.md"
    # Only the marked results block is replaced: the prose around it is kept.
    write_section(out, "text_eval", report, title="## Text analysis vs VADER")
    print(f"\nwritten to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
