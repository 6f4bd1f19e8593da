"""Assemble docs/benchmarks.md from the section each benchmark writes.

Every benchmark script writes its own `docs/benchmarks_<area>.md` (machine and date in
it); this joins them under one contents list so readers find every result in one place.
"""

from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"
ORDER = ["ingest", "text", "embeddings", "health", "health_recompute", "recovery", "dashboard"]
TITLES = {"ingest": "Bulk ingest through the API", "text": "Text understanding vs VADER",
          "embeddings": "Optional sentence embeddings (issue labels, grouping)",
          "health": "BG/NBD (CDNOW) and churn model (Telco)",
          "health_recompute": "Health recompute at scale",
          "recovery": "Bad experience to alert latency", "dashboard": "Dashboard page times"}


def main() -> None:
    parts = ["# Benchmarks", "",
             "Every number here was measured by the script named in its section, on the "
             "machine and date written there; run them all with `make bench`. Targets that "
             "were missed are marked as missed.", ""]
    present = [name for name in ORDER if (DOCS / f"benchmarks_{name}.md").exists()]
    parts += [f"- [{TITLES[name]}](#{name.replace('_', '-')})" for name in present] + [""]
    for name in present:
        body = (DOCS / f"benchmarks_{name}.md").read_text().strip()
        parts += [f'<a id="{name.replace("_", "-")}"></a>', "", f"## {TITLES[name]}", "",
                  body.replace("\n# ", "\n### ").replace("\n## ", "\n### "), ""]
    (DOCS / "benchmarks.md").write_text("\n".join(parts))
    print(f"wrote {DOCS / 'benchmarks.md'} from {len(present)} sections")


if __name__ == "__main__":
    main()
