"""Reading a scene from text: setting, time of day, weather and who is in it.

Shared by the planner (to carry the setting from shot to shot) and by the sketch keyframe
renderer (to draw it). English words and Chinese words map to the same vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import TypeVar

from storyreel.text.sentences import unquoted
from storyreel.text.words import heads_its_word


class Setting(str, Enum):
    """The kinds of place the sketch renderer can draw."""

    FOREST = "forest"
    CITY = "city"
    TOWN = "town"
    RIVER = "river"
    SEA = "sea"
    MOUNTAIN = "mountains"
    VILLAGE = "village"
    INTERIOR = "interior"
    WORKSHOP = "workshop"
    DESERT = "desert"
    FIELD = "field"


class TimeOfDay(str, Enum):
    DAWN = "dawn"
    DAY = "day"
    DUSK = "dusk"
    NIGHT = "night"


class Weather(str, Enum):
    CLEAR = "clear"
    RAIN = "rain"
    SNOW = "snow"
    FOG = "fog"
    STORM = "storm"


class Subject(str, Enum):
    PERSON = "person"
    CHILD = "child"
    ELDER = "elder"
    ANIMAL = "animal"
    BIRD = "bird"
    BOAT = "boat"


# Places: (the English words a prompt uses, what the sketch draws, English word stems,
# Chinese words), each a regex alternation. The first mention in a text wins; longer Chinese
# words come before their parts ("灯塔" before "塔").
PLACES: tuple[tuple[str, Setting, str, str], ...] = (
    ("lighthouse by the sea", Setting.SEA, "lighthouse", "灯塔"),
    ("harbour", Setting.SEA, "harbou?r|port|pier|docks?|wharf", "港口|码头|港"),
    (
        "seashore",
        Setting.SEA,
        "sea|ocean|beach|shore|coast|waves?",
        "大海|海边|海岸|沙滩|海浪|海水|海",
    ),
    ("ferry landing on a river", Setting.RIVER, "ferry (?:landing|dock|crossing)", "渡口"),
    ("bridge over a river", Setting.RIVER, "bridge", "石桥|桥"),
    (
        "riverbank",
        Setting.RIVER,
        "river|riverbank|stream|creek|canal|brook",
        "河边|江边|小河|河水|江水|河|江|溪",
    ),
    ("waterfall", Setting.MOUNTAIN, "waterfalls?|falls", "瀑布"),
    ("pond", Setting.RIVER, "pond", "池塘|水塘"),
    ("lake shore", Setting.RIVER, "lake", "湖边|湖面|湖上|湖水|湖"),
    (
        "bicycle repair shop",
        Setting.WORKSHOP,
        "bike shop|bicycle shop|bicycle repair shop|repair shop",
        "修车铺|修车店|车铺",
    ),
    ("workshop", Setting.WORKSHOP, "workshop|workbench|forge|studio", "作坊|工坊|工作室|铺子"),
    ("kitchen", Setting.INTERIOR, "kitchen", "厨房"),
    ("bedroom", Setting.INTERIOR, "bedroom", "卧室"),
    ("teahouse", Setting.INTERIOR, "tea ?house|tea ?room|caf[eé]", "茶馆|茶楼|茶室|咖啡馆"),
    ("shop", Setting.INTERIOR, "shop|store|bakery", "商店|店里|店"),
    (
        "stage of a school hall",
        Setting.INTERIOR,
        r"stage|auditorium|assembly hall|school hall|school play|front row|theat(?:re|er)|"
        r"audience|the hall was (?:full|packed|crowded)",
        "舞台|礼堂|后台|剧场|剧院",
    ),
    ("classroom", Setting.INTERIOR, "school|classroom", "学校|教室"),
    ("library", Setting.INTERIOR, "library", "图书馆"),
    (
        "stairwell of an apartment block",
        Setting.INTERIOR,
        "tower block|apartment block|block of flats|stairs|staircase|stairwell|corridor|hallway|"
        "lift|elevator",
        "楼道|楼梯|电梯|走廊|公寓楼",
    ),
    ("post office", Setting.INTERIOR, "post office", "邮局|邮电局|邮政所"),
    (
        "room",
        Setting.INTERIOR,
        # "Inside, ...", "went inside"; not "Inside were photographs" (inside a box)
        r"room|inside(?=\s*,)|(?:went|came|ran|got|get|go|come|stepped|hurried)\s+inside"
        r"|indoors|house|hall|castle|attic|fireside|fireplace",
        # 住在阿花家 (her name blanked before the scene is read): at her home
        # 炕: the heated brick bed of a northern farmhouse's room
        r"房间|屋里|屋内|室内|家里|家中|回家|回了家|到家|在家|(?<=[在到回进] )家|大厅|城堡|阁楼"
        r"|屋|炕|火炉边|火炉旁|炉边|壁炉",
    ),
    ("market stall", Setting.TOWN, "market stall|street stall|booth", "摊子|小摊|摊位|摊"),
    ("market street", Setting.TOWN, "market|bazaar", "集市|市场"),
    (
        "town street",
        Setting.TOWN,
        "town|street|streets|alley|lane|square",
        "小镇|镇上|县城|镇|街道|街|巷子|小巷|胡同|巷|广场",
    ),
    (
        "train carriage",
        Setting.INTERIOR,
        r"(?:railway |train )?carriage|compartment"
        r"|on (?:the|a|board the|board a) (?:[a-z]+ )?train",
        "车厢|火车上|列车上",
    ),
    (
        "inside a bus",
        Setting.INTERIOR,
        r"on (?:the|a) (?:[a-z]+ )?bus|(?:bus|coach) (?:seat|aisle|window)s?",
        "公交车上|公共汽车上|大巴上|车上|车厢里",
    ),
    # 医院站: the stop at the hospital, not the hospital; 医院门口: outside it
    (
        "bus stop",
        Setting.TOWN,
        "bus stop|bus shelter",
        r"公交站|汽车站|车站牌|站牌|(?:医院|学校|公园|市场|广场|路口|村口|小区|商场|大桥|中学|小学)站",
    ),
    (
        "outside the entrance of a building",
        Setting.TOWN,
        r"outside (?:the|a|her|his) (?:hospital|clinic|school|shop|station|church|library|bakery|"
        r"house|caf[eé]|bank|hotel|theatre|cinema)",
        r"(?:医院|学校|商店|店|邮局|图书馆|教堂|车站)(?:的)?(?:大门口|门口|门前|外面|外边)",
    ),
    ("railway station", Setting.TOWN, "station|platform", "火车站|车站|月台|站台"),
    (
        "city",
        Setting.CITY,
        "city|downtown|skyscrapers?",
        # 上海 is a city, not "on the sea"
        "城市|都市|大楼|城里|上海|北京|广州|深圳|天津|南京|杭州|武汉|成都|重庆|西安|香港",
    ),
    ("forest", Setting.FOREST, "forest|woods?|jungle|grove|trees", "森林|树林|林子|丛林"),
    ("mountain path", Setting.MOUNTAIN, "mountain (?:path|trail|road)|trail", "山路|山道|山间小路"),
    (
        "mountains",
        Setting.MOUNTAIN,
        "mountains?|hills?|peak|cliff|valley|summit",
        "山顶|山谷|山沟|悬崖|山脚|山坡|山|峰",
    ),
    (
        "village",
        Setting.VILLAGE,
        "village|farm|cottage|hut|barn",
        "村庄|村子|农场|小屋|茅屋|农舍|村",
    ),
    ("desert", Setting.DESERT, "desert|dunes?", "沙漠|沙丘"),
    ("railway line", Setting.FIELD, "railway|railroad|tracks|rails", "铁路|铁轨"),
    ("bandstand in a park", Setting.FIELD, "bandstand|gazebo|pavilion", "凉亭|亭子"),
    ("park", Setting.FIELD, "park|playground", "公园|游乐场"),
    ("garden", Setting.FIELD, "garden|yard", "花园|院子|菜园|菜地"),
    ("orchard", Setting.FIELD, "orchard", "果园"),
    ("country road", Setting.FIELD, "road|path|track", "路上|小路|公路|山路|马路|道路"),
    ("tent", Setting.VILLAGE, "tent|yurt", "帐篷|蒙古包"),
    ("church", Setting.TOWN, "church|chapel|cathedral", "教堂"),
    ("temple", Setting.MOUNTAIN, "temple|shrine", "寺庙|寺|庙"),
    ("hospital ward", Setting.INTERIOR, "hospital|ward|clinic", "医院|病房"),
    ("cave", Setting.MOUNTAIN, "cave|cavern", "山洞|洞穴"),
    ("island", Setting.SEA, "island|islet", "小岛|岛上|岛"),
    ("porch of a house", Setting.VILLAGE, "porch|veranda|doorstep", "门廊|台阶"),
    ("meadow", Setting.FIELD, "field|meadow|grass|plain", "田野|草地|草原|原野|田"),
)
# a word for any place of its kind: after a particular one of that kind, that one
_GENERIC_PLACES = {"workshop"}
_TIME_WORDS: dict[TimeOfDay, tuple[str, str]] = {
    TimeOfDay.DAWN: (
        "dawn|sunrise|daybreak|morning",
        "黎明|日出|清晨|早晨|拂晓|早上|一早|一大早|天快亮|天亮|天刚亮",
    ),
    TimeOfDay.DAY: ("noon|midday|afternoon|daylight|sunny|sunshine", "中午|正午|下午|白天|阳光"),
    TimeOfDay.DUSK: (
        "dusk|sunset|evening|twilight|before dark|(?:street ?)?(?:lamps|lights) came on",
        "黄昏|日落|傍晚|夕阳|天黑以前|天黑前|天快黑|路灯亮",
    ),
    TimeOfDay.NIGHT: (
        "night|midnight|moon|moonlight|stars|dark",
        "夜晚|夜|晚上|深夜|半夜|月亮|月光|星星|黑暗|天黑",
    ),
}
_WEATHER_WORDS: dict[Weather, tuple[str, str]] = {
    # "the rain stopped" is clear weather: at the same place, the longer match wins
    Weather.STORM: (
        "storm|thunder|lightning|gale|hurricane|(?:black|dark|storm) clouds|strong wind",
        "暴风|雷声|雷|闪电|暴雨|风暴|乌云|黑云|大风|狂风",
    ),
    # not "yellow rain boots", a rain hat or a rain cape: those are worn, sun or rain
    Weather.RAIN: (
        r"rain(?!\s+(?:boots?|hat|cape|jacket|gear))|raining|rainy|drizzle|shower",
        "雨点|雨滴|雨",
    ),
    Weather.SNOW: ("snow|snowing|snowy|blizzard|frost|winter", "雪花|雪|冬天|霜"),
    Weather.FOG: ("fog|foggy|mist|misty|haze", "雾|薄雾"),
    Weather.CLEAR: (
        "clear sky|clear skies|cloudless|rain (?:had )?(?:finally )?stopp(?:ed|ing)|storm passed|"
        "stopped raining|(?:fog|mist) (?:lifted|cleared)|in (?:the )?(?:spring|summer)",
        "雨停|雪停|晴|万里无云|放晴|雾(?:渐渐|慢慢)?散|雾气(?:渐渐|慢慢)?散|春天|夏天|开春",
    ),
}
_ORIGIN = re.compile(
    r"\b(?:home|back|away)?\s*from\s+(?:the|a|an|his|her|their|its)\s+[\w-]+(?:\s+[\w-]+)?"
    r"|从[^，。！？、,.!?]{1,8}?(?:回来|出来|赶来|来|回|出发)",
    re.IGNORECASE,
)
# a clause that says where someone works or lives day by day ("爸爸在城里的工地上干活", "her
# son worked in the city"): where they are, not always where the story is now
_AWAY = re.compile(
    r"[^，。！？；,.!?;“”\"]*?在[^，。！？；,.!?;“”\"]{1,10}?"
    r"(?:干活|工作|上班|打工|上学|读书|当兵|做工|做生意)[^，。！？；,.!?;“”\"]*"
    r"|[^,.;!?\"“”]*\b(?:worked|works|studied|studies|lived|lives|was away|were away)\s+"
    r"(?:in|at|on)\s+[^,.;!?\"“”]*",
    re.IGNORECASE,
)


def away_clauses(text: str) -> list[tuple[int, int, str]]:
    """The clauses that say where someone is day by day, each with its place: (start, end,
    place)."""
    found = [(m.start(), m.end(), read_scene(m[0]).place) for m in _AWAY.finditer(text)]
    return [(start, end, place) for start, end, place in found if place is not None]


# "山脚下有一个小火车站", "By the hill there stood a station": the place the story says is
# there is the shot's, the one before it only says where that is
_THERE_IS = re.compile(
    r"\bthere\s+(?:was|were|is|are|stood|stands)\b|有(?:一|几)[个座家间所条片栋处]",
    re.IGNORECASE,
)
_THERE_IS_REACH = 24  # characters after it in which to look for the place
_NEW_DAY = re.compile(
    r"\b(?:one|next|following|another|that)\s+(?:day|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|spring|summer|autumn|winter)\b|\b(?:the\s+)?next\s+day\b|"
    r"\b(?:days|weeks|months|years)\s+later\b|\b(?:by|in)\s+(?:the\s+)?(?:spring|summer|autumn|"
    r"fall|winter)\b|\bon\s+the\s+(?:last|first)\s+(?:day|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday)\b|有一天|一天|第二天|次日|某天|几天后|这一天|那天|这天|"
    r"过年|除夕|大年|春节|第二年|到了(?:春天|夏天|秋天|冬天)",
    re.IGNORECASE,
)
_SUBJECT_WORDS: dict[Subject, tuple[str, str]] = {
    Subject.ELDER: (
        "old man|old woman|grandfather|grandmother|grandpa|grandma|elder|keeper|king|queen",
        "老人|爷爷|奶奶|老爷爷|老奶奶|老者|国王|王后|老",
    ),
    Subject.CHILD: ("child|children|boy|girl|kid|kids|baby", "孩子|男孩|女孩|小孩|婴儿|儿子|女儿"),
    Subject.PERSON: (
        "man|woman|he|she|they|someone|traveller|traveler|stranger|people|friend|mother|father",
        "他|她|男人|女人|人|旅人|陌生人|朋友|妈妈|爸爸|母亲|父亲",
    ),
    Subject.ANIMAL: (
        "cat|dog|fox|wolf|horse|deer|rabbit|bear|tiger|squirrel|mouse|monkey|pig",
        "猫|狗|狐狸|狼|马|鹿|兔|熊|虎|松鼠|老鼠|猴|猪",
    ),
    Subject.BIRD: ("bird|birds|crow|owl|eagle|sparrow|gull|seagull", "鸟|乌鸦|猫头鹰|鹰|麻雀|海鸥"),
    Subject.BOAT: ("boat|ship|sail|sailboat|canoe", "船|帆"),
}


def _compile(words: tuple[str, str]) -> re.Pattern[str]:
    english, chinese = words
    return re.compile(rf"\b(?:{english})\b|{chinese}", re.IGNORECASE)


# each place's own English words too: a prompt that says "seashore" is read back as the sea
_PLACES = [
    (english, setting, _compile((f"{re.escape(english)}|{en}", zh)))
    for english, setting, en, zh in PLACES
]
_TIMES = {key: _compile(words) for key, words in _TIME_WORDS.items()}
_WEATHERS = {key: _compile(words) for key, words in _WEATHER_WORDS.items()}
_SUBJECTS = {key: _compile(words) for key, words in _SUBJECT_WORDS.items()}


@dataclass(frozen=True)
class SceneReading:
    """What a piece of text says about the scene; None where it says nothing."""

    setting: Setting | None = None
    time: TimeOfDay | None = None
    weather: Weather | None = None
    subjects: tuple[Subject, ...] = field(default_factory=tuple)
    place: str | None = None  # the place in English words ("riverbank"), drawn as `setting`
    new_day: bool = False  # "One Sunday", "第二天": the time of day carried so far is over

    def carried_from(self, earlier: SceneReading) -> SceneReading:
        """Fill what this text leaves unsaid from an earlier shot (subjects are not carried)."""
        time_changed = self.new_day or (self.time is not None and self.time != earlier.time)
        # 修车铺 ... 把她让进铺子里: the shop's own word for the shop already there
        moved = self.setting is not None and not (
            self.place in _GENERIC_PLACES and self.setting is earlier.setting
        )
        return SceneReading(
            setting=self.setting or earlier.setting,
            time=self.time or (None if self.new_day else earlier.time),
            # A new time of day is a new moment: earlier weather no longer holds.
            weather=self.weather or (None if time_changed else earlier.weather),
            subjects=self.subjects,
            place=self.place if moved else earlier.place,
        )

    def describe(self, place: bool = True) -> str:
        """English words naming this scene, for a visual prompt (without its place: when the
        prompt already names it)."""
        words = [self.place or (self.setting.value if self.setting else "")] if place else []
        if self.time:
            words.append({TimeOfDay.DAY: "daylight"}.get(self.time, self.time.value))
        if self.weather:
            words.append({Weather.CLEAR: "clear sky"}.get(self.weather, self.weather.value))
        return ", ".join(word for word in words if word)


_Key = TypeVar("_Key")


def _search(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The first match that names what its word names (山 of 山顶, not 雨 of 雨伞)."""
    return next((m for m in pattern.finditer(text) if heads_its_word(text, *m.span())), None)


