"""Leave-one-batch-out cross-validation of the actor-aware model on train + dev (never test).

Each writer batch (b1–b5, n1–n8, d1) is held out in turn: the classifier, its thresholds, the
stacker and the country chooser are fitted on the other batches exactly as ``nlp.training.train``
fits them, and the held-out batch is tagged with them. The held-out predictions of all batches
are then scored with the gate's own scorer (:func:`nlp.evaluate.score`): is_aict F1, look-alikes
flagged, per-object F1, country F1 and actor-type accuracy (batches n1–n4 carry
``actor_mentions``). This is the guide for every choice made on the actor analysis.

Because the stacker's threshold is chosen under a look-alike cap, a change that makes the
analysis cleaner may show up as a moved threshold rather than a better decision. The report
also gives ``f1_at_lookalike_rate``: the best is_aict F1 reachable over one common threshold on
the held-out decision scores while flagging at most 2, 3, 4, 5 or 8 % of the look-alikes, a
comparison of analyses that no single threshold draws.

The out-of-fold classifier scores depend only on the corpus and are cached
(``$AICT_CV_CACHE``, default ``/tmp/aict_cv``), as are the parses of the key sentences, so a
run after a rule change costs the analysis only. Usage:
``python -m nlp.training.cv [--errors FILE.json] [--out FILE.json] [--predictions FILE.json]``.

Trials, one run each (``AICT_CV_<NAME>``): ``EXCLUDE`` leaves batches out altogether;
``FIT_EXCLUDE`` scores batches that the classifier, its thresholds and the stacker never fit on
(the packaged model's held-back batches; reported apart as ``fit_excluded``), and
``CHOOSER_ALL=1`` / ``STACKER_ALL=1`` let the country chooser / the stacker fit on them anyway
(``STACKER_ALSO_WEIGHT``: their records' weight in the stacker's fit, default 1);
``COUNTRY_THRESHOLD``, ``COUNTRY_C``, ``COUNTRY_WORDS_MIN_TEXTS`` (0: no context words),
``COUNTRY_WORDS_SCALE``, ``STACKER_C``, ``MAX_LOOKALIKE_FP``, ``STACKER_CRITERION`` (``stream``)
and ``OFFICE_RULE_BARE`` replace a training or decision constant.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from nlp.classifier import LinearTextClassifier, prepare
from nlp.corpus_io import batch_of, read_split
from nlp.decision import decide
from nlp.environment import NlpSettings
from nlp.evaluate import score
from nlp.text import AICT_LABEL, LABELS, fold

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from nlp.actors import RoleReader

CACHE = NlpSettings.from_env().cv_cache


def load_records() -> list[dict[str, Any]]:
    """Train + dev, minus the batches named in ``$AICT_CV_EXCLUDE`` (comma-separated): a batch
    still being written is left out so that runs compare on the same corpus."""
    skip = NlpSettings.from_env().cv_exclude
    records = list(read_split("train")) + list(read_split("dev"))
    return [r for r in records if batch_of(r) not in skip]


def fit_excluded() -> frozenset[str]:
    """``AICT_CV_FIT_EXCLUDE``: batches scored but never fitted on by the classifier, its
    thresholds or the stacker (as ``nlp.training.train`` leaves out ``HELD_BACK``)."""
    return frozenset(filter(None, (NlpSettings.cv_trial("FIT_EXCLUDE") or "").split(",")))


def oof_probs(records: list[dict[str, Any]]) -> np.ndarray:
    """Leave-one-batch-out classifier probabilities (cached by corpus hash)."""
    from nlp.training.train import corpus_hash, targets

    CACHE.mkdir(parents=True, exist_ok=True)
    skip = fit_excluded()
    # The held-back batches by name while the file name stays short, then by their hash.
    names = "-".join(sorted(skip))
    if len(names) > 120:
        names = hashlib.sha256(names.encode()).hexdigest()[:12]
    tag = f"-without-{names}" if skip else ""
    path = CACHE / f"probs-{corpus_hash(records)}{tag}.npy"
    if path.exists():
        cached: np.ndarray = np.load(path)
        return cached
    docs = [prepare(r.get("title", ""), r["text"]) for r in records]
    y = targets(records)
    groups = np.asarray([batch_of(r) for r in records])
    probs = np.zeros((len(records), len(LABELS)))
    for batch in sorted(set(groups)):
        held = np.flatnonzero(groups == batch)
        fit = np.flatnonzero((groups != batch) & ~np.isin(groups, list(skip)))
        model = LinearTextClassifier().fit(
            [docs[i] for i in fit], {k: [v[i] for i in fit] for k, v in y.items()}
        )
        probs[held] = model.predict_proba([docs[i] for i in held])
    np.save(path, probs)
    return probs


class CachedParse:
    """The key-sentence parser (:func:`nlp.syntax.parser`) with its Docs kept on disk."""

    def __init__(self) -> None:
        from nlp.syntax import french_model

        self.model = french_model()
        self.path = CACHE / "parses.spacy"
        self.docs: dict[str, Doc] = {}
        self.dirty = False
        if self.path.exists():
            from spacy.tokens import DocBin

            for doc in DocBin().from_disk(self.path).get_docs(self.model.vocab):
                self.docs[doc.text] = doc

    def __call__(self, texts: list[str]) -> list[RoleReader]:
        from nlp.actors import reader

        missing = [t for t in dict.fromkeys(texts) if t not in self.docs]
        if missing:
            with self.model.select_pipes(enable=["tok2vec", "parser"]):
                for text, doc in zip(missing, self.model.pipe(missing), strict=True):
                    self.docs[text] = doc
            self.dirty = True
        return [reader(self.docs[t]) for t in texts]

    def save(self) -> None:
        if self.dirty:
            from spacy.tokens import DocBin

            bin_ = DocBin(
                attrs=["ORTH", "TAG", "HEAD", "DEP", "POS", "MORPH", "LEMMA", "ENT_IOB", "ENT_TYPE"]
            )
            for doc in self.docs.values():
                bin_.add(doc)
            bin_.to_disk(self.path)


def run(errors: Path | None = None, predictions_out: Path | None = None) -> dict[str, Any]:
    from nlp.decision import analyse

    _apply_trials()
    records = load_records()
    probs = oof_probs(records)
    parse = CachedParse()
    analyses = [analyse(r.get("title", ""), r["text"], parse) for r in records]
    parse.save()
    groups = np.asarray([batch_of(r) for r in records])
    gold = {
        label: np.asarray(
            [r["is_aict"] if label == AICT_LABEL else label in r["objects"] for r in records]
        )
        for label in LABELS
    }
    predictions: dict[str, dict[str, Any]] = {}
    ranking: dict[str, float] = {}
    for batch in sorted(set(groups)):
        held, scores = _predict_batch(records, analyses, probs, gold, groups, batch)
        predictions.update(held)
        ranking.update(scores)
    result = score(records, predictions)
    result["f1_at_lookalike_rate"] = f1_at_lookalike_rates(records, ranking)
    result["actor_types"] = actor_type_table(records, predictions)
    new = [r for r in records if batch_of(r).startswith("n")]
    result["new_batches"] = score(new, predictions)
    if skip := fit_excluded():
        held_back = [r for r in records if batch_of(r) in skip]
        result["fit_excluded"] = score(held_back, predictions)
        kept = [r for r in records if batch_of(r) not in skip]
        result["fitted"] = score(kept, predictions)
    old = [r for r in records if not batch_of(r).startswith("n")]
    result["old_batches"] = score(old, predictions)
    _write_outputs(records, predictions, errors, predictions_out)
    return result


def _write_outputs(
    records: list[dict[str, Any]],
    predictions: dict[str, dict[str, Any]],
    errors: Path | None,
    predictions_out: Path | None,
) -> None:
    """The errors file (``--errors``) and every held-out record (``--predictions``, to score
    any subset of batches afterwards), when asked for."""
    if errors:
        errors.write_text(
            json.dumps(error_list(records, predictions), ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
    if predictions_out:
        predictions_out.write_text(json.dumps(predictions, ensure_ascii=False), encoding="utf-8")


def _apply_trials() -> None:
    """Trial values of the training and decision constants (``AICT_CV_<NAME>``)."""
    import nlp.training.train as training

    for name in (
        "COUNTRY_THRESHOLD",
        "COUNTRY_C",
        "COUNTRY_WORDS_MIN_TEXTS",
        "COUNTRY_WORDS_SCALE",
        "STACKER_C",
        "MAX_LOOKALIKE_FP",
    ):
        if trial := NlpSettings.cv_trial(name):
            setattr(training, name, float(trial))
    import nlp.decision as decision

    for name in ("OFFICE_RULE_BARE",):
        if trial := NlpSettings.cv_trial(name):
            setattr(decision, name, trial == "1")
    if trial := NlpSettings.cv_trial("STACKER_CRITERION"):
        training.STACKER_CRITERION = trial


def _fit_sets(
    groups: np.ndarray, batch: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Indices the classifier's thresholds, the stacker and the chooser fit on when ``batch`` is
    held out, and the stacker's sample weights. The FIT_EXCLUDE batches never fit the
    thresholds; with AICT_CV_STACKER_ALL=1 / AICT_CV_CHOOSER_ALL=1 they fit the stacker / the
    chooser (their is_aict and countries follow the common convention; only their objects are
    disputed), weighted AICT_CV_STACKER_ALSO_WEIGHT (default 1) in the stacker's fit."""
    skip = list(fit_excluded())
    every = np.flatnonzero(groups != batch)
    fit = np.flatnonzero((groups != batch) & ~np.isin(groups, skip))
    s_fit = every if NlpSettings.cv_trial("STACKER_ALL") else fit
    also = every if NlpSettings.cv_trial("CHOOSER_ALL") else fit
    also_weight = float(NlpSettings.cv_trial("STACKER_ALSO_WEIGHT") or 1.0)
    weight = np.where(np.isin(groups[s_fit], skip), also_weight, 1.0)
    return fit, s_fit, also, weight


