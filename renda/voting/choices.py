from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.voting.elections.rules import PostKind
from renda.voting.rules import Choice


class PollKind(models.TextChoices):
    MOTION = "motion", _("表决")  # a resolution, a report, a list voted together
    ELECTION = "election", _("选举")
    APPOINTMENT = "appointment", _("任免")
    # One ballot covering a list of items (Poll.options), a mark per item: 民生实事项目票决 (赞成/反对/弃权,
    # or "choose up to N": Poll.max_choices) and 满意度测评 (满意/基本满意/不满意/弃权).
    LIST = "list", _("清单票决")
    RATING = "rating", _("满意度测评")


LIST_KINDS = (PollKind.LIST, PollKind.RATING)


class RatingChoice(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")
    ABSTAIN = "abstain", _("弃权")


class PollStatus(models.TextChoices):
    DRAFT = "draft", _("未开始")
    OPEN = "open", _("投票中")
    CLOSED = "closed", _("已结束")
    PUBLISHED = "published", _("已公布")


class PollMethod(models.TextChoices):
    ELECTRONIC = "electronic", _("电子表决")
    PAPER = "paper", _("纸质选票")


class PollRound(models.TextChoices):
    REGULAR = "regular", _("正式选举")
    PRELIMINARY = "preliminary", _("预选")
    REVOTE = "revote", _("重新投票")  # among candidates tied at the cut-off
    ANOTHER = "another", _("另行选举")  # for seats left unfilled


class VoteChoice(models.TextChoices):
    YES = Choice.YES.value, _("赞成")
    NO = Choice.NO.value, _("反对")
    ABSTAIN = Choice.ABSTAIN.value, _("弃权")


class PostKindChoice(models.TextChoices):
    HEAD = PostKind.HEAD.value, _("正职（主任、院长、检察长等）")
    DEPUTY_HEAD = PostKind.DEPUTY_HEAD.value, _("副职")
    STANDING_MEMBER = PostKind.STANDING_MEMBER.value, _("常委会委员")
    HIGHER_DEPUTY = PostKind.HIGHER_DEPUTY.value, _("上一级人大代表")


class AppointmentActionChoice(models.TextChoices):
    APPOINT = "appoint", _("任命")
    DISMISS = "dismiss", _("免职")


class Nomination(models.TextChoices):
    PRESIDIUM = "presidium", _("主席团提名")
    JOINT = "joint", _("代表联名提名")


class BallotSource(models.TextChoices):
    ELECTRONIC = "electronic", _("电子")
    STAFF = "staff", _("工作人员代为录入")
    PAPER = "paper", _("纸质选票")
    ASSISTED = "assisted", _("协助投票（代表本人确认）")


class KeyCustody(models.TextChoices):
    """Who holds a sealed poll's private key until the count (docs/voting-secrecy.md)."""

    SERVER = "server", _("服务器密钥库（计票后销毁）")
    SCRUTINEERS = "scrutineers", _("监票人分持（k/n 份）")


class SheetStatus(models.TextChoices):
    PENDING = "pending", _("待第二人录入")
    MATCHED = "matched", _("两人一致")
    MISMATCH = "mismatch", _("两人不一致")
    SETTLED = "settled", _("已裁定")
