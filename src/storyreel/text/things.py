"""Props and actions a shot can show, read from English or Chinese text, named in English.

One vocabulary for the storyboard (what each shot's prompt names) and the sketch renderer
(what it draws). Each entry: the English word a prompt uses, English word stems and Chinese
words (regex alternations). Longer words come first where one contains another ("灯笼"
before "灯"), and a match never overlaps an earlier one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from storyreel.text.words import heads_its_word

PROPS: tuple[tuple[str, str, str], ...] = (
    ("paper lantern", "paper lanterns?|chinese lanterns?", "灯笼|花灯|纸灯"),
    ("lantern", "lanterns?", "马灯|提灯|风灯"),  # a lantern in the snow is no paper one
    ("candle", "candles?|candlelight", "蜡烛|烛光|烛"),
    ("oil lamp", "lamps?|lamplight", "油灯|台灯|灯光|灯火|信号灯|灯"),
    ("umbrella", "umbrellas?", "雨伞|伞"),
    (
        "boat",
        r"boats?|ship|sailboat|canoe|raft|ferryboat|ferry(?!\s+(?:landing|dock|crossing))",
        "小船|渔船|渡船|船头|船尾|船舷|船",
    ),
    ("fishing net", "nets?", "渔网|网"),
    ("fishing rod", "fishing rods?|fishing poles?|rods?", "鱼竿|钓竿|渔竿"),
    ("letter", "letters?|envelope", "信封|信"),
    ("book", "books?|notebook|diary", "书本|日记|书"),
    ("map", "maps?", "地图"),
    ("key", "keys?", "钥匙"),
    ("bell", "bells?", "铃铛|钟声|铃"),
    ("basket", "baskets?", "篮子|竹篮|篮"),
    # 窗花 (paper cut for a window) are no flowers
    ("paper cuttings", "paper[- ]?cuts?|paper[- ]cuttings?", "窗花|剪纸"),
    ("spotlight", "spotlights?|stage lights?", "聚光灯"),
    ("curtain", "curtains?", "幕布|大幕|窗帘"),
    (
        "flowers",
        "flowers?|roses?|blossoms?|daisies|tulips|sunflowers?|bouquet|posy",
        "花朵|鲜花|花束|花",
    ),
    ("kite", "box kites?|kites?", "风筝"),
    ("rainbow", "rainbows?", "彩虹"),
    ("bicycle", "bicycles?|bikes?", "自行车|单车"),
    ("teacup", "teacups?|(?:paper |tin )?cups?|tea", "茶杯|杯子|茶"),  # no paper of a paper cup
    ("chessboard", r"chess ?boards?|chess ?sets?|chess(?:men| pieces)?", "棋盘|象棋|围棋|棋子"),
    ("flashlight", "flashlights?|torch(?:es|light)?", "手电筒|手电"),
    ("walkie-talkie", "walkie-talkies?|two-way radio", "对讲机"),
    ("rock", "rocks?|boulders?", "大石头|石头|岩石"),
    ("wrench", "wrench(?:es)?|spanners?|pliers", "扳手|钳子"),
    ("bicycle pump", "bicycle pump|tyre pump|tire pump", "打气筒"),
    ("sword", "swords?", "宝剑|剑"),
    ("table", "tables?|desk", "桌子|桌"),
    ("chair", "chairs?|stool|bench", "椅子|凳子|椅"),
    ("bed", "beds?", "床"),
    # 串门: dropping in on someone; 出门, 出了门: going out
    ("door", "doors?|gate", "大门|(?<!串)(?<!出)(?<!出了)门"),
    ("window", "windows?", "窗户|窗"),
    ("firewood", "firewood|kindling|logs", "柴火|木柴|柴"),
    ("fire", "fire|fireplace|campfire|hearth", "炉火|篝火|火堆|火"),
    ("bamboo", "bamboo", "竹子|竹条|竹"),
    ("paper bag", "paper bags?", "纸袋|纸包"),
    ("scissors", "scissors|shears", "剪刀|剪子"),
    ("paper", "paper", "纸"),
    ("paintbrush", "paintbrush|brush", "毛笔|画笔|笔"),
    ("bread", "bread|loaf|loaves|buns?|rolls", "面包|馒头|包子"),
    ("fish", "fish", "鱼"),
    ("violin", "violin|fiddle", "小提琴"),
    ("clock", "clocks?|watch", "时钟|钟表|钟(?!头)"),  # 半个钟头: half an hour
    ("train", "trains?|locomotive|railway carriage", "火车|列车"),
    ("ladder", "ladders?", "梯子|木梯"),
    ("broom", "brooms?", "扫帚|扫把"),
    ("beehive", "beehives?|hives?|bees", "蜂箱|蜂巢|蜜蜂"),
    ("jar of honey", "honey|jars?", "蜂蜜|罐子|罐"),
    ("hammer", "hammers?|mallet", "锤子|榔头|锤"),
    ("needle and thread", "needles?|thread", "针线|针"),
    ("schoolbag", "schoolbags?|satchel|backpack", "书包"),
    ("mailbag", "mailbags?|mail ?bags?|post ?bags?", "邮包|邮袋"),
    ("wooden cart", "wagons?|carts?|wheelbarrows?", "手推车|推车|板车|马车|牛车"),
    ("walking stick", "walking sticks?|canes?|staff", "拐杖|拐棍|手杖|竹竿"),
    ("dumplings", "dumplings?", "饺子"),
    ("flute", "flutes?", "笛子|竹笛|短笛|笛"),
    ("herd of cows", "cows|cattle|herd", "牛群|头牛"),  # 五头牛: jieba's 五 / 头牛
    ("drum", "drums?", "鼓"),
    ("guitar", "guitars?", "吉他"),
    ("coins", "coins?", "硬币|铜钱|钱币"),
    ("wooden box", "box|boxes|crate", "盒子|箱子|木箱|匣子"),
    ("cooking pot", "pots?|kettle|teapot", "锅|水壶|茶壶|壶"),
    ("noodles", "noodles", "面条|拉面|挂面"),
    ("bowl", "bowls?", "碗"),
    ("fountain", "fountains?", "喷泉|水池"),
    ("rope", "ropes?", "绳子|绳"),
    ("hat", "hats?|cap", "帽子"),
    ("pair of shoes", "shoes?|boots?", "鞋子|靴子|鞋"),
    ("ball", "balls?", "皮球|球"),
    ("doll", "dolls?|teddy", "娃娃|玩偶"),
    ("cake", "cakes?", "蛋糕"),
    ("apples", "apples?", "苹果"),
    ("photograph", "photos?|photographs?|picture frame", "照片|相片"),
    ("telephone", "phone|telephone", "手机|电话"),
    # "a saw", never "he saw": the prompt says "handsaw", which reads back as itself
    ("handsaw", r"(?:(?<=\ba )|(?<=\bthe )|(?<=\bhis )|(?<=\bher ))saws?|handsaws?", "锯子|锯"),
    ("fallen tree", "fallen trees?|fallen trunk", "倒下的树|倒下的大树"),
    ("flask", "flasks?|thermos", "保温瓶|暖水瓶|热水瓶"),
    ("whistle", "whistles?", "哨子|口哨"),
    ("towel", "towels?", "毛巾|浴巾"),
    ("radish", "radish(?:es)?|turnips?|carrots?", "萝卜"),
    ("mooncakes", "mooncakes?|moon cakes?", "月饼"),
    ("grapes", "grapes?", "葡萄"),
    ("birdcage", "birdcages?|(?<=\\bthe )cage|(?<=\\ba )cage", "鸟笼|笼子"),
    ("scooter", "scooters?|motorbikes?|motorcycles?|mopeds?", "摩托车|电动车|电瓶车"),
    ("truck", "trucks?|lorry|lorries|removal van", "大卡车|卡车|货车"),
    ("eggs", "eggs?", "鸡蛋|鸭蛋|蛋"),
    ("stove", "stoves?", "火炉|炉子|炉"),
)

# Colours a look names, as the sketch renderer paints them.
COLOURS: dict[str, tuple[int, int, int]] = {
    "red": (178, 52, 48),
    "crimson": (160, 30, 50),
    "scarlet": (200, 40, 40),
    "pink": (226, 140, 160),
    "orange": (224, 130, 50),
    "mustard yellow": (206, 170, 50),
    "yellow": (226, 196, 60),
    "gold": (212, 170, 60),
    "green": (70, 130, 70),
    "teal": (40, 130, 130),
    "blue": (56, 92, 168),
    "navy": (36, 48, 96),
    "purple": (120, 70, 140),
    "white": (234, 232, 224),
    "grey": (140, 140, 146),
    "gray": (140, 140, 146),
    "black": (40, 40, 44),
    "brown": (120, 80, 50),
    "dark brown": (70, 46, 32),
    "chestnut": (110, 60, 36),
    "auburn": (140, 60, 40),
    "blond": (222, 196, 120),
    "silver": (200, 200, 206),
}


# What someone in the shot does, as the prompt says it ("lighting", "walking").
ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("lighting", "lit|lights?|lighting|kindled", "点亮|点燃|点起|点上"),
    ("carrying", "carried|carry|carries|carrying", "提着|背着|扛着|提"),
    ("holding", "held|holds?|holding|clutched|gripped", "拿着|握着|举着|抱着|捧着"),
    # "ran the bookshop" is keeping a shop, not running
    (
        "running",
        r"(?:ran|runs?)(?!\s+(?:the|a|an|his|her|their)\s)|running|rushed|hurried",
        "跑|奔|冲",
    ),
    ("walking", "walked|walks?|walking|wandered|strolled", "走|散步|漫步"),
    ("sitting", "sat|sits?|sitting", "坐"),
    ("crying", "cried|cries|crying|wept|tears", "哭|流泪|泪"),
    ("smiling", "smiled|smiles?|smiling|laughed|laughs?", "笑"),
    ("reading", "read|reads|reading", "读|念"),
    ("writing", "wrote|writes?|writing", "写"),
    ("sleeping", "slept|sleeps?|sleeping|asleep", "睡"),
    ("making", "made|makes?|making|built|crafted|folded|glued", "做|扎|糊|编|制作"),
    ("painting", "painted|paints?|painting|drew|drawing", "画"),
    ("rowing", "rowed|rows?|rowing|paddled", "划"),
    ("waiting", "waited|waits?|waiting", "等"),
    # "叫他赵师傅", "她叫朵朵" (a name blanked after it) say what someone is called
    # "called out", not "a young baker called Ines" (a name; blanked, it leaves "called ,"
    # or "called       and")
    (
        "calling out",
        r"called(?!\s+(?-i:[A-Z])|\s*(?:[,.;:!?]|$)|\s{3})|shouted|cried out|yelled",
        r"喊|(?<!名)叫(?![他她我它做作\s])",
    ),
    (
        "opening",
        "opened|opens?|opening",
        "打开|推开|开(?!始|心|玩笑|会|学|车|出|走|进|过|往|动|远)",
    ),
    ("climbing", "climbed|climbs?|climbing", "爬|登"),
    ("embracing", "hugged|hugs?|embraced", "拥抱|抱"),
    ("looking", "looked|looks?|watched|stared|gazed|saw", "望|看|盯|凝视"),
    ("talking", "said|says|asked|told|whispered|replied|answered", "说|问|告诉|回答"),
)


@lru_cache(maxsize=1)
def _props() -> list[tuple[str, re.Pattern[str]]]:
    # the English name itself first: "paper lantern" in a prompt is one prop, not paper
    return [(name, _compile(f"{re.escape(name)}|{en}", zh)) for name, en, zh in PROPS]


@lru_cache(maxsize=1)
def _actions() -> list[tuple[str, re.Pattern[str]]]:
    return [(name, _compile(en, zh)) for name, en, zh in ACTIONS]


def _compile(english: str, chinese: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{english})\b|{chinese}", re.IGNORECASE)


def _found(
    patterns: list[tuple[str, re.Pattern[str]]], text: str, nouns: bool = True
) -> list[tuple[int, str]]:
    taken: list[tuple[int, int]] = []
    found: dict[str, int] = {}
    for name, pattern in patterns:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < other_end and other_start < end for other_start, other_end in taken):
                continue
            if nouns and not heads_its_word(text, start, end):
                continue  # 火 of 火车, 信 of 信号灯
            taken.append((start, end))
            found.setdefault(name, start)
    return sorted((start, name) for name, start in found.items())


# a street's or a place's own name ("Rose Street", "Apple Lane"): no roses, no apples
_PLACE_NAME = re.compile(
    r"\b(?:[A-Z][a-z]+\s+)+(?:Street|Lane|Road|Avenue|Square|Bridge|Hill|Park|Station|Bay|"
    r"Close|Way|Gardens|Court)\b"
)


# lights that come on say the evening has come; nobody holds them
_LIGHTS_ON = re.compile(r"\b(?:street ?)?(?:lamps|lights) came on\b|路灯亮", re.IGNORECASE)


def find_props(text: str) -> list[str]:
    """The props a text names, in English, in the order it names them."""
    text = _PLACE_NAME.sub(lambda m: " " * len(m[0]), text)
    text = _LIGHTS_ON.sub(lambda m: " " * len(m[0]), text)
    return [name for _start, name in _found(_props(), text)]


def names_things(text: str) -> bool:
    """Whether the text names props in the plural ("two warm rolls", "the jars"): what a
    "them" after it can mean."""
    for _name, pattern in _props():
        for match in pattern.finditer(text):
            if re.search(r"[a-rt-z]s$", match[0], re.IGNORECASE) or match[0].lower() in (
                "rolls",
                "loaves",
                "buns",
                "eggs",
                "apples",
            ):
                return True
    return False


def find_action(text: str) -> str | None:
    """What someone does in the text (its first action), in English."""
    found = _found(_actions(), text, nouns=False)  # a verb leads its word: 走进, 提着
    return found[0][1] if found else None
