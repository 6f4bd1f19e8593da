"""Does the optional sentence-embeddings extra help? (issue 3)

Usage: python benchmarks/embeddings_eval.py [DATA_DIR] [--skip-speed]
DATA_DIR defaults to ../shared/data. Needs the extra (`pip install 'amends[embeddings]'`).
Writes docs/benchmarks_embeddings.md (the machine, the date, how it was measured).

(a) Issue labels. Bitext intents and CFPB `Issue` values that map cleanly onto the default
taxonomy's categories are the gold labels. Compared: the default engine's top issue
(`analyse_many`), embeddings similarity alone (`top_issues`), and the default first with
embeddings when the default reports no issue (always, or only when it says the experience
was bad). Every free setting (top-k, minimum score, chunk size) is chosen on held-in data
(Bitext validation CSV, CFPB folds 1-4) and then applied once to held-out data (Bitext test
CSV, CFPB fold 0, GoEmotions test).
(b) Grouping. Bitext utterances clustered by `cluster_vectors` on embeddings vs on TF-IDF
vectors, scored against the intents (adjusted Rand index, purity); the cut is chosen on the
validation CSV for each representation. CFPB narratives against their `Issue` field too.
(c) Speed (texts per CPU-second, one thread) and memory (peak RSS of a fresh process).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _machine import data_folder, machine  # noqa: E402

from amends.analyse import embeddings as emb  # noqa: E402
from amends.analyse.text import analyse_many, load_taxonomy  # noqa: E402
from amends.analyse.text import datasets as ds  # noqa: E402

BITEXT = "bitext-customer-support-intent"
BITEXT_DEV = "Bitext_Sample_Customer_Service_Validation_Dataset.csv"
BITEXT_TEST = "Bitext_Sample_Customer_Service_Testing_Dataset.csv"
CFPB = "cfpb-complaints/complaints_sample_2015-2020.csv"
GOEMOTIONS_DEV = "goemotions/dev.tsv"
GOEMOTIONS_TEST = "goemotions/test.tsv"

# Bitext intents whose topic is clearly one taxonomy category. "problem" intents report
# something that went wrong; "request" intents only ask about the topic.
BITEXT_PROBLEM = {
    "get_refund": "refund_return",
    "track_refund": "refund_return",
    "cancel_order": "cancellation",
    "payment_issue": "billing",
    "registration_problems": "technical",
}
BITEXT_REQUEST = {
    "delivery_period": "delay",
    "track_order": "delay",
    "check_cancellation_fee": "cancellation",
    "check_invoice": "billing",
    "get_invoice": "billing",
    "recover_password": "technical",
    "place_order": "booking_ordering",
    "change_order": "booking_ordering",
}
# Intents that are about none of the categories: any issue label on them is a false alarm.
# (complaint, refund policy, payment methods and shipping-address intents are left out:
# no single category, but a label on them is not clearly wrong either.)
BITEXT_NONE = frozenset(
    "newsletter_subscription review contact_customer_service contact_human_agent "
    "create_account edit_account switch_account delete_account".split()
)
CFPB_ISSUES = {
    "Trouble during payment process": "billing",
    "Problem with a purchase shown on your statement": "billing",
    "Problem when making payments": "billing",
    "Fees or interest": "billing",
    "Charged fees or interest you didn't expect": "billing",
    "Charged fees or interest I didn't expect": "billing",
    "Unexpected or other fees": "billing",
    "Problem with a lender or other company charging your account": "billing",
    "Unauthorized transactions or other transaction problem": "billing",
    "False statements or representation": "communication",
}
# Bitext's delivery intents do not tell a late order from a lost one: score both as one.
SAME_CLASS = {"delivery_problem": "delay"}
NONE = "none"

Pred = str  # a category id, or NONE


# ---------------------------------------------------------------- data


def bitext_rows(path: Path) -> tuple[list[str], list[str], list[str]]:
    """(texts, gold, subset) for mapped and none-set rows; subset is problem|request|none."""
    texts, gold, subset = [], [], []
    for text, intent in ds.read_bitext(path):
        for mapping, name in ((BITEXT_PROBLEM, "problem"), (BITEXT_REQUEST, "request")):
            if intent in mapping:
                texts.append(text)
                gold.append(mapping[intent])
                subset.append(name)
        if intent in BITEXT_NONE:
            texts.append(text)
            gold.append(NONE)
            subset.append("none")
    return texts, gold, subset


def cfpb_rows(path: Path, held_out: bool) -> tuple[list[str], list[str]]:
    rows = [r for r in ds.read_cfpb(path) if (r[3] == 0) == held_out and r[2] in CFPB_ISSUES]
    return [r[0] for r in rows], [CFPB_ISSUES[r[2]] for r in rows]


def goemotions_positive(path: Path) -> list[str]:
    """Comments whose raters gave only positive emotions: nothing went wrong."""
    return [
        r.text
        for r in ds.read_goemotions(path)
        if r.labels and all(lab in ds.POSITIVE_EMOTIONS for lab in r.labels)
    ]


# ---------------------------------------------------------------- systems


class Default:
    """The default engine's first issue per text, and the flags a fallback may be gated on."""

    def __init__(self, texts: Sequence[str]) -> None:
        out = analyse_many(list(texts))
        self.top: list[Pred] = [a.issues[0]["category"] if a.issues else NONE for a in out]
        self.gates = {
            "always": [True] * len(out),
            "not_positive": [a.sentiment != "positive" for a in out],
            "bad": [a.bad_experience for a in out],
        }


