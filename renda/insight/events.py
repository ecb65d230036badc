"""The audit-trail actions of routing and hot topics (registered with renda.core.events in apps.ready)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "routing_train": _("训练交办推荐"),
    "routing_activate": _("启用交办推荐"),
    "topics_compute": _("计算热点议题"),
}
FIELDS = {
    "cv": _("交叉验证"),
    "items": _("件数"),
    "n": _("样本数"),
    "topics": _("议题数"),
    "version": _("版本"),
}
