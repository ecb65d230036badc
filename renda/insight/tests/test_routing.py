import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.core.errors import ApplicationError
from renda.core.models import Event
from renda.insight import routing, services
from renda.insight.models import RoutingModel
from renda.insight.sources import register_training_source, training_samples, unregister_training_source
from renda.insight.tasks import routing_train_task
from renda.insight.tests.fixtures import TOPICS, labelled


@pytest.fixture(scope="module")
def fitted():
    model, figures = routing.train(labelled())
    return model, figures


def test_pipeline_learns_the_synthetic_labels(fitted):
    model, figures = fitted
    assert figures["n"] == 40
    assert set(model.labels) == set(TOPICS)
    assert model.predict(["医院看病难，医保报销太慢"]) == ["卫生计生"]
    assert model.predict(["公交车太挤，红绿灯时间太短"]) == ["交通运输"]


def test_proposals_are_ranked_confidences(fitted):
    model, _ = fitted
    props = model.propose("学校收学费太高，幼儿园也贵", top=3)
    assert len(props) == 3
    assert props[0][0] == "教育文体"
    confs = [c for _, c in props]
    assert confs == sorted(confs, reverse=True)
    assert all(0 <= c <= 1 for c in confs)


def test_word_features_keep_compound_words_and_their_parts():
    toks = routing._word_doc("小区停车位收费太高，交通运输局不管。")
    assert {"停车位", "停车", "车位", "交通运输", "交通", "运输", "收费"} <= set(toks)
    assert "，" not in toks and "。" not in toks
    head = routing.search_words("小区停车位收费太高，交通运输局不管。")[: routing.HEAD_WORDS]
    assert toks[: 2 * routing.HEAD_WORDS] == head * 2


def test_too_little_history_is_refused():
    assert routing.history_problem(["a"] * 28 + ["b"])
    assert routing.history_problem(["a"] * 40)
    assert routing.history_problem(["a"] * 20 + ["b"] * 10) is None
    with pytest.raises(routing.TooLittleHistory):
        routing.train([("文本", "a")] * 10)


def test_cross_validate_is_deterministic():
    a = routing.cross_validate(labelled(), folds=5)
    b = routing.cross_validate(labelled(), folds=5)
    assert a == b
    assert a["n"] == 40 and a["folds"] == 5
    assert 0.5 <= a["macro_f1"] <= 1.0


@pytest.mark.django_db
def test_train_propose_and_versions(role_users):
    staff = role_users["staff"]
    assert services.routing_propose(kind="category", text="医院") == []
    assert services.routing_propose(kind="category", text="医院").reason
    first = services.routing_train(actor=staff, kind="category", samples=labelled(), cv_folds=3)
    assert (first.version, first.is_active) == (1, True)
    assert first.figures["n"] == 40 and "macro_f1" in first.figures["cv"]
    props = services.routing_propose(kind="category", text="医生态度差，看病排队太久")
    assert props[0][0] == "卫生计生" and props.version == 1
    second = services.routing_train(actor=staff, kind="category", samples=labelled(seed=2), cv_folds=0)
    first.refresh_from_db()
    assert second.version == 2 and second.is_active and not first.is_active
    assert services.routing_propose(kind="category", text="医生态度差").version == 2
    assert services.routing_propose(kind="unit", text="医生态度差") == []
    services.routing_activate(actor=staff, model_id=first.pk)
    assert services.routing_propose(kind="category", text="医生态度差").version == 1
    assert Event.objects.filter(action="routing_train").count() == 2


@pytest.mark.django_db
def test_train_with_too_little_history_raises(role_users):
    with pytest.raises(ApplicationError) as exc:
        services.routing_train(actor=role_users["staff"], kind="category", samples=[("医院", "卫生")] * 5)
    assert exc.value.code == "too_little_history"
    assert not RoutingModel.objects.exists()
    with pytest.raises(ApplicationError):
        services.routing_train(actor=None, kind="nonsense", samples=labelled())


@pytest.mark.django_db
def test_task_trains_from_registered_source(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    def source():
        return labelled()

    assert routing_train_task.enqueue("unit").return_value["trained"] is False
    register_training_source("unit", source)
    register_training_source("unit", source)  # idempotent
    try:
        assert len(training_samples("unit")) == 40
        result = routing_train_task.enqueue("unit").return_value
    finally:
        unregister_training_source("unit", source)
    assert result["trained"] and result["version"] == 1
    assert RoutingModel.objects.get(kind="unit").is_active


@settings(max_examples=25, deadline=None)
@given(st.text(alphabet="医院学校公交噪音油烟的了和 ，。abc123", max_size=40))
def test_scores_are_a_distribution(text):
    model, _ = _cached()
    s = model.scores([text])[0]
    assert abs(float(s.sum()) - 1.0) < 1e-5
    assert (s >= 0).all()


_MODEL: dict[str, tuple[routing.RoutingPipeline, dict]] = {}


def _cached():
    if "m" not in _MODEL:
        _MODEL["m"] = routing.train(labelled())
    return _MODEL["m"]
