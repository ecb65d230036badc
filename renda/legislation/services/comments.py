"""Comments on a draft (征求意见): the public's, the contact points' and the members', their answers, and the
answers published."""

from __future__ import annotations

import hashlib
import secrets

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import ActorLike, as_actor, user_of
from renda.core.errors import ApplicationError, NotFound
from renda.core.inputs import choice as _choice
from renda.core.inputs import text as _text
from renda.core.services import event_record
from renda.legislation import articles
from renda.legislation.models import (
    Answer,
    Channel,
    Comment,
    Draft,
    Version,
)
from renda.legislation.services._common import (
    CODE_PREFIX,
    MAX_COMMENT,
    _today,
    parse_text,
)
from renda.legislation.services.drafts import _acquire
from renda.livelihood.rules import CODE_ALPHABET, CODE_LENGTH
from renda.organization.models import LiaisonStation

# --- comments (征求意见) and their answers ---------------------------------------------------------------


def _new_code(year: int) -> str:
    return f"{CODE_PREFIX}{year:04d}-" + "".join(
        CODE_ALPHABET[secrets.randbelow(len(CODE_ALPHABET))] for _ in range(CODE_LENGTH)
    )


def _fingerprint(text: str) -> str:
    return hashlib.sha256(articles._norm(text).encode()).hexdigest()


def _article(version: Version, article: int | None) -> int | None:
    if article is None:
        return None
    count = len(parse_text(version.text).articles)
    if not isinstance(article, int) or not 1 <= article <= count:
        raise ApplicationError(
            _("该草案共 %(n)s 条，请选择其中一条或“整体意见”") % {"n": count}, field="article"
        )
    return article


def _comment_create(*, actor, version: Version, channel: str, article: int | None, text: str, name: str,
                    phone: str, contact_point: LiaisonStation | None) -> Comment:  # fmt: skip
    text = _text(text, "text", limit=MAX_COMMENT)
    name = _text(name, "name", limit=50, required=False)
    phone = _text(phone, "phone", limit=30, required=False)
    if phone and not all(c.isdigit() or c in "-+ " for c in phone):
        raise ApplicationError(_("联系电话只能包含数字"), field="phone")
    article = _article(version, article)
    fingerprint = _fingerprint(text)
    first = next(
        (c for c in Comment.objects.filter(version=version, article=article, duplicate_of=None)
         .only("id", "text") if _fingerprint(c.text) == fingerprint),
        None,
    )  # fmt: skip
    for _attempt in range(5):  # a random code colliding with a stored one: draw again
        try:
            with transaction.atomic():
                comment = Comment.objects.create(
                    version=version,
                    article=article,
                    code=_new_code(_today().year),
                    channel=channel,
                    contact_point=contact_point,
                    name=name,
                    phone=phone,
                    text=text,
                    duplicate_of=first,
                    recorded_by=user_of(actor),
                )
                event_record(
                    actor=actor,
                    action="legislation_comment",
                    obj=version.draft,
                    changes={"channel": channel, "article": article, "code": comment.code},
                )
                return comment
        except IntegrityError:
            continue
    raise ApplicationError(_("系统繁忙，请稍后再试"), status=503)


def comment_submit(
    *, version_id: int, text: str, article: int | None = None, name: str = "", phone: str = ""
) -> Comment:
    """A member of the public's comment on a version open for comment (no account; answers the tracking
    code). Refused outside the period."""
    version = Version.objects.select_related("draft").filter(pk=version_id).first()
    today = _today()
    if version is None or version.comment_opens_on is None or version.comment_closes_on is None:
        raise NotFound(_("未找到正在征求意见的法规草案"))
    if not version.comment_opens_on <= today <= version.comment_closes_on:
        raise ApplicationError(
            _("征求意见已于 %(d)s 截止") % {"d": version.comment_closes_on}, code="closed", status=409
        )
    return _comment_create(actor=None, version=version, channel=Channel.ONLINE, article=article, text=text,
                           name=name, phone=phone, contact_point=None)  # fmt: skip


def comment_record(
    *,
    actor: ActorLike,
    version_id: int,
    channel: str,
    text: str,
    article: int | None = None,
    contact_point_id: int | None = None,
    name: str = "",
) -> Comment:
    """Staff enter a comment a grassroots legislative contact point collected (第九十条) or a member's
    deliberation opinion at a reading; any version of a draft still open to change."""
    actor = as_actor(actor)
    version = Version.objects.select_related("draft").filter(pk=version_id).first()
    if version is None:
        raise NotFound(_("未找到该草案文本"))
    spine.require(actor, spine.get_visible(Draft, actor, version.draft), "answer")
    if channel not in (Channel.CONTACT_POINT, Channel.MEMBER):
        raise ApplicationError(_("请选择意见来源"), field="channel")
    point = None
    if channel == Channel.CONTACT_POINT:
        point = LiaisonStation.objects.filter(pk=contact_point_id).first() if contact_point_id else None
        if point is None:
            raise ApplicationError(_("请选择基层立法联系点"), field="contact_point_id")
    return _comment_create(actor=actor, version=version, channel=channel, article=article, text=text,
                           name=name, phone="", contact_point=point)  # fmt: skip


def comment_answer(*, actor: ActorLike, comment_id: int, answer: str, reason: str = "") -> Comment:
    """The lead committee's answer: adopted, partly adopted or not adopted — the last two with the reason."""
    actor = as_actor(actor)
    comment = Comment.objects.select_related("version__draft").filter(pk=comment_id).first()
    if comment is None:
        raise NotFound(_("未找到该意见"))
    spine.require(actor, spine.get_visible(Draft, actor, comment.version.draft), "answer")
    answer = _choice(answer, Answer, "answer")
    reason = _text(reason, "reason", limit=MAX_COMMENT, required=answer != Answer.ADOPTED)
    with transaction.atomic():
        row = Comment.objects.select_for_update().get(pk=comment.pk)
        if row.version.answers_published_on is not None:
            raise ApplicationError(_("该稿的意见采纳情况已公布，不能再修改答复"), field="answer", status=409)
        old = row.answer
        row.answer, row.reason, row.answered_on = answer, reason, _today()
        row.save(update_fields=["answer", "reason", "answered_on", "updated_at"])
        event_record(
            actor=actor,
            action="legislation_comment_answer",
            obj=comment.version.draft,
            changes={"code": row.code, "answer": [old, answer]},
        )
    return row


def comments_answer(*, actor: ActorLike, comment_ids: list[int], answer: str, reason: str = "") -> int:
    """The same answer to several comments (the lead committee answers alike comments together)."""
    if not comment_ids:
        raise ApplicationError(_("请选择要答复的意见"), field="comment_ids")
    with transaction.atomic():  # one refused (answers published) leaves the others unanswered too
        for pk in comment_ids:
            comment_answer(actor=actor, comment_id=pk, answer=answer, reason=reason)
    return len(comment_ids)


def draft_publish_answers(*, actor: ActorLike, draft_id: int | Draft) -> int:
    """The answers to every comment on the versions whose comment period closed go public (the public sees
    what became of its comment, with the next version)."""
    from renda.legislation import selectors

    published: list[int] = []

    def change(d: Draft) -> dict:
        version = selectors.answers_to_publish(d)
        if version is None:
            raise ApplicationError(_("没有待公布的意见采纳情况"), status=409)
        version.answers_published_on = _today()
        version.save(update_fields=["answers_published_on", "updated_at"])
        published.append(version.number)
        return {"version": version.number}

    _acquire(actor, draft_id, "publish_answers", change)
    return published[0]