def embedding_top(scores: np.ndarray, ids: list[str], min_score: float) -> list[Pred]:
    best = scores.argmax(axis=1)
    return [
        ids[b] if row[b] >= min_score else NONE for b, row in zip(best, scores, strict=True)
    ]


def hybrid(default: Default, embedded: list[Pred], gate: str) -> list[Pred]:
    """The default's issue; the embeddings' where the default has none and the gate is open."""
    return [
        d if d != NONE or not open_ else e
        for d, open_, e in zip(default.top, default.gates[gate], embedded, strict=True)
    ]


# name: (label in the report, gate of the fallback or None for embeddings alone, budget?)
SYSTEMS = {
    "embeddings": ("(ii) embeddings alone", None, False),
    "embeddings_budget": ("(ii-b) embeddings alone, within the false-alarm budget", None, True),
    "hybrid": ("(iii) default, else embeddings", "always", False),
    "hybrid_budget": ("(iii-b) default, else embeddings, within the budget", "always", True),
    "hybrid_not_positive": (
        "(iii-c) default, else embeddings if not positive, within the budget",
        "not_positive",
        True,
    ),
    "hybrid_bad": (
        "(iii-d) default, else embeddings if bad_experience, within the budget", "bad", True),
}
# Most texts a system may label on held-in data that is about nothing in the taxonomy:
# Bitext validation intents about no category, GoEmotions dev comments that are positive.
BUDGET = {"none_set": 0.10, "positive": 0.05}


# ---------------------------------------------------------------- metrics


def _collapse(labels: Sequence[Pred]) -> list[Pred]:
    return [SAME_CLASS.get(lab, lab) for lab in labels]


