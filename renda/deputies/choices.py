"""Enumerations of the deputy record (MISSION §1). Labels are what staff type in the roster."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


# The 56 ethnic groups, in the order of GB/T 3304.
ETHNICITIES = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
]


class Party(models.TextChoices):
    CPC = "cpc", _("中国共产党")
    RCCK = "rcck", _("中国国民党革命委员会")
    CDL = "cdl", _("中国民主同盟")
    CNDCA = "cndca", _("中国民主建国会")
    CAPD = "capd", _("中国民主促进会")
    CPWDP = "cpwdp", _("中国农工民主党")
    CZGD = "czgd", _("中国致公党")
    JS = "js", _("九三学社")
    TDSGL = "tdsgl", _("台湾民主自治同盟")
    NONE_PARTY = "nonparty", _("无党派人士")
    MASSES = "masses", _("群众")


class Occupation(models.TextChoices):
    """代表构成 categories used in deputies' statistics."""

    WORKER = "worker", _("工人")
    FARMER = "farmer", _("农民")
    PROFESSIONAL = "professional", _("专业技术人员")
    OFFICIAL = "official", _("党政干部")
    BUSINESS = "business", _("企业负责人")
    MILITARY = "military", _("解放军和武警")
    OTHER = "other", _("其他")


class CongressLevelHeld(models.TextChoices):
    """Levels of congress at which the person is a deputy (a person may be one at several)."""

    NATIONAL = "national", _("全国")
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    COUNTY = "county", _("县（区）")
    TOWNSHIP = "township", _("乡镇")


class DeputyStatus(models.TextChoices):
    ACTIVE = "active", _("在任")
    TERMINATED = "terminated", _("资格终止")
    SUSPENDED = "suspended", _("暂停执行代表职务")


class TerminationReason(models.TextChoices):
    """代表资格终止的情形 (代表法 “代表资格的停止和终止”)."""

    MOVED = "moved", _("迁出或者调离本行政区域")
    RESIGNED = "resigned", _("辞职被接受")
    ABSENT = "absent", _("未经批准两次不出席本级人民代表大会会议")
    RECALLED = "recalled", _("被罢免")
    NATIONALITY = "nationality", _("丧失中华人民共和国国籍")
    DEPRIVED = "deprived", _("依照法律被剥夺政治权利")
    DIED = "died", _("死亡")
    OTHER = "other", _("其他")


class CommitteePosition(models.TextChoices):
    CHAIR = "chair", _("主任")
    VICE_CHAIR = "vice_chair", _("副主任")
    SECRETARY_GENERAL = "secretary_general", _("秘书长")
    MEMBER = "member", _("委员")


# 主任会议 = 主任、副主任、秘书长 (组织法 第51条 ff.)
COUNCIL_POSITIONS = frozenset(
    {CommitteePosition.CHAIR, CommitteePosition.VICE_CHAIR, CommitteePosition.SECRETARY_GENERAL}
)
