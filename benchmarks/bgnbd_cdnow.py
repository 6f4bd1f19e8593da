"""BG/NBD on CDNOW: reproduce Fader, Hardie & Lee (2005) and time the fit beside `lifetimes`.

1. CDNOW_sample (2,357 customers, 39-week calibration ending 1997-09-30): our fit must
   match the paper's r 0.243, alpha 4.414, a 0.793, b 2.426 to three significant figures.
2. CDNOW_master (23,570 customers, same calibration): our fit timed beside
   ``lifetimes.BetaGeoFitter`` (a benchmark-only dependency) in the same run, with the
   parameters compared to three significant figures.

Usage::

    python benchmarks/bgnbd_cdnow.py [--data-dir ../shared/data/cdnow]
                                     [--out docs/benchmarks_health.md] [--repeat 5]

The CDNOW data has no stated licence: it is read from outside the repository and nothing
derived from it is written except the summary numbers in the results file.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import numpy as np

from amends.analyse.bgnbd import (
    BGNBDParams,
    PurchaseSummary,
    bgnbd_log_likelihood,
    fit_bgnbd,
    summarise_purchases,
)

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks._machine import machine as _machine  # noqa: E402
from benchmarks._machine import write_section  # noqa: E402

PAPER = BGNBDParams(r=0.243, alpha=4.414, a=0.793, b=2.426)
PAPER_LOG_LIKELIHOOD = -9582.4
CALIBRATION_END = datetime(1997, 9, 30, tzinfo=UTC)  # 39 weeks after 1997-01-01
SECTION = "bgnbd_cdnow"
T = TypeVar("T")


def sig3(value: float) -> float:
    return float(f"{value:.3g}")


def same_3sf(a: BGNBDParams, b: BGNBDParams) -> bool:
    return all(sig3(x) == sig3(y) for x, y in zip(a.to_dict().values(), b.to_dict().values(),
                                                   strict=True))


def read_transactions(path: Path, sample: bool) -> tuple[np.ndarray, np.ndarray]:
    """Customer ids and purchase dates (datetime64[D]) from a CDNOW text file.

    The sample has no header and five columns (master id, sample id, date, CDs, dollars);
    the master copy from `lifetimes` has a header line and four columns (id, date, ...).
    """
    ids: list[str] = []
    dates: list[str] = []
    with path.open(encoding="ascii") as fh:
        for line in fh:
            parts = line.split()
            if not parts or not parts[0].isdigit():
                continue  # header or blank line
            ids.append(parts[1] if sample else parts[0])
            raw = parts[2] if sample else parts[1]
            dates.append(f"{raw[:4]}-{raw[4:6]}-{raw[6:8]}")
    return np.asarray(ids), np.asarray(dates, dtype="datetime64[D]")


def calibration_summary(ids: np.ndarray, dates: np.ndarray) -> PurchaseSummary:
    keep = dates <= np.datetime64(CALIBRATION_END.date())
    return summarise_purchases(ids[keep], dates[keep], now=CALIBRATION_END, unit_days=7)


def fmt(p: BGNBDParams) -> str:
    return f"r {p.r:.4f}, alpha {p.alpha:.4f}, a {p.a:.4f}, b {p.b:.4f}"


def best_time(fn: Callable[[], T], repeat: int) -> tuple[float, T]:
    """Best wall time of ``repeat`` runs; the CPU time of that run is kept in CPU_TIMES."""
    best, result = (float("inf"), 0.0), fn()  # a warm-up run, not timed
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        best = min(best, (time.perf_counter() - wall, time.process_time() - cpu))
    CPU_TIMES.append(best[1])
    return best[0], result


CPU_TIMES: list[float] = []


def reproduce_paper(data_dir: Path) -> tuple[bool, list[str]]:
    ids, dates = read_transactions(data_dir / "CDNOW_sample.txt", sample=True)
    s = calibration_summary(ids, dates)
    fitted = fit_bgnbd(s.frequency, s.recency, s.T)
    ll = bgnbd_log_likelihood(fitted, s.frequency, s.recency, s.T)
    ok = same_3sf(fitted, PAPER) and len(s.customer_ids) == 2357
    lines = [
        f"customers: {len(s.customer_ids)} (paper: 2,357); repeat purchases in calibration: "
        f"{int(s.frequency.sum())}",
        f"fitted: {fmt(fitted)}; log-likelihood {ll:.1f} (paper: {PAPER_LOG_LIKELIHOOD})",
        "paper:  r 0.243, alpha 4.414, a 0.793, b 2.426",
        "3 s.f.: " + ", ".join(f"{k} {sig3(v):g} vs {sig3(PAPER.to_dict()[k]):g}"
                              for k, v in fitted.to_dict().items()),
        f"{'PASS' if ok else 'FAIL'}: CDNOW sample reproduces the paper's parameters "
        "to three significant figures",
    ]
    return ok, lines


def master_vs_lifetimes(data_dir: Path, repeat: int) -> tuple[bool, list[str]]:
    ids, dates = read_transactions(data_dir / "CDNOW_master.txt", sample=False)
    t_sum, s = best_time(lambda: calibration_summary(ids, dates), repeat)
    t_fit, ours = best_time(lambda: fit_bgnbd(s.frequency, s.recency, s.T), repeat)
    lines = [f"customers: {len(s.customer_ids)} (expected 23,570); transactions read: {ids.size}",
             f"amends: {fmt(ours)}",
             f"amends: fit {t_fit * 1000:.1f} ms (best of {repeat}); building (x, t_x, T) from "
             f"{ids.size} transactions {t_sum * 1000:.1f} ms"]
    try:
        from lifetimes import BetaGeoFitter
    except ImportError as exc:
        return False, [*lines, f"FAIL: lifetimes is not importable ({exc}); "
                              "install the 'bench' extra"]

    def fit_lifetimes() -> BGNBDParams:
        f = BetaGeoFitter().fit(s.frequency, s.recency, s.T)
        return BGNBDParams(**{k: float(f.params_[k]) for k in ("r", "alpha", "a", "b")})

    t_lt, theirs = best_time(fit_lifetimes, repeat)
    # amends limits BLAS to one thread inside its fit; time lifetimes that way too, so the
    # comparison is about the code and not about OpenBLAS threading on a busy machine.
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        t_lt1, _ = best_time(fit_lifetimes, repeat)
    ok = same_3sf(ours, theirs) and len(s.customer_ids) == 23570
    ll_ours = bgnbd_log_likelihood(ours, s.frequency, s.recency, s.T)
    ll_theirs = bgnbd_log_likelihood(theirs, s.frequency, s.recency, s.T)
    lines += [
        f"lifetimes {_lifetimes_version()}: {fmt(theirs)}",
        f"lifetimes: fit {t_lt * 1000:.1f} ms as installed, {t_lt1 * 1000:.1f} ms with one BLAS "
        f"thread (best of {repeat}); amends is x{t_lt / t_fit:.1f} / x{t_lt1 / t_fit:.1f} faster",
        f"CPU time of those runs (all threads): amends fit {CPU_TIMES[1] * 1000:.1f} ms, "
        f"lifetimes {CPU_TIMES[2] * 1000:.1f} ms / {CPU_TIMES[3] * 1000:.1f} ms",
        f"log-likelihood: amends {ll_ours:.3f}, lifetimes {ll_theirs:.3f}",
        f"{'PASS' if ok else 'FAIL'}: full CDNOW master, amends and lifetimes agree "
        "to three significant figures",
    ]
    return ok, lines


def _lifetimes_version() -> str:
    try:
        import lifetimes

        return str(lifetimes.__version__)
    except Exception:  # noqa: BLE001
        return "?"


def machine() -> str:
    import scipy

    return _machine({"numpy": np.__version__, "scipy": scipy.__version__})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=REPO / ".." / "shared" / "data" / "cdnow")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "benchmarks_health.md")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    data_dir = args.data_dir.resolve()
    missing = [n for n in ("CDNOW_sample.txt", "CDNOW_master.txt") if not (data_dir / n).is_file()]
    if missing:
        print(f"error: {', '.join(missing)} not found in {data_dir}; pass --data-dir "
              "pointing at the CDNOW folder (see ../shared/data/cdnow/SOURCE.txt)",
              file=sys.stderr)
        return 2
    ok1, paper_lines = reproduce_paper(data_dir)
    ok2, master_lines = master_vs_lifetimes(data_dir, args.repeat)
    env = machine()
    report = "\n".join(["BG/NBD on CDNOW", f"machine: {env}", "", "1. paper reproduction",
                        *paper_lines, "", "2. full master beside lifetimes", *master_lines])
    print(report)
    body = "\n".join([
        "## BG/NBD on CDNOW (`benchmarks/bgnbd_cdnow.py`)", "",
        f"Machine: {env}", "",
        "**Paper reproduction** (CDNOW sample, 39-week calibration ending 1997-09-30; "
        "Fader, Hardie & Lee 2005):", "",
        *[f"- {line}" for line in paper_lines], "",
        "**Full CDNOW master beside `lifetimes.BetaGeoFitter`** (same run, same inputs):", "",
        *[f"- {line}" for line in master_lines],
    ])
    write_section(args.out, SECTION, body)
    return 0 if ok1 and ok2 else 1


if __name__ == "__main__":
    sys.exit(main())