def macro_f1(gold: Sequence[Pred], pred: Sequence[Pred]) -> float:
    """Macro-F1 over the gold categories; NONE gold rows only add false positives."""
    gold, pred = _collapse(gold), _collapse(pred)
    scores = []
    for c in sorted(set(gold) - {NONE}):
        tp = sum(g == c and p == c for g, p in zip(gold, pred, strict=True))
        fp = sum(g != c and p == c for g, p in zip(gold, pred, strict=True))
        fn = sum(g == c and p != c for g, p in zip(gold, pred, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(scores)) if scores else 0.0


def accuracy(gold: Sequence[Pred], pred: Sequence[Pred]) -> float:
    pairs = [(g, p) for g, p in zip(_collapse(gold), _collapse(pred), strict=True) if g != NONE]
    return sum(g == p for g, p in pairs) / max(len(pairs), 1)


def labelled_share(pred: Sequence[Pred]) -> float:
    return sum(p != NONE for p in pred) / max(len(pred), 1)


def purity(gold: Sequence[str], groups: list[list[int]]) -> float:
    return sum(Counter(gold[i] for i in g).most_common(1)[0][1] for g in groups) / len(gold)


def ari(gold: Sequence[str], groups: list[list[int]]) -> float:
    from sklearn.metrics import adjusted_rand_score

    labels = np.zeros(len(gold), dtype=int)
    for k, g in enumerate(groups):
        labels[g] = k
    return float(adjusted_rand_score(list(gold), labels))


# ---------------------------------------------------------------- (a) issue labels


class Scorer:
    """Embeddings of every piece of text, computed once and shared by all the settings."""

    def __init__(self) -> None:
        self.memo: dict[str, np.ndarray] = {}
        self._embed = emb.embed

    def __enter__(self) -> Scorer:
        def cached(texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
            todo = list(dict.fromkeys(t for t in texts if t not in self.memo))
            if todo:
                for t, v in zip(todo, self._embed(todo, batch_size), strict=True):
                    self.memo[t] = v
            if not texts:
                return self._embed(texts)
            return np.stack([self.memo[t] for t in texts])

        emb.embed = cached  # type: ignore[assignment]  # benchmark-only memo
        return self

    def __exit__(self, *exc: object) -> None:
        emb.embed = self._embed  # type: ignore[assignment]


TOP_KS = (1, 2, 3)
CHUNKS = (60, 120, 10**6)  # 10**6 words: never cut (the model truncates)
THRESHOLDS = [round(0.025 * i, 3) for i in range(4, 33)]  # 0.10 .. 0.80
NEVER = 9.0  # a minimum score no similarity reaches: the fallback never fires


def predict(name: str, cfg: dict, scores: np.ndarray, ids: list[str], default: Default) -> list[Pred]:
    embedded = embedding_top(scores, ids, cfg["min_score"])
    gate = SYSTEMS[name][1]
    return embedded if gate is None else hybrid(default, embedded, gate)


def tune(dev: dict[str, tuple[list[str], list[Pred]]], tax) -> dict[str, dict]:
    """Best settings per system on held-in data: mean macro-F1 of the labelled dev sets,
    and for the "budget" systems only settings whose false alarms stay within BUDGET."""
    ids = tax.ids
    defaults = {name: Default(texts) for name, (texts, _) in dev.items()}
    best: dict[str, tuple[float, dict]] = {n: (-1.0, {"min_score": NEVER}) for n in SYSTEMS}
    for k in TOP_KS:
        for chunk in CHUNKS:
            scores = {
                name: emb.issue_scores(texts, tax, top_k=k, chunk_words=chunk)
                for name, (texts, _) in dev.items()
            }
            for t in THRESHOLDS:
                cfg = {"top_k": k, "chunk_words": chunk, "min_score": t}
                for name, (_, _, budget) in SYSTEMS.items():
                    preds = {d: predict(name, cfg, scores[d], ids, defaults[d]) for d in dev}
                    f1 = float(np.mean([macro_f1(dev[d][1], preds[d])
                                        for d in ("bitext", "cfpb")]))
                    alarms = {
                        "none_set": labelled_share([p for p, g in zip(
                            preds["bitext"], dev["bitext"][1], strict=True) if g == NONE]),
                        "positive": labelled_share(preds["positive"]),
                    }
                    if budget and any(alarms[key] > limit for key, limit in BUDGET.items()):
                        continue
                    if f1 > best[name][0]:
                        best[name] = (f1, {**cfg, "dev_alarms": alarms})
    return {name: {**cfg, "dev_macro_f1": round(f1, 3)} for name, (f1, cfg) in best.items()}


def issue_section(data: Path, log: Callable[[str], None]) -> tuple[str, dict]:
    tax = load_taxonomy()
    ids = tax.ids
    b_dev = bitext_rows(data / BITEXT / BITEXT_DEV)
    b_test = bitext_rows(data / BITEXT / BITEXT_TEST)
    c_dev = cfpb_rows(data / CFPB, held_out=False)
    c_test = cfpb_rows(data / CFPB, held_out=True)
    pos_dev = goemotions_positive(data / GOEMOTIONS_DEV)
    pos_test = goemotions_positive(data / GOEMOTIONS_TEST)
    dev = {"bitext": (b_dev[0], b_dev[1]), "cfpb": c_dev, "positive": (pos_dev, [NONE] * len(pos_dev))}
    log(f"dev: Bitext {len(b_dev[0])}, CFPB {len(c_dev[0])}, GoEmotions+ {len(pos_dev)}; "
        f"test: Bitext {len(b_test[0])}, CFPB {len(c_test[0])}, GoEmotions+ {len(pos_test)}")
    with Scorer():
        log("tuning on held-in data ...")
        chosen = tune(dev, tax)
        log(f"chosen: {chosen}")
        b_pairs = list(zip(b_test[0], b_test[1], b_test[2], strict=True))
        test_sets = {
            "Bitext test, problem intents": [(t, g) for t, g, s in b_pairs if s == "problem"],
            "Bitext test, topic requests": [(t, g) for t, g, s in b_pairs if s == "request"],
            "Bitext test, all mapped + none-set": [(t, g) for t, g, _ in b_pairs],
            "CFPB fold 0 (held out)": list(zip(c_test[0], c_test[1], strict=True)),
            "none-set": [(t, g) for t, g, s in b_pairs if s == "none"],
            "positive": [(t, NONE) for t in pos_test],
        }
        results: dict[tuple[str, str], list[Pred]] = {}
        for set_name, pairs in test_sets.items():
            texts = [t for t, _ in pairs]
            default = Default(texts)
            results[(set_name, "default")] = default.top
            for name, cfg in chosen.items():
                scores = emb.issue_scores(texts, tax, top_k=cfg["top_k"],
                                          chunk_words=cfg["chunk_words"])
                results[(set_name, name)] = predict(name, cfg, scores, ids, default)
    names = {"default": "(i) default engine"} | {n: v[0] for n, v in SYSTEMS.items()}
    lines = [
        "| test set | system | n | top-1 accuracy | macro-F1 |",
        "|---|---|---:|---:|---:|",
    ]
    for set_name, pairs in test_sets.items():
        if set_name in ("none-set", "positive"):
            continue
        gold = [g for _, g in pairs]
        for name in names:
            pred = results[(set_name, name)]
            n = sum(g != NONE for g in gold)
            lines.append(f"| {set_name} | {names[name]} | {n} | {accuracy(gold, pred):.3f} | "
                         f"{macro_f1(gold, pred):.3f} |")
    lines += [
        "",
        "False alarms: share of texts given any issue, on Bitext test intents about no "
        f"category (n={len(test_sets['none-set'])}) and on GoEmotions test comments with only "
        f"positive emotions (n={len(pos_test)}).",
        "",
        "| system | Bitext none-set labelled | GoEmotions positive labelled |",
        "|---|---:|---:|",
    ]
    for name in names:
        lines.append(f"| {names[name]} | {labelled_share(results[('none-set', name)]):.1%} | "
                     f"{labelled_share(results[('positive', name)]):.1%} |")
    lines += ["", "Settings chosen on held-in data (mean macro-F1 of Bitext validation and "
              "CFPB folds 1-4; false alarms on the validation none-set and GoEmotions dev "
              "positive comments):", ""]
    for name, cfg in chosen.items():
        if cfg["min_score"] == NEVER:
            lines.append(f"- {names[name]}: no setting within the budget")
            continue
        alarms = cfg["dev_alarms"]
        lines.append(f"- {names[name]}: top_k={cfg['top_k']}, chunk_words={cfg['chunk_words']}, "
                     f"min_score={cfg['min_score']} (dev macro-F1 {cfg['dev_macro_f1']}, "
                     f"false alarms {alarms['none_set']:.1%} / {alarms['positive']:.1%})")
    return "\n".join(lines), chosen


# ---------------------------------------------------------------- (b) grouping


def tfidf_vectors(texts: Sequence[str]) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer

    # Fitted on the texts being grouped (no labels are used), rows unit length.
    m = TfidfVectorizer(sublinear_tf=True).fit_transform(list(texts))
    return m.toarray().astype(np.float32)


def fixed_k(vectors: np.ndarray, k: int) -> list[list[int]]:
    """The same average-linkage tree cut into exactly k groups (the number of intents)."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import pdist

    dist = np.clip(pdist(vectors.astype(np.float64), "cosine"), 0.0, 2.0)
    labels = fcluster(linkage(dist, method="average"), t=k, criterion="maxclust")
    groups: dict[int, list[int]] = {}
    for row, lab in enumerate(labels):
        groups.setdefault(int(lab), []).append(row)
    return list(groups.values())


GROUP_THRESHOLDS = [round(0.05 * i, 2) for i in range(2, 19)]  # 0.10 .. 0.90


def grouping_section(data: Path, log: Callable[[str], None]) -> tuple[str, dict]:
    b_dev = ds.read_bitext(data / BITEXT / BITEXT_DEV)
    b_test = ds.read_bitext(data / BITEXT / BITEXT_TEST)
    cfpb = ds.read_cfpb(data / CFPB)
    c_dev = [(r[0], r[2]) for r in cfpb if r[3] != 0]
    c_test = [(r[0], r[2]) for r in cfpb if r[3] == 0]
    sets = {"Bitext utterances vs intent": (b_dev, b_test),
            "CFPB narratives vs Issue": (c_dev, c_test)}
    reps: dict[str, Callable[[Sequence[str]], np.ndarray]] = {
        "embeddings": emb.embed, "TF-IDF": tfidf_vectors}
    lines = [
        "| texts (test) | vectors | cut chosen on dev | groups | ARI | purity | ARI at k = number of labels | purity at k |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    chosen = {}
    for set_name, (dev, test) in sets.items():
        dev_gold = [g for _, g in dev]
        gold = [g for _, g in test]
        for rep_name, vectorise in reps.items():
            log(f"grouping {set_name} with {rep_name} ...")
            dev_vectors = vectorise([t for t, _ in dev])
            cut = max(GROUP_THRESHOLDS,
                      key=lambda t: ari(dev_gold, emb.cluster_vectors(dev_vectors, t)))
            chosen[(set_name, rep_name)] = cut
            vectors = vectorise([t for t, _ in test])
            groups = emb.cluster_vectors(vectors, cut)
            k_groups = fixed_k(vectors, len(set(gold)))
            lines.append(
                f"| {set_name} (n={len(test)}, {len(set(gold))} labels) | {rep_name} | {cut} | "
                f"{len(groups)} | {ari(gold, groups):.3f} | {purity(gold, groups):.3f} | "
                f"{ari(gold, k_groups):.3f} | {purity(gold, k_groups):.3f} |")
    return "\n".join(lines), chosen


# ---------------------------------------------------------------- (c) speed and memory


def _cpu_rate(fn: Callable[[], object], n: int, rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return n / best


def fallback_pipeline(texts: Sequence[str], tax) -> list[list[dict]]:
    """What wiring (iii-c) into the engine would cost: the default analysis, then the
    embeddings only for texts with no issue that are not positive."""
    out = analyse_many(list(texts))
    todo = [i for i, a in enumerate(out) if not a.issues and a.sentiment != "positive"]
    found = emb.top_issues([texts[i] for i in todo], tax)
    issues = [a.issues for a in out]
    for i, hit in zip(todo, found, strict=True):
        if hit:
            issues[i] = [{"category": hit[0], "score": hit[1]}]
    return issues


def speed_section(data: Path, log: Callable[[str], None]) -> str:
    short = [t for t, _ in ds.read_bitext(data / BITEXT / BITEXT_TEST)]
    long = [r[0] for r in ds.read_cfpb(data / CFPB) if r[3] == 0]
    positive = goemotions_positive(data / GOEMOTIONS_TEST)
    tax = load_taxonomy()
    emb.issue_scores(short[:8], tax)  # load the model and the example vectors first
    analyse_many(short[:8])
    lines = ["| texts | default engine `analyse_many` | default + fallback (iii-c) | `embed` "
             "| `issue_scores` | `group_similar` |",
             "|---|---:|---:|---:|---:|---:|"]
    for name, texts in (("Bitext test (short requests)", short),
                        ("GoEmotions test, positive comments", positive),
                        ("CFPB fold 0 (long narratives)", long)):
        log(f"speed: {name} ...")
        rates = [
            _cpu_rate(lambda t=texts: analyse_many(t), len(texts)),
            _cpu_rate(lambda t=texts: fallback_pipeline(t, tax), len(texts), rounds=2),
        ]
        if name.startswith("GoEmotions"):
            rates += [float("nan")] * 3  # only the fallback's cost is of interest here
        else:
            rates += [
                _cpu_rate(lambda t=texts: emb.embed(t), len(texts), rounds=2),
                _cpu_rate(lambda t=texts: emb.issue_scores(t, tax), len(texts), rounds=2),
                _cpu_rate(lambda t=texts: emb.group_similar(t), len(texts), rounds=2),
            ]
        cells = ["–" if r != r else f"{r:,.0f}" for r in rates]
        lines.append(f"| {name}, n={len(texts)} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


_MEMORY_PROBE = """
import os, sys, time
os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, {root!r})


def memory(field):  # this process only (ru_maxrss would carry the parent's over exec)
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1])


