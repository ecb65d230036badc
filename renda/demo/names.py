"""The demo city's fixed data: its name, districts, departments, committees, stations, name stock and the
demo logins. Pure constants; `plan.py` draws the city from them with a seed."""

from __future__ import annotations

import datetime as dt

from renda.core.roles import Role
from renda.organization.choices import UnitKind
from renda.organization.models import LiaisonStation

DEFAULT_SEED = 2026
CITY = "江临市"
CONGRESS_NAME = "江临市人民代表大会"
CITY_CODE = "339900"  # fictional: province 33, an unused city code
TERM_NUMBER = 16
TERM_START = dt.date(2022, 1, 6)
SC_START = dt.date(2022, 1, 9)
HANDLER_UNIT_NAME = "江临市交通运输局"

# (name, region code, number of deputies). Region codes are fictional (the city itself is).
DISTRICTS = [
    ("临江区", "339902", 60),
    ("江北区", "339903", 55),
    ("江南区", "339904", 55),
    ("东湖区", "339905", 45),
    ("西山区", "339906", 40),
    ("新港区", "339907", 35),
    ("青溪县", "339921", 45),
    ("云岭县", "339922", 40),
    ("白石县", "339923", 35),
    ("丰安县", "339924", 40),
    ("长乐市", "339981", 40),
]
MILITARY_DELEGATION = ("中国人民解放军驻江临部队代表团", 12)
OTHER_REGION_CODES = ["320102", "330106", "340104", "360102", "410105", "420106", "430102", "510107"]


def _words(text: str) -> list[str]:
    return text.split()


SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任"
    "卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔"
)
MALE_CHARS = "伟强军磊勇杰涛斌超明刚平辉鹏华飞鑫波宁俊峰浩建国志海东亮林文新成康晨昊宇航毅清锋健振彬翔立松"
FEMALE_CHARS = "芳娜敏静丽艳娟霞秀玲燕红梅莉兰琳洁颖婷雪慧晶倩璐萍瑶怡佳欣悦岚蕾薇琼丹秋月春"
TOWN_WORDS = _words(
    "城关 桃源 白沙 石桥 东坝 清水 梅林 新塘 龙泉 杏花 柳溪 望江 长岭 双河 金田 青山 云峰 丰乐 滨江 南湖"
)
VILLAGE_WORDS = _words("前进 红星 光明 新华 和平 幸福 联合 胜利 东风 团结 永安 兴隆 太平 安乐 富民 同心")
ROADS = _words("人民路 解放路 江滨大道 市民大道 中山路 建设路 文化路 新华路 胜利路 环城东路 环城西路 湖滨路")
BRANDS = _words("恒远 华瑞 新天 宏达 金桥 锦程 中宇 瑞丰 汇通 嘉和 永鑫 博远 天成 润达 明诚 致远")
INDUSTRIES = _words("科技 电子 新材料 食品 纺织 建设 物流 生物医药 机械 汽车零部件 文化传媒 环保")
MOBILE_PREFIXES = _words(
    "130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 180 182 183 186 187 188 189 199"
)
AREA_CODE = "0589"  # fictional city, fictional area code
RECEPTION_DAYS = ["每月9日、19日", "每月10日、20日", "每月5日、15日、25日", "每周三上午", "每月第一个星期五"]
MINORITIES = ["回族", "畲族", "满族", "土家族", "苗族", "壮族", "蒙古族"]

SPECIAL_COMMITTEES = [
    ("法制委员会", "法制委"),
    ("财政经济委员会", "财经委"),
    ("教育科学文化卫生委员会", "教科文卫委"),
    ("城乡建设环境保护委员会", "城建环保委"),
    ("农业与农村委员会", "农业农村委"),
    ("民族宗教侨务外事委员会", "民宗侨外委"),
    ("社会建设委员会", "社会建设委"),
    ("监察和司法委员会", "监察司法委"),
]
WORKING_BODIES = [
    ("办公厅", "办公厅"),
    ("法制工作委员会", "法工委"),
    ("预算工作委员会", "预工委"),
    ("代表工作委员会（选举联络工作委员会）", "选联工委"),
    ("研究室", "研究室"),
]

