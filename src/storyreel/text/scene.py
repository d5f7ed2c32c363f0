"""Reading a scene from text: setting, time of day, weather and who is in it.

Shared by the planner (to carry the setting from shot to shot) and by the sketch keyframe
renderer (to draw it). English words and Chinese words map to the same vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import TypeVar


class Setting(str, Enum):
    FOREST = "forest"
    CITY = "city"
    SEA = "sea"
    MOUNTAIN = "mountains"
    VILLAGE = "village"
    INTERIOR = "interior"
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


_SETTING_WORDS: dict[Setting, tuple[str, str]] = {
    # (English word stems, Chinese words), each a regex alternation
    Setting.FOREST: ("forest|wood|woods|tree|trees|jungle|grove", "森林|树林|林子|丛林|树"),
    Setting.CITY: (
        "city|street|streets|town square|downtown|skyscraper|alley|market",
        "城市|街道|街|都市|大楼|巷|市场|城里",
    ),
    Setting.SEA: (
        "sea|ocean|beach|shore|harbou?r|waves?|lighthouse|coast|lake|river",
        "大海|海边|海|沙滩|港口|灯塔|海岸|湖|河|江",
    ),
    Setting.MOUNTAIN: ("mountains?|hills?|peak|cliff|valley|summit", "山|峰|悬崖|山谷|山顶"),
    Setting.VILLAGE: ("village|farm|cottage|hut|barn", "村|村庄|农场|小屋|茅屋|农舍"),
    Setting.INTERIOR: (
        "room|kitchen|inside|indoors|house|hall|library|bedroom|shop|castle",
        "房间|屋里|厨房|室内|家里|大厅|图书馆|卧室|店|城堡|屋",
    ),
    Setting.DESERT: ("desert|dunes?|sand", "沙漠|沙丘"),
    Setting.FIELD: ("field|meadow|garden|grass|plain|park", "田野|草地|花园|草原|原野|公园|田"),
}
_TIME_WORDS: dict[TimeOfDay, tuple[str, str]] = {
    TimeOfDay.DAWN: ("dawn|sunrise|daybreak|morning", "黎明|日出|清晨|早晨|拂晓|早上"),
    TimeOfDay.DAY: ("noon|midday|afternoon|daylight|sunny|sunshine", "中午|正午|下午|白天|阳光"),
    TimeOfDay.DUSK: ("dusk|sunset|evening|twilight", "黄昏|日落|傍晚|夕阳"),
    TimeOfDay.NIGHT: (
        "night|midnight|moon|moonlight|stars|dark",
        "夜|晚上|深夜|半夜|月亮|月光|星星|黑暗",
    ),
}
_WEATHER_WORDS: dict[Weather, tuple[str, str]] = {
    Weather.STORM: ("storm|thunder|lightning|gale|hurricane", "暴风|雷|闪电|暴雨|风暴"),
    Weather.RAIN: ("rain|raining|rainy|drizzle|shower", "雨"),
    Weather.SNOW: ("snow|snowing|snowy|blizzard|frost|winter", "雪|冬天|霜"),
    Weather.FOG: ("fog|foggy|mist|misty|haze", "雾|薄雾"),
    Weather.CLEAR: ("clear sky|clear skies|cloudless", "晴|万里无云"),
}
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
        "cat|dog|fox|wolf|horse|deer|rabbit|bear|tiger",
        "猫|狗|狐狸|狼|马|鹿|兔|熊|虎",
    ),
    Subject.BIRD: ("bird|birds|crow|owl|eagle|sparrow|gull|seagull", "鸟|乌鸦|猫头鹰|鹰|麻雀|海鸥"),
    Subject.BOAT: ("boat|ship|sail|sailboat|canoe", "船|帆"),
}


def _compile(words: tuple[str, str]) -> re.Pattern[str]:
    english, chinese = words
    return re.compile(rf"\b(?:{english})\b|{chinese}", re.IGNORECASE)


_SETTINGS = {key: _compile(words) for key, words in _SETTING_WORDS.items()}
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

    def carried_from(self, earlier: SceneReading) -> SceneReading:
        """Fill what this text leaves unsaid from an earlier shot (subjects are not carried)."""
        time_changed = self.time is not None and self.time != earlier.time
        return SceneReading(
            setting=self.setting or earlier.setting,
            time=self.time or earlier.time,
            # A new time of day is a new moment: earlier weather no longer holds.
            weather=self.weather or (None if time_changed else earlier.weather),
            subjects=self.subjects,
        )

    def describe(self) -> str:
        """English words naming this scene, for a visual prompt."""
        words = [value.value for value in (self.setting, self.time, self.weather) if value]
        return ", ".join(words)


_Key = TypeVar("_Key", Setting, TimeOfDay, Weather)


def _first(patterns: dict[_Key, re.Pattern[str]], text: str) -> _Key | None:
    best: tuple[int, _Key] | None = None
    for key, pattern in patterns.items():
        match = pattern.search(text)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), key)
    return best[1] if best else None


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
    return SceneReading(
        setting=_first(_SETTINGS, text),
        time=_first(_TIMES, text),
        weather=_first(_WEATHERS, text),
        subjects=tuple(subjects[:3]),
    )