from amends.analyse.text import analyse_many
analyse_many(["my refund never arrived"] * 100)
print(memory("VmRSS"), memory("VmHWM"))
from amends.analyse import embeddings
t0, c0 = time.perf_counter(), time.process_time()
embeddings.embed(["warm up"])
print(time.perf_counter() - t0, time.process_time() - c0)
embeddings.issue_scores(["my refund never arrived, it has been weeks"] * 512)
print(memory("VmRSS"), memory("VmHWM"))
"""


def memory_section() -> str:
    code = _MEMORY_PROBE.format(root=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**os.environ, "OMP_NUM_THREADS": "1"})
    (rss0, hwm0), (wall, cpu), (rss1, hwm1) = (
        [float(x) for x in line.split()] for line in out.stdout.strip().splitlines())
    return (f"Memory of a fresh process (`/proc/self/status`): the default engine after 100 "
            f"texts {rss0 / 1024:.0f} MiB resident (peak {hwm0 / 1024:.0f} MiB); with the "
            f"embeddings model loaded and 512 texts scored {rss1 / 1024:.0f} MiB (peak "
            f"{hwm1 / 1024:.0f} MiB), so the extra costs about {(rss1 - rss0) / 1024:.0f} MiB. "
            f"Loading torch, sentence-transformers and the model on first use: {wall:.1f} s "
            f"wall, {cpu:.1f} s CPU.")


# ---------------------------------------------------------------- report


def versions() -> dict[str, str]:
    import sentence_transformers
    import torch

    return {"torch": torch.__version__, "sentence-transformers": sentence_transformers.__version__,
            "model": emb.MODEL_NAME}


def main(argv: list[str]) -> int:
    data = data_folder(argv, ROOT)
    if data is None:
        return 2
    if not emb.available():
        print(f"error: the embeddings extra is not installed: {emb.INSTALL_HINT}", file=sys.stderr)
        return 2

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    started = machine(versions())
    issues, _chosen = issue_section(data, log)
    groups, _cuts = grouping_section(data, log)
    speed = "" if "--skip-speed" in argv else speed_section(data, log)
    memory = "" if "--skip-speed" in argv else memory_section()
    report = "\n\n".join(filter(None, [
        "# Benchmark: the optional sentence-embeddings extra",
        f"Measured {started}. Produced by `python benchmarks/embeddings_eval.py` (the "
        "`embeddings` extra installed; one torch thread, BLAS threads 1).",
        "## (a) Issue labels\n\n" + issues,
        "## (b) Grouping similar texts\n\n" + groups,
        ("## (c) Speed and memory\n\nTexts per CPU-second (`time.process_time`, best of "
         "2-3 rounds, one thread), model already loaded.\n\n" + speed + "\n\n" + memory)
        if speed else "",
        HOW,
    ]))
    print(report)
    out = ROOT / "docs" / "benchmarks_embeddings.md"
    out.write_text(report + "\n", encoding="utf-8")
    log(f"written to {out}")
    return 0


HOW = """## How it is measured