def _predict_batch(
    records: list[dict[str, Any]],
    analyses: list[Any],
    probs: np.ndarray,
    gold: dict[str, np.ndarray],
    groups: np.ndarray,
    batch: str,
) -> tuple[dict[str, dict[str, Any]], dict[str, float]]:
    """The held-out batch's predictions, by models fitted on every other batch, and their
    decision scores (:func:`decision_score`)."""
    from nlp.training.train import (
        PLAUSIBLE_SHARE,
        choose_thresholds,
        train_country_relevance,
        train_stacker,
    )

    held = np.flatnonzero(groups == batch)
    fit, s_fit, also, weight = _fit_sets(groups, batch)
    thresholds = choose_thresholds(probs[fit], {k: v[fit] for k, v in gold.items()})
    plausible_from = PLAUSIBLE_SHARE * thresholds[AICT_LABEL]
    s_records, s_analyses = [records[i] for i in s_fit], [analyses[i] for i in s_fit]
    stacker, _ = train_stacker(s_records, s_analyses, probs[s_fit, 0], 5, 0, plausible_from, weight)
    chooser = train_country_relevance([records[i] for i in also], [analyses[i] for i in also])
    predictions = {
        records[i]["id"]: _predict(
            records[i], probs[i], analyses[i], thresholds, stacker, chooser, plausible_from
        )
        for i in held
    }
    scores = {
        records[i]["id"]: decision_score(
            records[i], probs[i], analyses[i], stacker, plausible_from, thresholds
        )
        for i in held
    }
    for key, value in scores.items():
        if (value >= stacker.threshold) != predictions[key]["is_aict"]:
            raise RuntimeError(f"{key}: decision_score disagrees with the tagger's decision")
    return predictions, scores


