"""Measure routing (and the near-duplicate flag) on CSV files. See docs/users/insight.md.

manage.py insight_eval --train A.csv --test B.csv --text-col text --label-col label
manage.py insight_eval --train A.csv --cv 5
manage.py insight_eval --similar PAIRS.csv          # columns text_a, text_b, label (1 = duplicate, 0 = not)
"""

from __future__ import annotations

import csv
import time

from django.core.management.base import BaseCommand, CommandError

from renda.insight import routing, similar


def read_rows(path: str) -> list[dict]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return list(csv.DictReader(fh))
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc}") from exc


def read_samples(path: str, text_col: str, label_col: str) -> list[tuple[str, str]]:
    rows = read_rows(path)
    if rows and (text_col not in rows[0] or label_col not in rows[0]):
        raise CommandError(
            f"{path}: columns {text_col!r} and {label_col!r} are needed; found {list(rows[0])}"
        )
    return [(r[text_col] or "", (r[label_col] or "").strip()) for r in rows if (r[text_col] or "").strip()]


class Command(BaseCommand):
    help = "Evaluate routing (train/test or cross-validation) or the near-duplicate flag on CSV files."

    def add_arguments(self, parser):
        parser.add_argument("--train", help="CSV to train on (or to cross-validate with --cv)")
        parser.add_argument("--test", help="CSV to test on")
        parser.add_argument("--text-col", default="text")
        parser.add_argument("--label-col", default="label")
        parser.add_argument("--cv", type=int, default=0, help="k-fold stratified cross-validation on --train")
        parser.add_argument("--seed", type=int, default=routing.SEED)
        parser.add_argument("--similar", help="CSV of labelled pairs: text_a, text_b, label (1/0)")

    def handle(self, *args, **opts):
        if opts["similar"]:
            return self._similar(opts["similar"])
        if not opts["train"]:
            raise CommandError("give --train (with --test or --cv) or --similar")
        samples = read_samples(opts["train"], opts["text_col"], opts["label_col"])
        try:
            if opts["cv"]:
                started = time.perf_counter()
                result = routing.cross_validate(samples, folds=opts["cv"], seed=opts["seed"])
                self.stdout.write(f"{opts['cv']}-fold stratified CV, seed {opts['seed']}, n={result['n']}")
                self.stdout.write(f"seconds={time.perf_counter() - started:.1f}")
            else:
                if not opts["test"]:
                    raise CommandError("give --test, or --cv K")
                test = read_samples(opts["test"], opts["text_col"], opts["label_col"])
                started = time.perf_counter()
                model, figures = routing.train(samples)
                self.stdout.write(f"trained on n={figures['n']} in {time.perf_counter() - started:.1f}s")
                started = time.perf_counter()
                predicted = model.predict([t for t, _ in test])
                per_item = (time.perf_counter() - started) / max(len(test), 1)
                self.stdout.write(f"predicted n={len(test)}, {1000 * per_item:.2f} ms per item (batch)")
                result = routing.metrics([lab for _, lab in test], predicted)
        except routing.TooLittleHistory as exc:
            raise CommandError(str(exc)) from exc
        for label, f1 in result["per_class_f1"].items():
            self.stdout.write(f"f1[{label}]={f1:.4f}")
        self.stdout.write(f"accuracy={result['accuracy']:.4f} macro_f1={result['macro_f1']:.4f}")

    def _similar(self, path: str):
        rows = read_rows(path)
        if rows and not {"text_a", "text_b", "label"} <= set(rows[0]):
            raise CommandError(f"{path}: columns text_a, text_b, label are needed; found {list(rows[0])}")
        tp = fp = fn = tn = 0
        for r in rows:
            truth = str(r["label"]).strip() in {"1", "true", "True", "yes"}
            _exact, near, _score = similar.is_near(r["text_a"] or "", r["text_b"] or "")
            tp += truth and near
            fp += (not truth) and near
            fn += truth and not near
            tn += (not truth) and not near
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        self.stdout.write(f"pairs={len(rows)} tp={tp} fp={fp} fn={fn} tn={tn}")
        self.stdout.write(f"precision={precision:.4f} recall={recall:.4f}")