def _first(patterns: list[tuple[_Key, re.Pattern[str]]], text: str) -> _Key | None:
    """The key of the earliest mention; at the same place, the longer words win ("the rain
    stopped" is clear weather, "灯塔" a lighthouse rather than a tower)."""
    best: tuple[int, int, _Key] | None = None
    for key, pattern in patterns:
        match = _search(pattern, text)
        if match and (best is None or (match.start(), -len(match[0])) < best[:2]):
            best = (match.start(), -len(match[0]), key)
    return best[2] if best else None


def _places_blanked(text: str, blank: Callable[[str, re.Match[str]], bool]) -> str:
    """The text with each place word for which `blank(text, match)` holds blanked."""
    for _english, _setting, pattern in _PLACES:
        for match in pattern.finditer(text):
            if blank(text, match):
                text = text[: match.start()] + " " * len(match[0]) + text[match.end() :]
    return text


def _says_whose(text: str, match: re.Match[str]) -> bool:
    """A Chinese place word that says whose or which thing follows ("家里的五头牛": the
    family's cows, not a room); what follows is where the shot is."""
    return text.startswith("的", match.end()) and "\u3400" <= match[0][0] <= "\u9fff"


# where someone will go, not where they are: "爸爸的工作调到了上海", "was moving to the city"
_GOING_TO = re.compile(
    r"(?:调到|调去|搬到|搬去|要去|想去|将去|准备去)了?$|"
    r"\b(?:moving|move|moved|going|transferred|posted)\s+to\s+(?:the\s+|a\s+)?$",
    re.IGNORECASE,
)