def decision_score(
    r: dict[str, Any],
    prob: np.ndarray,
    analysis: Any,
    stacker: Any,
    plausible_from: float,
    thresholds: dict[str, float],
) -> float:
    """The stacker's probability where the tagger would ask it (a plausible candidate with a
    French local authority in a key sentence, not cooperation at home), else 0: what its
    threshold is compared with."""
    from nlp import rules
    from nlp.decision import council_houses_refugees, features, gate_open, stays_at_home

    full = fold(f"{r.get('title', '')}\n{r['text']}")
    if not rules.is_candidate(full):
        return 0.0
    if not (prob[0] >= plausible_from or rules.plausible_whatever_the_score(full)):
        return 0.0
    values = features(analysis, float(prob[0]))
    if not gate_open(values, analysis):
        return 0.0
    if stays_at_home(dict(zip(LABELS, prob.tolist(), strict=True)), analysis, values, thresholds):
        return 0.0
    probability = float(stacker.probability(values))
    if council_houses_refugees(analysis):  # decided by the rule, whatever the stacker says
        return max(probability, float(stacker.threshold))
    return probability


#: Look-alike shares at which :func:`f1_at_lookalike_rates` reports the best F1.
LOOKALIKE_RATES = (0.02, 0.03, 0.04, 0.05, 0.08)


def f1_at_lookalike_rates(
    records: list[dict[str, Any]],
    scores: dict[str, float],
    rates: tuple[float, ...] = LOOKALIKE_RATES,
) -> dict[str, float]:
    """The best is_aict F1 over one threshold on ``scores`` that flags at most each share of
    the look-alikes (0.0 when none does): the decision's curve, free of the chosen threshold."""
    from nlp.evaluate import is_lookalike

    gold = np.asarray([bool(r["is_aict"]) for r in records])
    look = np.asarray([is_lookalike(r) for r in records])
    value = np.asarray([scores[r["id"]] for r in records])
    out: dict[str, float] = {}
    for rate in rates:
        best = 0.0
        for t in np.unique(value[value > 0]):
            guess = value >= t
            if look.any() and guess[look].mean() > rate:
                continue
            tp = int((guess & gold).sum())
            if tp:
                best = max(best, 2 * tp / (int(guess.sum()) + int(gold.sum())))
        out[f"{rate:.2f}"] = round(best, 4)
    return out