# Government departments (short name without the city) and their sub-units.
GOV_DEPARTMENTS: list[tuple[str, list[str]]] = [
    ("人民政府办公室", []),
    ("发展和改革委员会", []),
    ("教育局", ["教育考试院"]),
    ("科学技术局", []),
    ("经济和信息化局", []),
    ("公安局", ["公安局交通警察支队", "公安局临江分局", "公安局江北分局"]),
    ("民政局", []),
    ("司法局", []),
    ("财政局", []),
    ("人力资源和社会保障局", ["社会保险事业管理中心"]),
    ("自然资源和规划局", ["自然资源和规划局临江分局"]),
    ("生态环境局", ["生态环境局江北分局"]),
    ("住房和城乡建设局", ["住房公积金管理中心"]),
    ("交通运输局", ["公路与运输管理中心", "港航管理中心"]),
    ("水利局", []),
    ("农业农村局", []),
    ("商务局", []),
    ("文化广电旅游局", []),
    ("卫生健康委员会", ["疾病预防控制中心", "第一人民医院"]),
    ("退役军人事务局", []),
    ("应急管理局", []),
    ("审计局", []),
    ("市场监督管理局", []),
    ("统计局", []),
    ("医疗保障局", []),
    ("城市管理局", ["城市管理综合执法支队"]),
    ("体育局", []),
    ("林业局", []),
    ("信访局", []),
    ("数据资源管理局", []),
    ("国有资产监督管理委员会", []),
    ("机关事务管理局", []),
]
OTHER_UNITS = [
    ("江临市监察委员会", "市监委", UnitKind.SUPERVISORY),
    ("江临市中级人民法院", "市中院", UnitKind.COURT),
    ("江临市人民检察院", "市检察院", UnitKind.PROCURATORATE),
    ("国家税务总局江临市税务局", "市税务局", UnitKind.OTHER),
    ("江临市邮政管理局", "市邮政管理局", UnitKind.OTHER),
    ("国网江临供电公司", "供电公司", UnitKind.OTHER),
    ("江临市总工会", "市总工会", UnitKind.OTHER),
    ("江临市妇女联合会", "市妇联", UnitKind.OTHER),
]

# (name, kind, district index)
STATIONS = [
    ("临江区滨江街道人大代表之家", LiaisonStation.Kind.HOME, 0),
    ("临江区望江街道代表联络站", LiaisonStation.Kind.STATION, 0),
    ("江北区城北街道代表联络站", LiaisonStation.Kind.STATION, 1),
    ("江北区长岭社区代表联络点", LiaisonStation.Kind.POINT, 1),
    ("江南区南湖街道人大代表之家", LiaisonStation.Kind.HOME, 2),
    ("江南区科技园代表联络站", LiaisonStation.Kind.STATION, 2),
    ("东湖区湖滨街道代表联络站", LiaisonStation.Kind.STATION, 3),
    ("西山区西岭镇人大代表之家", LiaisonStation.Kind.HOME, 4),
    ("新港区港城街道代表联络站", LiaisonStation.Kind.STATION, 5),
    ("青溪县城关镇人大代表之家", LiaisonStation.Kind.HOME, 6),
    ("青溪县桃源乡代表联络点", LiaisonStation.Kind.POINT, 6),
    ("云岭县云峰镇代表联络站", LiaisonStation.Kind.STATION, 7),
    ("白石县白沙镇代表联络站", LiaisonStation.Kind.STATION, 8),
    ("丰安县丰乐镇人大代表之家", LiaisonStation.Kind.HOME, 9),
    ("长乐市长兴街道代表联络站", LiaisonStation.Kind.STATION, 10),
]

# The logins printed at the end: (username, roles, what the account is for).
DEMO_LOGINS = [
    ("deputy", [Role.DEPUTY], "代表（已关联代表档案）"),
    ("staff", [Role.STAFF], "人大工作人员（代表工委）"),
    ("handler", [Role.UNIT_HANDLER], f"承办单位经办人（{HANDLER_UNIT_NAME}）"),
    ("unitleader", [Role.UNIT_LEADER], f"承办单位负责人（{HANDLER_UNIT_NAME}）"),
    ("leader", [Role.LEADER, Role.DEPUTY], "主任会议成员（常委会副主任，亦为代表）"),
    ("keeper", [Role.STATION_KEEPER], f"联络站站长（{STATIONS[0][0]}）"),
    ("auditor", [Role.AUDITOR], "审计/纪检（只读）"),
    ("admin", [Role.ADMIN], "系统管理员"),
]