def _not_here(text: str, match: re.Match[str]) -> bool:
    """An English place word that is not where the shot is: one that says which person or
    thing ("the school caretaker"), a part of where it already is ("the path nearby"), or
    one only talked or thought of ("told him stories about the hospital")."""
    return bool(
        _EN_MODIFIED.match(text, match.end())
        or _NEARBY.match(text, match.end())
        or _TALKED_OF.search(text, max(0, match.start() - 40), match.start())
        or _GOING_TO.search(text, max(0, match.start() - 30), match.start())
    )


# "stories about the hospital", "dreamed of the sea": a place in mind, not around them
_TALKED_OF = re.compile(
    r"\b(?:about|dreamed of|dreamt of|thought of|talked of|spoke of|remembered|missed)\s+"
    r"(?:(?:the|a|an|his|her|their|my|our)\s+)?(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)


# "sweeping the path nearby": a part of where the shot already is, not a new place
_NEARBY = re.compile(r"\s+(?:nearby|close by|near by)\b", re.IGNORECASE)
# an English place word before a noun that it only says which one of ("the school
# caretaker", "a library book", "the village children"): no place
_EN_MODIFIED = re.compile(
    r"\s+(?:caretaker|janitor|teacher|master|keeper|porter|guard|doctor|children|kids|boys?|"
    r"girls?|friends?|bus|books?|uniform|bag|card|trip|holidays?|records?)\b",
    re.IGNORECASE,
)


def read_scene(text: str) -> SceneReading:
    """Read setting, time, weather (first mention wins) and up to three subjects."""
    subjects: list[Subject] = []
    occupied: list[tuple[int, int]] = []
    for subject, pattern in _SUBJECTS.items():  # specific kinds first: "old man" before "man"
        for match in pattern.finditer(text):
            span = (match.start(), match.end())
            if any(start < span[1] and span[0] < end for start, end in occupied):
                continue
            occupied.append(span)
            if subject not in subjects:
                subjects.append(subject)
    # what someone says is not what is seen ("等雪停了再去吧": it is still snowing), and
    # where someone comes from is not where the shot is ("lost her way home from the
    # lighthouse", "从老家来到城里")
    text = unquoted(text)
    here = _places_blanked(_ORIGIN.sub(lambda m: " " * len(m[0]), text), _not_here)
    places = [((english, setting), pattern) for english, setting, pattern in _PLACES]
    there = _THERE_IS.search(here)
    place = _first(places, here[there.end() : there.end() + _THERE_IS_REACH]) if there else None
    place = place or _first(places, _places_blanked(here, _says_whose)) or _first(places, here)
    if place is not None:  # the most particular place of that kind the text names: the
        # lighthouse rather than the sea it stands by
        place = next(
            (english, setting)
            for english, setting, pattern in _PLACES
            if setting is place[1] and _search(pattern, here)
        )
    return SceneReading(
        setting=place[1] if place else None,
        time=_first(list(_TIMES.items()), text),
        weather=_first(list(_WEATHERS.items()), text),
        subjects=tuple(subjects[:3]),
        place=place[0] if place else None,
        new_day=_NEW_DAY.search(text) is not None,
    )