- Gold issue labels. Bitext "problem" intents: get_refund, track_refund -> refund_return;
  cancel_order -> cancellation; payment_issue -> billing; registration_problems ->
  technical. Bitext "topic requests": delivery_period, track_order -> delay;
  check_cancellation_fee -> cancellation; check_invoice, get_invoice -> billing;
  recover_password -> technical; place_order, change_order -> booking_ordering. delay and
  delivery_problem count as one class (Bitext does not tell a late order from a lost one).
  Bitext "none-set" (about no category; a label there is a false alarm): newsletter,
  review, contact_customer_service, contact_human_agent and the four account intents.
  CFPB `Issue`: payment, statement, fee, charge and unauthorised-transaction issues ->
  billing; "False statements or representation" -> communication; other issues unmapped.
  Bitext is synthetic; CFPB fold 0 has only 36 mapped narratives (two classes).
- Systems: (i) the first issue of `analyse_many` (none when it lists no issue); (ii)
  `top_issues`: the category with the highest `issue_scores`, none below `min_score`;
  (iii) (i), and where (i) has no issue, (ii); (iii-c) only for texts whose sentiment is
  not positive; (iii-d) only for texts that (i) flags as `bad_experience`.
- Top-1 accuracy is over the mapped texts (no label counts as wrong). Macro-F1 is over the
  gold categories; a label on a none-set text counts as a false positive of that category.
- Settings: top_k in (1, 2, 3), chunk_words in (60, 120, whole text), min_score 0.10-0.80
  step 0.025, chosen per system by the mean macro-F1 of the Bitext validation CSV (mapped +
  none-set) and CFPB folds 1-4. "Within the budget": only settings that label at most 10%
  of the validation none-set and 5% of GoEmotions dev comments with only positive emotions.
  Test data (Bitext test CSV, CFPB fold 0, GoEmotions test) is read once, with the chosen
  settings.
- Grouping: average-linkage clustering on cosine distance (`cluster_vectors`), the same
  for both vector kinds; TF-IDF is scikit-learn's with sublinear tf, fitted on the texts
  being grouped. The cut (minimum average similarity) is chosen per vector kind by ARI on
  the validation CSV (CFPB: folds 1-4) from 0.10-0.90; "at k" cuts the same tree into as
  many groups as there are labels (no tuning). Purity rises with the number of groups, so
  compare it at equal k.
- Speed: the default-plus-fallback column runs `analyse_many`, then `top_issues` with the
  module defaults on the texts with no issue whose sentiment is not positive.
"""


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
