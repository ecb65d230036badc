from django.db import models
from django.utils.translation import gettext_lazy as _


class CongressLevel(models.TextChoices):
    """人民代表大会的层级 (宪法 第97条; 组织法)."""

    NATIONAL = "national", _("全国")
    PROVINCE = "province", _("省级")
    CITY = "city", _("设区的市级")
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡镇级")


class CommitteeKind(models.TextChoices):
    SPECIAL = "special", _("专门委员会")
    WORKING = "working", _("工作机构")


class UnitKind(models.TextChoices):
    """承办单位类别: 一府一委两院 and others."""

    GOVERNMENT = "government", _("政府部门")
    SUPERVISORY = "supervisory", _("监察委员会")
    COURT = "court", _("人民法院")
    PROCURATORATE = "procuratorate", _("人民检察院")
    OTHER = "other", _("其他单位")
