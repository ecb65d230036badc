"""Insight's writes (and the hot read paths that keep in-process state): routing models, the
similar-items index,
hot-topic snapshots. Other apps call these with plain texts and ids; insight never imports them."""

from __future__ import annotations

import hashlib
import pickle
import threading
import time
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.actors import ActorLike, user_of
from renda.core.errors import ApplicationError
from renda.core.services import event_record
from renda.insight import duties, routing, similar, sources
from renda.insight import topics as topic_rules
from renda.insight.models import RoutingKind, RoutingModel, TextIndexEntry, TopicSnapshot

# ---------------------------------------------------------------------------------------------------- routing


class Proposals(list):
    """A list of (label, confidence), best first; empty with a `reason` when no model can propose."""

    def __init__(self, items=(), *, reason: str = "", version: int | None = None):
        super().__init__(items)
        self.reason = reason
        self.version = version


def _check_kind(kind: str) -> None:
    if kind not in RoutingKind.values:
        raise ApplicationError(_("未知的分办模型类型：%(kind)s") % {"kind": kind}, field="kind")


PRIOR_REPEAT = 2  # each duty matter counts as two short texts: measured on the demo, see docs/benchmarks.md


def prior_for(kind: str, samples: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Unit routing's prior (renda.insight.duties): the duty matters of every unit in the history or
    registered as known (sources.register_label_source); nothing for categories."""
    if kind != RoutingKind.UNIT:
        return []
    names = [str(lab) for _t, lab in samples if lab] + sources.known_labels(kind)
    return duties.prior_samples(names) * PRIOR_REPEAT


def routing_train(
    *,
    actor: ActorLike,
    kind: str,
    samples: Iterable[tuple[str, str]],
    cv_folds: int = 5,
    activate: bool = True,
    prior: Sequence[tuple[str, str]] | None = None,
) -> RoutingModel:
    """Train a new version of the `kind` model on (text, label) samples — the congress's own history,
    latest first — plus, for units, the duties prior (`prior`, by default `prior_for`), measure it on the
    latest items ("最近 N 件中 M 件分对") and, with `cv_folds`, by stratified k-fold CV (fixed seed), and make
    it the active one."""
    _check_kind(kind)
    samples = list(samples)
    prior = prior_for(kind, samples) if prior is None else list(prior)
    labels = [str(lab) for t, lab in [*samples, *prior] if t and lab]
    problem = routing.history_problem(labels)
    if problem:
        raise ApplicationError(
            _("历史数据不足，无法训练：需要至少 %(n)d 条记录、%(k)d 个类别")
            % {"n": routing.MIN_SAMPLES, "k": routing.MIN_LABELS},
            field="samples",
            code="too_little_history",
        )
    figures: dict = {}
    if cv_folds and cv_folds > 1 and not routing.history_problem([lab for _t, lab in samples]):
        figures["cv"] = routing.cross_validate(samples, folds=cv_folds, extra=prior)
        figures["cv"].pop("n", None)
    recent = routing.recent_check(samples, extra=prior)
    if recent:
        figures["recent"] = recent
    model, fit_figures = routing.train([*samples, *prior])
    figures.update(fit_figures)
    figures["n"] = len([1 for t, lab in samples if t and lab])  # history only; the prior is counted apart
    figures["prior"] = len(prior)
    figures["fingerprint"] = _fingerprint([*samples, *prior])
    blob = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)
    with transaction.atomic():
        last = (
            RoutingModel.objects.select_for_update().filter(kind=kind).aggregate(v=Max("version"))["v"] or 0
        )
        if activate:
            RoutingModel.objects.filter(kind=kind, is_active=True).update(is_active=False)
        row = RoutingModel.objects.create(
            kind=kind,
            version=last + 1,
            trained_by=user_of(actor),
            figures=figures,
            pipeline=blob,
            is_active=activate,
        )
        event_record(
            actor=actor,
            action="routing_train",
            obj=row,
            changes={"kind": kind, "version": row.version, "n": figures["n"], "cv": figures.get("cv", {})},
        )
    return row


def routing_activate(*, actor: ActorLike, model_id: int) -> RoutingModel:
    with transaction.atomic():
        row = RoutingModel.objects.select_for_update().get(pk=model_id)
        RoutingModel.objects.filter(kind=row.kind, is_active=True).exclude(pk=row.pk).update(is_active=False)
        if not row.is_active:
            row.is_active = True
            row.save(update_fields=["is_active"])
        event_record(actor=actor, action="routing_activate", obj=row, changes={"version": row.version})
    return row


TRAIN_SOON_EVERY = 600.0  # seconds between two background trainings asked for by a proposal without a model
_train_asked: dict[str, float] = {}


def _train_soon(kind: str) -> None:
    """No model yet (a fresh install, or one whose history arrived without an import): ask the task worker
    to train one from the data at hand, at most once every TRAIN_SOON_EVERY seconds per process."""
    now = time.monotonic()
    if now - _train_asked.get(kind, -TRAIN_SOON_EVERY) < TRAIN_SOON_EVERY:
        return
    _train_asked[kind] = now
    from renda.insight.tasks import routing_train_task

    transaction.on_commit(lambda: routing_train_task.enqueue(kind), robust=True)


# Loaded models by (id, training time): an id alone could name another model after a rolled-back one (SQLite
# reuses the ids of rows that never committed).
_models: dict[tuple[int, Any], routing.RoutingPipeline] = {}
_models_lock = threading.Lock()


def _load(key: tuple[int, Any], blob: bytes | memoryview) -> routing.RoutingPipeline:
    with _models_lock:
        model = _models.get(key)
        if model is None:
            model = pickle.loads(bytes(blob))
            _models.clear()  # keep only the latest loaded models
            _models[key] = model
        return model


def routing_propose(*, kind: str, text: str, top: int = 3) -> Proposals:
    """Propose up to `top` labels with confidences for `text` from the active `kind` model. Nothing is
    assigned: a person accepts or changes the proposal. Returns an empty Proposals with a reason when there is
    no model (too little history) or no text."""
    _check_kind(kind)
    if not (text or "").strip():
        return Proposals(reason=_("没有可分析的文本"))
    row = (
        RoutingModel.objects.filter(kind=kind, is_active=True)
        .values_list("pk", "version", "trained_at")
        .first()
    )
    if row is None:
        _train_soon(kind)
        return Proposals(reason=_("尚无分办模型：正在根据历史数据训练，稍后刷新即可看到建议"))
    pk, version, trained_at = row
    model = _models.get((pk, trained_at))
    if model is None:
        blob = RoutingModel.objects.values_list("pipeline", flat=True).get(pk=pk)
        model = _load((pk, trained_at), blob)
    return Proposals(model.propose(text, top=top), version=version)


# ---------------------------------------------------------------------------------------------- similar items

INDEX_OVERLAP = timedelta(seconds=5)
INDEX_MAX_AGE = 600.0  # seconds before a full rebuild from the table


class _IndexHolder:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.index: similar.SimilarIndex | None = None
        self.synced = None
        self.floor = None  # the newest change the last full build read: older rows are in the index
        self.built = 0.0
        self.applied: dict[tuple[str, str], object] = {}


_holder = _IndexHolder()


def index_reset() -> None:
    """Forget the in-process index (it is rebuilt from the table on the next lookup)."""
    with _holder.lock:
        _holder.reset()


def _current_index() -> similar.SimilarIndex:
    with _holder.lock:
        now = timezone.now()
        if _holder.index is None or time.monotonic() - _holder.built > INDEX_MAX_AGE:
            index = similar.SimilarIndex()
            latest = TextIndexEntry.objects.aggregate(m=Max("updated_at"))["m"]
            rows = (
                TextIndexEntry.objects.filter(removed=False)
                .order_by("pk")
                .values_list("source", "object_id", "year", "text_hash", "vector")
                .iterator(chunk_size=5000)
            )
            index.bulk_load((s, o, y, h, bytes(v)) for s, o, y, h, v in rows)
            _holder.index, _holder.synced, _holder.built, _holder.applied = (
                index,
                latest or now,
                time.monotonic(),
                {},
            )
            _holder.floor = latest or now
            return index
        index = _holder.index
        # changes since the last look (with an overlap for transactions that committed late), newer than what
        # the last full build read; a change committed later than the overlap is caught by the next rebuild
        changed = TextIndexEntry.objects.filter(
            updated_at__gte=_holder.synced - INDEX_OVERLAP, updated_at__gt=_holder.floor
        ).values_list("source", "object_id", "year", "text_hash", "vector", "removed", "updated_at")
        for s, o, y, h, v, removed, updated in changed:
            key = (s, o)
            if _holder.applied.get(key) == updated:
                continue
            _holder.applied[key] = updated
            if removed:
                index.remove(s, o)
            else:
                index.upsert(s, o, y, h, bytes(v))
            if updated > _holder.synced:
                _holder.synced = updated
        return index


def index_upsert(*, source: str, object_id: object, text: str, year: int | None = None) -> TextIndexEntry:
    """Index (or re-index) one item's text. Call it when the item is saved, inside its transaction. Derived
    data: no audit event (the item's own service records one)."""
    if not source:
        raise ApplicationError(_("缺少来源"), field="source")
    ids, weights = similar.doc_vector(text or "")
    entry, _created = TextIndexEntry.objects.update_or_create(
        source=source,
        object_id=str(object_id),
        defaults={
            "year": year,
            "text_hash": similar.text_hash(text or ""),
            "vector": similar.pack(ids, weights),
            "signature": similar.signature_bytes(text or ""),
            "removed": False,
        },
    )
    return entry


def index_remove(*, source: str, object_id: object) -> None:
    """Take an item out of the index (withdrawn, merged or deleted)."""
    TextIndexEntry.objects.filter(source=source, object_id=str(object_id)).update(
        removed=True, updated_at=timezone.now()
    )


def index_rebuild() -> dict[str, int]:
    """Make the similar-items index hold exactly what the registered index sources hold now (every
    submitted item, whatever was filed before the index existed): new texts are added, changed ones
    re-indexed, unchanged ones left alone, vanished ones marked removed. Returns the counts. Derived data: no
    audit event. Called after the demo seed and an import, and by `manage.py insight_reindex`."""
    counts = {"indexed": 0, "added": 0, "changed": 0, "unchanged": 0, "removed": 0}
    for name, source in sources.index_sources().items():
        known = {
            o: (h, removed)
            for o, h, removed in TextIndexEntry.objects.filter(source=name).values_list(
                "object_id", "text_hash", "removed"
            )
        }
        seen: set[str] = set()
        new: list[TextIndexEntry] = []
        changed: list[TextIndexEntry] = []
        for object_id, text, year in source():
            oid = str(object_id)
            if oid in seen:
                continue
            seen.add(oid)
            text = text or ""
            digest = similar.text_hash(text)
            if known.get(oid) == (digest, False):
                counts["unchanged"] += 1
                continue
            ids, weights = similar.doc_vector(text)
            entry = TextIndexEntry(
                source=name,
                object_id=oid,
                year=year,
                text_hash=digest,
                vector=similar.pack(ids, weights),
                signature=similar.signature_bytes(text),
                removed=False,
            )
            (changed if oid in known else new).append(entry)
        with transaction.atomic():
            TextIndexEntry.objects.bulk_create(new, batch_size=500)
            now = timezone.now()
            for entry in changed:
                entry.updated_at = now
            if changed:
                by_id = dict(
                    TextIndexEntry.objects.filter(
                        source=name, object_id__in=[e.object_id for e in changed]
                    ).values_list("object_id", "pk")
                )
                for entry in changed:
                    entry.pk = by_id[entry.object_id]
                TextIndexEntry.objects.bulk_update(
                    changed,
                    ["year", "text_hash", "vector", "signature", "removed", "updated_at"],
                    batch_size=500,
                )
            gone = [o for o, (_h, removed) in known.items() if o not in seen and not removed]
            for start in range(0, len(gone), 500):
                TextIndexEntry.objects.filter(source=name, object_id__in=gone[start : start + 500]).update(
                    removed=True, updated_at=now
                )
        counts["added"] += len(new)
        counts["changed"] += len(changed)
        counts["removed"] += len(gone)
        counts["indexed"] += len(seen)
    index_reset()
    return counts


def _signatures(keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], bytes]:
    by_source: dict[str, list[str]] = {}
    for s, o in keys:
        by_source.setdefault(s, []).append(o)
    out = {}
    for s, ids in by_source.items():
        for o, sig in TextIndexEntry.objects.filter(source=s, object_id__in=ids).values_list(
            "object_id", "signature"
        ):
            out[(s, o)] = bytes(sig)
    return out


def similar_items(
    text: str,
    top: int = 10,
    exclude: Iterable[tuple[str, object]] | None = None,
    sources: Iterable[str] | None = None,
) -> list[similar.Match]:
    """The indexed items most similar to `text`: Match(source, object_id, score, exact, near, year), exact and
    near duplicates first. `exclude` lists (source, object_id) pairs to leave out (the item itself);
    `sources`, when given, the index sources to search (a suggestion's panel is not filled with livelihood
    proposals, nor the other way round)."""
    if not (text or "").strip():
        return []
    return _current_index().query(
        text, top=top, exclude=exclude or (), signature_of=_signatures, sources=sources
    )


# ------------------------------------------------------------------------------------------------- hot topics


def topics_compute(
    *,
    actor: ActorLike,
    items: Sequence[topic_rules.Item],
    source: str = "",
    by: str = "month",
    keep: int = 50,
    details: dict[str, Any] | None = None,
) -> TopicSnapshot:
    """Cluster (id, text, time, weight) items into topics and store the hottest `keep` as a snapshot
    (`details` go into the audit event too)."""
    items = [it for it in items if it[1] and str(it[1]).strip()]
    found = topic_rules.cluster(items, by=by)
    with transaction.atomic():
        snap = TopicSnapshot.objects.create(
            computed_by=user_of(actor),
            source=source[:255],
            item_count=len(items),
            topics=[t.as_dict() for t in found[:keep]],
        )
        event_record(
            actor=actor,
            action="topics_compute",
            obj=snap,
            changes={**(details or {}), "items": len(items), "topics": len(found)},
        )
    return snap


REFRESH_DAYS = 90
REFRESH_MAX_DAYS = 3660
PERIODS = ("week", "month")


def topics_refresh_label(days: int) -> str:
    """What a refresh clusters, as a snapshot's source: "平台近90天的建议和议案"."""
    what = "、".join(sources.topic_source_labels()) or _("文本")
    return _("平台近%(days)d天的%(what)s") % {"days": days, "what": what}


def topics_refresh(*, actor: ActorLike, days: int = REFRESH_DAYS, by: str = "week") -> TopicSnapshot:
    """Cluster the texts the platform itself collected in the last `days` days (the registered topic
    sources: other apps' submitted items) into a new snapshot, with a `by` ("week" or "month") trend."""
    if not isinstance(days, int) or not 1 <= days <= REFRESH_MAX_DAYS:
        raise ApplicationError(
            _("天数：应为 1 到 %(max)d 之间的整数") % {"max": REFRESH_MAX_DAYS}, field="days"
        )
    if by not in PERIODS:
        raise ApplicationError(_("趋势周期：应为按周或按月"), field="by")
    now = timezone.now()
    items = sources.topic_items(now - timedelta(days=days), now)
    return topics_compute(
        actor=actor,
        items=items,
        source=topics_refresh_label(days),
        by=by,
        details={"days": days, "by": by},
    )


# --------------------------------------------------------------------------------------------------- rebuild


def _fingerprint(samples: Sequence[tuple[str, str]]) -> str:
    digest = hashlib.sha1(usedforsecurity=False)
    for text, label in samples:
        digest.update(f"{len(text)}:{text}\x1f{label}\x1e".encode())
    return digest.hexdigest()


def rebuild_all(
    *, actor: ActorLike = None, missing_only: bool = False, changed_only: bool = False
) -> dict[str, Any]:
    """Everything insight derives from the data at hand, so that it is trusted on day one: the
    similar-items index holds every submitted item, both routing models are trained from the history (units
    with the duties prior), hot topics are computed. The end of the demo seed calls it, and so does the
    completion of an import (in the background) and `manage.py insight_reindex --all`. `missing_only`
    trains and computes only what does not exist yet (a second seed). A kind with too little history is left
    untrained, with its reason in the result; `changed_only` retrains a kind only when its samples differ from
    those of the active model (an import of the roster changes no routing). Returns what was done and its
    seconds."""
    done: dict[str, Any] = {}
    started = time.perf_counter()
    done["index"] = index_rebuild()
    done["index_seconds"] = round(time.perf_counter() - started, 2)
    for kind in RoutingKind.values:
        t0 = time.perf_counter()
        if missing_only and RoutingModel.objects.filter(kind=kind, is_active=True).exists():
            done[kind] = {"trained": False, "reason": "present"}
            continue
        samples = sources.training_samples(kind)
        fingerprint = _fingerprint([*samples, *prior_for(kind, samples)])
        active = (
            RoutingModel.objects.filter(kind=kind, is_active=True).values_list("figures", flat=True).first()
        )
        if changed_only and active and active.get("fingerprint") == fingerprint:
            done[kind] = {"trained": False, "reason": "unchanged"}
            continue
        try:
            row = routing_train(actor=actor, kind=kind, samples=samples, cv_folds=0)
        except ApplicationError as exc:
            done[kind] = {"trained": False, "reason": str(exc.message)}
        else:
            done[kind] = {"trained": True, "version": row.version, "recent": row.figures.get("recent")}
        done[f"{kind}_seconds"] = round(time.perf_counter() - t0, 2)
    t0 = time.perf_counter()
    if missing_only and TopicSnapshot.objects.exists():
        done["topics"] = {"computed": False, "reason": "present"}
    else:
        snap = topics_refresh(actor=actor, days=REFRESH_DAYS, by="week")
        done["topics"] = {"computed": True, "items": snap.item_count, "topics": len(snap.topics)}
    done["topics_seconds"] = round(time.perf_counter() - t0, 2)
    done["seconds"] = round(time.perf_counter() - started, 2)
    return done