def _predict(
    r: dict[str, Any],
    prob: np.ndarray,
    analysis: Any,
    thresholds: dict[str, float],
    stacker: Any,
    chooser: Any,
    plausible_from: float,
) -> dict[str, Any]:
    """One record's prediction, as the tagger decides it (candidate and plausibility first)."""
    from nlp import rules

    title = r.get("title", "")
    cats = dict(zip(LABELS, prob.tolist(), strict=True))
    full = fold(f"{title}\n{r['text']}")
    if not rules.is_candidate(full):
        return {
            "is_aict": False,
            "objects": [],
            "partner_countries": [],
            "actors": [],
        }
    plausible = prob[0] >= plausible_from or rules.plausible_whatever_the_score(full)
    if not plausible:
        from nlp.decision import mentioned_actors

        actors = mentioned_actors(title, r["text"])
        return {
            "is_aict": False,
            "objects": [],
            "partner_countries": [],
            "actors": [a.to_json() for a in actors],
        }
    record = decide(cats, title, r["text"], thresholds, stacker, chooser, analysis)
    return record.to_json()


def actor_type_table(
    records: list[dict[str, Any]], predictions: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """Accuracy per gold type, and what the misses were typed as (``missing``: not found)."""
    table: dict[str, Counter[str]] = {}
    for rec in records:
        found = predictions[rec["id"]].get("actors") or []
        for gold in rec.get("actor_mentions") or []:
            key = fold(gold["name"])
            types = {
                a.get("type") for a in found if key in fold(a["name"]) or fold(a["name"]) in key
            }
            row = table.setdefault(gold["type"], Counter())
            if gold["type"] in types:
                row["right"] += 1
            else:
                row["→" + (",".join(sorted(t for t in types if t)) or "missing")] += 1
    return {k: dict(v.most_common()) for k, v in sorted(table.items())}


def error_list(
    records: list[dict[str, Any]], predictions: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    out = []
    for rec in records:
        pred = predictions[rec["id"]]
        found = pred.get("actors") or []
        wrong = []
        for gold in rec.get("actor_mentions") or []:
            key = fold(gold["name"])
            types = sorted(
                {a.get("type") for a in found if key in fold(a["name"]) or fold(a["name"]) in key}
            )
            if gold["type"] not in types:
                wrong.append({**gold, "got": types})
        item = {"id": rec["id"]}
        if pred["is_aict"] != rec["is_aict"]:
            item["is_aict"] = {"gold": rec["is_aict"], "family": rec.get("family")}
        gc, pc = set(rec["partner_countries"]), set(pred["partner_countries"])
        if gc != pc:
            item["countries"] = {"gold": sorted(gc), "pred": sorted(pc)}
        go, po = set(rec["objects"]), set(pred["objects"])
        if rec["is_aict"] and go != po:
            item["objects"] = {"gold": sorted(go), "pred": sorted(po)}
        if wrong:
            item["actors"] = wrong
        if len(item) > 1:
            out.append(item)
    return out


def summary(result: dict[str, Any]) -> dict[str, Any]:
    def part(s: dict[str, Any]) -> dict[str, Any]:
        return {
            "is_aict_f1": s["is_aict_f1"],
            "lookalike_fp_rate": s["lookalike_fp_rate"],
            "macro_f1_headline3": s["macro_f1_headline3"],
            "macro_f1_all8": s["macro_f1_all8"],
            "country_f1": s["country_f1"],
            "actor_type_accuracy": s["actor_type_accuracy"],
            "objects": {k: v["f1"] for k, v in s["per_label"].items()},
        }

    extra: dict[str, Any] = {k: part(result[k]) for k in ("fitted", "fit_excluded") if k in result}
    return {
        "all": part(result),
        "old_batches": part(result["old_batches"]),
        "new_batches": part(result["new_batches"]),
        **extra,
        "lookalike_fp_by_family": {
            k: f"{v['flagged']}/{v['texts']}" for k, v in result["lookalike_fp_by_family"].items()
        },
        "actor_types": result["actor_types"],
        "f1_at_lookalike_rate": result["f1_at_lookalike_rate"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--predictions", type=Path, help="every held-out record, as JSON")
    args = parser.parse_args()
    result = summary(run(args.errors, args.predictions))
    text = json.dumps(result, indent=1, ensure_ascii=False)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
