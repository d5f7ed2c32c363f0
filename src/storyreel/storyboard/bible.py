"""The story bible, read from the text before any shot: the cast with fixed looks, the places,
the key props. Deterministic (English and Chinese), so it works without a model; an LLM
writer uses it as context and a person can edit the cast (`StoryboardRequest.cast`).

Who is who:
- English: capitalised names that are not sentence openers or other words ("Mei", "Captain
  Hale"), and people the story calls by a role ("the keeper", "the old fisherman");
  "Mei, the keeper's daughter" or "a keeper named Elias" makes the role another name.
- Chinese: person names from jieba's tagger (nr) that are not places or things, their given
  names ("林小月" is also "小月"), and role words ("灯笼匠", "女儿", "老人"); "女儿小月"
  joins the role to the name. Names get their pinyin ("Lin Xiaoyue").

Each look (age, build, hair, clothes and colours) uses what the story says ("in a red coat",
"白发", "穿着蓝色的衣服") and fills the rest from the character's name, so the same story
always gives the same cast and no two members share a coat colour.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from storyreel.contract import CastMember, Language
from storyreel.text.scene import PLACES, read_scene
from storyreel.text.sentences import QUOTED, split_sentences, unquoted
from storyreel.text.things import PROPS, find_props
from storyreel.text.words import word_bounds

# --- roles: (English name, gender "f"/"m"/"", age "child"/"elder"/"adult", EN stems, ZH) ---
ROLES: tuple[tuple[str, str, str, str, str], ...] = (
    # an animal elder of a fable (兔奶奶, Grandma Rabbit) before the grandmother she is not
    (
        "the old rabbit",
        "",
        "animal",
        "old rabbit|grandma rabbit|grandpa rabbit",
        "兔奶奶|兔爷爷|兔婆婆|老兔子",
    ),
    ("the lighthouse keeper", "", "adult", "lighthouse keeper|keeper", "守塔人|灯塔看守|看守"),
    ("the lantern maker", "", "adult", "lantern[- ]maker", "灯笼匠|扎灯笼的|做灯笼的"),
    ("the old fisherman", "m", "elder", "old fisherman", "老渔夫"),
    ("the fisherman", "m", "adult", "fisherman|fishermen", "渔夫|渔民"),
    ("the boatman", "m", "adult", "boatman|ferryman", "船夫|艄公|摆渡人"),
    ("the grandmother", "f", "elder", "grandmother|grandma|granny", "奶奶|外婆|姥姥|祖母"),
    ("the grandfather", "m", "elder", "grandfather|grandpa", "爷爷|外公|姥爷|祖父|老爷爷"),
    ("the old woman", "f", "elder", "old woman|old lady", "老奶奶|老妇人|老太太"),
    ("the old man", "m", "elder", "old man", "老人|老头|老者|老汉"),
    ("the granddaughter", "f", "child", "granddaughter", "外孙女|孙女"),
    ("the grandson", "m", "child", "grandson", "外孙|孙子"),
    ("the carpenter", "m", "adult", "carpenter|woodworker", "木匠"),
    ("the daughter", "f", "child", "daughter", "女儿|闺女"),
    ("the son", "m", "child", "son", "儿子"),
    ("the mother", "f", "adult", "mother|mom|mum|mama", "母亲|妈妈|阿妈|娘"),
    ("the father", "m", "adult", "father|dad|papa", "父亲|爸爸|阿爸|爹"),
    ("the girl", "f", "child", "little girl|girl", "小女孩|女孩|小姑娘|姑娘"),
    ("the boy", "m", "child", "little boy|boy", "小男孩|男孩|少年"),
    ("the child", "", "child", "child|kid", "孩子|小孩"),
    ("the teacher", "", "adult", "teacher", "老师|先生"),
    ("the doctor", "", "adult", "doctor", "医生|大夫"),
    ("the baker", "", "adult", "baker", "面包师"),
    ("the farmer", "", "adult", "farmer", "农夫|农民"),
    ("the merchant", "", "adult", "merchant|trader|peddler", "商人|小贩|货郎"),
    ("the soldier", "m", "adult", "soldier", "士兵|战士"),
    ("the sailor", "m", "adult", "sailor", "水手"),
    ("the captain", "", "adult", "captain|skipper", "船长"),
    ("the stranger", "", "adult", "stranger|traveller|traveler", "陌生人|旅人|过客"),
    ("the wife", "f", "adult", "wife", "妻子|媳妇"),
    ("the husband", "m", "adult", "husband", "丈夫"),
    ("the young man", "m", "adult", "young man|youth", "小伙子|青年|少年郎"),
    ("the young person", "", "adult", "young person|youngster", "年轻人"),
    ("the visitor", "", "adult", "tourist|visitor|guest", "游客|旅客|访客|客人"),
    ("the king", "m", "adult", "king", "国王"),
    ("the queen", "f", "adult", "queen", "王后|女王"),
    ("the princess", "f", "child", "princess", "公主"),
    ("the prince", "m", "adult", "prince", "王子"),
    ("the master", "m", "adult", "master|craftsman", "师傅"),
    ("the postman", "m", "adult", "postman|mailman|postwoman", "邮递员|邮差"),
    ("the mayor", "", "adult", "mayor", "市长|镇长|村长"),
    ("the priest", "m", "adult", "priest|monk", "牧师|神父|和尚"),
    ("the nurse", "f", "adult", "nurse", "护士"),
    ("the conductor", "", "adult", "conductor|ticket collector", "列车员|售票员"),
    ("the high school student", "", "child", "high school student|high schooler", "高中生"),
    (
        "the schoolchild",
        "",
        "child",
        "pupil|schoolboy|schoolgirl|schoolchild",
        "初中生|中学生|小学生|学生",
    ),
    ("the driver", "", "adult", "driver|engine driver|train driver", "司机"),
    ("the forest ranger", "", "adult", "forest ranger|park ranger|ranger|warden", "护林员|巡山员"),
    ("the blacksmith", "m", "adult", "blacksmith|smith", "铁匠"),
    ("the hunter", "m", "adult", "hunter", "猎人"),
    ("the shepherd", "", "adult", "shepherd", "牧羊人|放羊的"),
    ("the policeman", "", "adult", "policeman|policewoman|police officer", "警察"),
    ("the cook", "", "adult", "cook|chef", "厨师"),
    ("the guard", "m", "adult", "guard|sentry", "卫兵|守卫"),
    ("the knight", "m", "adult", "knight", "骑士"),
    ("the witch", "f", "adult", "witch", "女巫"),
    ("the wizard", "m", "adult", "wizard|sorcerer", "巫师|魔法师"),
    # a younger sibling and an older one are two people (哥哥大海和弟弟小山)
    ("the little sister", "f", "child", "(?:little|younger|baby) sister", "妹妹"),
    ("the little brother", "m", "child", "(?:little|younger|baby) brother", "弟弟"),
    ("the sister", "f", "adult", "sister", "姐姐"),
    ("the brother", "m", "adult", "brother", "哥哥"),
    # last of the people: "a tall man in a grey suit", not the old man nor the young one
    ("the man", "m", "adult", "man|gentleman", "男人|男子|中年人"),
    ("the woman", "f", "adult", "woman|lady", "女人|妇女|女子|中年妇女"),
    ("the fox", "", "animal", "fox", "狐狸"),
    ("the dog", "", "animal", "dog|puppy", "小狗|狗"),
    ("the cat", "", "animal", "cat|kitten", "小猫|猫"),
    ("the horse", "", "animal", "horse|pony", "马儿|马"),
    ("the wolf", "", "animal", "wolf", "狼"),
    ("the sheep", "", "animal", "sheep|lamb", "小羊|绵羊|羊群|羊"),
    ("the calf", "", "animal", "calf", "小牛|牛犊"),
    ("the cow", "", "animal", "cow|ox", "奶牛|黄牛|牛"),
    ("the rabbit", "", "animal", "rabbit|bunny|hare", "小白兔|白兔|小兔子|兔子|小兔"),
    ("the squirrel", "", "animal", "squirrel", "小松鼠|松鼠"),
    ("the bear", "", "animal", "bear|bear cub", "小熊|狗熊|熊猫|熊"),
    ("the mouse", "", "animal", "mouse|mice", "小老鼠|老鼠"),
    ("the monkey", "", "animal", "monkey", "小猴子|猴子"),
    ("the pig", "", "animal", "pig|piglet", "小猪|猪"),
)

# Capitalised words that are not names (sentence openers, pronouns, days, titles alone).
_NOT_NAMES_TEXT = """
    a an the and but or so yet for nor if then when while after before as at by in on of to
    from with without into over under up down out off he she it they we you i his her its
    their our my your him them us me this that these those there here what who whom whose
    which why how where once one two three every each all some no not nothing everyone
    someone somebody nobody none only just even still also again never always sometimes yes
    oh ah hello goodbye please thank thanks dear mr mrs ms miss dr sir madam lady lord
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december spring summer autumn winter
    christmas god inside outside behind above below beyond far near late early soon now
    today tonight tomorrow yesterday morning evening night dawn dusk noon midnight chapter
    let look listen come go wait stop run see tell ask maybe perhaps suddenly finally later
    meanwhile together alone long many much more most very too
"""
_NOT_NAMES = frozenset(_NOT_NAMES_TEXT.split())
# titles of a person; "Old" and "Little" also begin places ("in Little Rock")
_PERSON_TITLES = r"Mr|Mrs|Ms|Miss|Dr|Captain|Aunt|Uncle|Grandma|Grandpa|Master"
_TITLES = rf"(?:{_PERSON_TITLES}|Old|Little)"
_EN_NAME = re.compile(rf"\b(?:{_TITLES}\.?\s+)?[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?\b")
_SENTENCE_OPENING = re.compile(r"(?:^|[.!?…]\s*[\"“'‘]?|[\"“'‘]|\n)\s*$")

# subject and possessive pronouns ("gave him" is about someone else)
_FEMALE_EN = re.compile(r"\b(?:she|her|hers|herself)\b", re.IGNORECASE)
_MALE_EN = re.compile(r"\b(?:he|his|himself)\b", re.IGNORECASE)
_CJK = re.compile(r"[\u3400-\u9fff]")

# Chinese surnames (the most common), for "林小月" = Lin + Xiaoyue.
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺"
    "顾毛郝龚邵万钱严覃武戴莫孔向汤阿"
)
_ZH_NAME_NOT = re.compile(r"[镇村河江城街桥湖港店屋房门窗船树]$")
# what a name never holds: particles, pronouns, common verbs
_ZH_FUNCTION = set(
    "的了在是和说着把被给就都也还又很吗呢吧啊么这那一不有没个们我你他她它到来去上下里"
)
_ZH_TITLES = (
    "大叔|大婶|大妈|大伯|大哥|大姐|婶|叔|伯|姨|爷爷|奶奶|大爷|大娘|哥|姐|嫂|掌柜|师傅|老师|大夫|医生|"
    "阿姨|先生|太太|婆婆"
)

_HAIR_COLOURS = ("black", "dark brown", "brown", "auburn", "chestnut", "blond", "red")
_COATS = (
    ("red", "coat"),
    ("blue", "jacket"),
    ("mustard yellow", "sweater"),
    ("green", "cloak"),
    ("purple", "dress"),
    ("orange", "scarf and grey coat"),
    ("white", "shirt"),
    ("brown", "leather vest"),
    ("teal", "tunic"),
)
_ZH_COLOURS = {
    "红": "red",
    "蓝": "blue",
    "黄": "yellow",
    "绿": "green",
    "紫": "purple",
    "白": "white",
    "黑": "black",
    "灰": "grey",
    "粉": "pink",
    "橙": "orange",
    "棕": "brown",
    "褐": "brown",
    "青": "teal",
    "金": "gold",
}
_ZH_GARMENTS = {
    "雨衣": "raincoat",
    "外套": "coat",
    "大衣": "coat",
    "棉袄": "padded jacket",
    "袄": "padded jacket",
    "裙": "dress",
    "衬衫": "shirt",
    "毛衣": "sweater",
    "斗篷": "cloak",
    "围巾": "scarf",
    "制服": "uniform",
    "球衣": "football shirt",
    "衣服": "jacket",
    "衣": "jacket",
    "袍": "robe",
    "草帽": "straw hat",
    "围裙": "apron",
    "帽子": "hat",
    "帽": "hat",
}
_EN_GARMENT = re.compile(
    r"\b(?:(?:long|short|old|new|thick|warm|thin|heavy|little|big|faded|worn)\s+)?"
    r"(red|crimson|scarlet|pink|orange|yellow|gold|green|teal|blue|navy|purple|white|grey|"
    r"gray|black|brown|silver)\s+(?:(woollen|woolen|wool|knitted|leather|silk|cotton|linen|"
    r"straw|felt|velvet|fur|oilskin)\s+)?(coat|jacket|dress|shirt|sweater|cloak|scarf|robe|raincoat|"
    r"tunic|hat|cap|shawl|apron|overalls|waistcoat|vest|uniform|suit|veil|boots|cardigan|"
    r"dressing gown|gown|bathrobe)\b",
    re.IGNORECASE,
)
# what covers the body; a hat, a cap, a scarf, a shawl or an apron is worn over one
_BODY_GARMENT = re.compile(
    r"\b(?:coat|jacket|dress|shirt|sweater|cloak|robe|raincoat|tunic|overalls|waistcoat|vest|"
    r"costume|"
    r"uniform|suit|cardigan|gown|bathrobe)$"
)
_EN_HAIR = re.compile(
    r"\b(white|grey|gray|silver|black|brown|red|blond|golden|dark)(?:[- ]haired|\s+hair)\b",
    re.IGNORECASE,
)
_EN_BRAIDS = re.compile(
    r"\b(?:(two|a)\s+)?(white|grey|gray|silver|black|brown|red|blond|golden|dark)\s+"
    r"(braids?|plaits?|pigtails|ponytail|curls)\b",
    re.IGNORECASE,
)
_EN_PLAIN_GARMENT = re.compile(  # worn, and no colour said
    r"\b(?:wore|wears|wearing|in)\s+(?:a|an|his|her)\s+(?:(flat|woollen|woolen|knitted|leather|"
    r"straw|felt|old|long|heavy|thick|warm|battered)\s+)?(cap|hat|coat|jacket|shawl|apron|"
    r"cloak|overalls|raincoat|uniform)\b",
    re.IGNORECASE,
)
_ZH_HAIR = re.compile(r"(白|黑|灰|金|红)(?:发|头发)|头发(?:全|都|早就|已经)?(白|黑|灰|花白)")
_ZH_HAIR_COLOURS = {"白": "white", "黑": "black", "灰": "grey", "花白": "grey", "金": "golden"}
_BEARD = re.compile(
    r"\b(?:(?:(white|grey|gray|black|brown|red|ginger)\s+)?beard|bearded|whiskers)\b|"
    r"(白|黑|灰)?(?:胡子|胡须)",
    re.IGNORECASE,
)
# what a role wears at work when the story does not say: a storyboard artist draws the nurse
# in her uniform, the cook in his white jacket
_ROLE_DRESS = {
    "the nurse": "blue nurse's uniform",
    "the doctor": "white doctor's coat",
    "the postman": "green postman's uniform",
    "the conductor": "navy conductor's uniform",
    "the policeman": "navy police uniform",
    "the soldier": "green soldier's uniform",
    "the cook": "white cook's jacket",
    "the sailor": "white sailor's shirt",
    "the high school student": "blue school uniform",
    "the baker": "white apron",
    "the forest ranger": "olive green ranger's jacket",
}
# how old a role says someone is
_ROLE_YEARS = {"the high school student": "sixteen"}
_UNTOLD_COLOUR = "(colour)"  # a garment the story gives no colour: the cast's own is chosen
_OWN_COLOUR = {"straw hat": "yellow"}  # what a garment is made of says its colour
_ZH_PLAIN_GARMENT = re.compile(
    r"(?:穿着|穿上|披着|裹着|戴着|戴上|系着|围着)(?:一件|一身|件|一顶|顶|一条|条)?(?:[\u3400-\u9fff]{0,4}的|[旧新破长短厚薄宽大小])?("
    + "|".join(sorted(_ZH_GARMENTS, key=len)[::-1])
    + ")"
)
_ZH_GARMENT = re.compile(
    "("
    + "|".join(_ZH_COLOURS)
    + ")色?的?(?:[旧新破长短厚薄宽大小]的?)?("  # 蓝色的旧袍子
    + "|".join(sorted(_ZH_GARMENTS, key=len)[::-1])
    + ")"
)


@dataclass
class _Person:
    """A character while the bible is being read."""

    key: str  # the first way the story names them
    english: str
    gender: str = ""
    age: str = "adult"
    names: list[str] = field(default_factory=list)  # every way the story names them
    mentions: int = 0
    first: int = 0
    role: str | None = None  # the role's English name, if a role
    told_years: str | None = None  # an age said with how they are named ("a girl of fourteen")
    dress: str | None = None  # what their work says they wear, where the story does not say
    others: list[list[str]] = field(default_factory=list)  # the rest of the cast's names


@dataclass(frozen=True)
class Bible:
    """What the storyboard knows of the story before cutting it into shots."""

    cast: list[CastMember]
    places: list[str]
    props: list[str]
    genders: dict[str, str]  # cast name -> "f", "m" or ""

    def name_patterns(self) -> list[tuple[str, re.Pattern[str]]]:
        """(cast name, pattern of every way the story names them), longest names first."""
        out = []
        for member in self.cast:
            names = sorted({member.name, *member.story_names}, key=len, reverse=True)
            alternatives = "|".join(_name_regex(name) for name in names if name)
            out.append((member.name, re.compile(alternatives, re.IGNORECASE)))
        return out


def _name_regex(name: str) -> str:
    escaped = re.escape(name)
    if _CJK.search(name):
        return escaped
    # "the keeper" also as "The keeper", "keeper's"; a role without its article too
    bare = re.escape(name[4:]) if name.lower().startswith("the ") else None
    return rf"\b{escaped}\b" + (rf"|\b{bare}\b" if bare else "")


def pinyin_name(chinese: str) -> str:
    """A Chinese name in pinyin, as English text writes it: 林小月 -> Lin Xiaoyue."""
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(chinese)
    if len(chinese) == 2 and chinese[0] in "老小" and chinese[1] in _SURNAMES:
        return f"{syllables[0].title()} {syllables[1].title()}"  # 老周: Lao Zhou
    if chinese[0] in _SURNAMES and re.fullmatch(f"(?:{_ZH_TITLES})", chinese[1:]):
        return f"{syllables[0].title()} {''.join(syllables[1:]).title()}"  # 李婶: Li Shen
    if len(chinese) >= 3 and chinese[0] in _SURNAMES:
        return f"{syllables[0].title()} {''.join(syllables[1:]).title()}"
    if len(chinese) == 2 and chinese[0] in _SURNAMES - {"阿"} and _full_name(chinese):
        return f"{syllables[0].title()} {syllables[1].title()}"  # 林浩: Lin Hao, not "Linhao"
    return "".join(syllables).title()


def _full_name(chinese: str) -> bool:
    """Whether jieba reads two characters as one person's name (林浩), not as a word that
    names a child by a thing (石头, a stone)."""
    import rjieba

    return [tag for _word, tag in rjieba.tag(chinese)] == ["nr"]


def without_names(text: str, cast: list[CastMember]) -> str:
    """The text with the cast's names blanked: what a name says is not in the picture (灯笼匠,
    the lantern maker, is no lantern; 王大山 lives in no mountains)."""
    for member in cast:
        for name in (member.name, *member.story_names):
            text = text.replace(name, " ")
    return text


def read_bible(story: str, language: Language) -> Bible:
    """The cast (with looks), places and key props of a story."""
    people = _zh_people(story) if language is Language.ZH else _en_people(story)
    for person in people:
        person.others = [other.names for other in people if other is not person]
    told = {_told_look(person, story, language)[1] for person in people}
    coats = [coat for coat in _COATS if f"{coat[0]} {coat[1]}" not in told and not any(
        garment and garment.startswith(coat[0] + " ") for garment in told
    )] or list(_COATS)  # fmt: skip
    cast = [
        _member(person, story, language, coats[i % len(coats)]) for i, person in enumerate(people)
    ]
    genders = {person.english: person.gender for person in people}
    places: list[str] = []
    for sentence in re.split(r"(?<=[.!?。！？\n])", without_names(story, cast)):
        place = read_scene(sentence).place
        if place and place not in places:
            places.append(place)
    counts = Counter(find_props_all(story))
    props = [name for name, count in counts.most_common() if count >= 2][:8]
    return Bible(cast=cast, places=places, props=props, genders=genders)


def find_props_all(text: str) -> list[str]:
    """Every prop mention, one entry per sentence that names it (key props recur)."""
    found: list[str] = []
    for sentence in re.split(r"(?<=[.!?。！？\n])", text):
        found.extend(find_props(sentence))
    return found


# --- English -------------------------------------------------------------------------------


# a past-tense verb after a capitalised word makes it someone ("Mei found", "Tom waited")
_DOES = re.compile(
    r"\s+(?:[a-z]+ed|found|said|saw|ran|went|came|took|had|was|knew|felt|held|sat|stood|lit|"
    r"made|gave|told|thought|heard|left|kept|wore|began|brought|caught|drew|flew|grew|hid|"
    r"laughed|met|paid|put|read|rode|rose|sang|slept|spoke|swam|threw|woke|won|wrote)\b"
)
_WEATHER_AND_TIME_TEXT = """
    snow rain storm thunder lightning wind fog mist frost ice sun moon light darkness dark day
    night dusk dawn morning evening winter summer spring autumn everything something nothing
    everybody silence time years days hours water fire smoke
"""
_WEATHER_AND_TIME = _WEATHER_AND_TIME_TEXT.split()
_HEADING = re.compile(r"^[^\S\n]*[^\n.!?。！？:;,\"“”]{1,80}[^\S\n]*$", re.MULTILINE)


_THING_BEFORE = re.compile(
    r"\b(?:ship|boat|vessel|yacht|village|town|city|river|street|inn|hotel|shop|house|"
    r"mountain|lake|island|horse|dog|cat)\s+$",
    re.IGNORECASE,
)
_PLACE_AFTER = re.compile(
    r"\s+(?:Lane|Street|Road|Avenue|Square|Bridge|Hill|Park|Station|Bay|Lake|River|Mountain|"
    r"Forest|Wood|Woods|Village|Farm|Harbour|Harbor|Castle|Church|School|Market|Inn|Hall|"
    r"Tower|Cottage|Island|Valley|Street's|Lane's)\b"
)
# how someone is introduced: "an old clockmaker", "a red-haired girl of fourteen"
_INTRODUCTION = (
    r"(?:(?P<old>old|elderly)\s+|(?P<little>little)\s+)?(?:[a-z-]+\s+){{0,2}}?"
    r"(?P<noun>{noun})(?:\s+of\s+(?P<years>[a-z-]+|\d{{1,2}}))?"
)
_MAN_NAMED = re.compile(  # before the name: "a girl of fourteen named"
    rf"\b(?:a|an|the)\s+{_INTRODUCTION.format(noun='[a-z]+')}\s+(?:named|called)\s+$", re.I
)
_INTRODUCED = re.compile(  # right after the name: "Felix, a boy of nine with a red hat"
    rf",\s+(?:a|an)\s+{_INTRODUCTION.format(noun='man|boy|woman|girl|lady|gentleman')}\b",
    re.I,
)
_NOUN_SEX = {
    "man": "m", "boy": "m", "gentleman": "m", "king": "m", "prince": "m", "woman": "f",
    "girl": "f", "lady": "f", "queen": "f", "princess": "f",
}  # fmt: skip


def _en_people(story: str) -> list[_Person]:
    # a title or heading line ("The Last Light") names no one
    story = _HEADING.sub(lambda line: " " * len(line[0]), story)
    excluded = _NOT_NAMES | _vocabulary_words()
    counts: Counter[str] = Counter()
    inside: Counter[str] = Counter()  # not at a sentence's start: surely a name
    doing: set[str] = set()  # followed by a verb: a name even once at a sentence's start
    first: dict[str, int] = {}
    family: dict[str, str] = {}  # "Old Hattie" -> "Moss"
    last_end, last = -2, ""
    for match in _EN_NAME.finditer(story):
        name = match[0].removesuffix("'s").removesuffix("’s")  # "Pip's father": Pip
        if re.search(r"['’](?:re|ll|ve|d|m|t)$", name, re.IGNORECASE):
            continue  # "You're soaked", "I'll": a word, not a name
        core = name.split()[-1]
        if core.lower() in excluded or name.lower() in excluded:
            continue
        follows, last_end = story[last_end : match.start()] == " ", match.end()
        if follows:  # the family name of the name before it: "Captain Mara Vance"
            family.setdefault(last, name)
            continue
        last = name
        titled = re.match(rf"(?:{_PERSON_TITLES})\.?\s", name) is not None  # "to Mr. Abernathy"
        if (
            (
                not titled
                and re.search(
                    r"\b(?:in|at|to|from|of)\s+$",
                    story[max(0, match.start() - 6) : match.start()],
                )
            )
            or _THING_BEFORE.search(story[max(0, match.start() - 12) : match.start()])
            or (
                not titled
                and re.search(r"\bthe\s+$", story[max(0, match.start() - 4) : match.start()])
            )
            or _PLACE_AFTER.match(story, match.end())
        ):
            continue  # "in Harlow": a place; "the ship Albatross", "Harrow Lane", "her red
            # boat, the Marigold": a thing's name
        counts[name] += 1
        first.setdefault(name, match.start())
        if _DOES.match(story, match.end()) or _en_apposition().match(story, match.end()):
            doing.add(name)  # "Mei found ...", "Mei, the keeper's daughter": someone
        if not _SENTENCE_OPENING.search(story[: match.start()]) or " " in name:
            inside[name] += 1  # inside a sentence, or with a title ("Grandpa Joe")
    names = [n for n in counts if inside[n] or counts[n] >= 2 or n in doing]
    # "Captain Hale" and "Hale" are one person
    people: list[_Person] = []
    for name in sorted(names, key=lambda n: (-len(n.split()), first[n])):
        same = next((p for p in people if name in p.key.split() or name == p.key), None)
        if same is not None:
            same.names.append(name)
            same.mentions += counts[name]
            same.first = min(same.first, first[name])
            continue
        people.append(
            _Person(key=name, english=name, names=[name], mentions=counts[name], first=first[name])
        )
    for person in people:  # "Grandpa Theo" is an old man, "Aunt May" a woman
        title = person.key.split()[0].rstrip(".") if " " in person.key else ""
        if title in ("Old", "Little") and (surname := family.get(person.key)):
            # "Old Hattie Moss" is Hattie Moss, an old woman: "Old" is how she is called
            person.english = f"{person.key.split(maxsplit=1)[1]} {surname}"
        person.age = (
            "elder" if title in ("Grandpa", "Grandma", "Old")
            else "child" if title == "Little" else person.age
        )  # fmt: skip
        person.gender = _TITLE_GENDER.get(title, person.gender)
    _narrator(people, story, Language.EN)
    _add_roles(people, story, Language.EN)
    _kin_called_by_name(people)
    for person in people:  # "a quiet man named Jonah", "an old clockmaker called Master
        # Havel", "a red-haired girl of fourteen named Lucie"
        at = min((story.find(n) for n in person.names if n in story), default=-1)
        said = _MAN_NAMED.search(story[max(0, at - 80) : at]) if at > 0 else None
        for name in person.names if said is None else ():
            where = story.find(name)
            if where >= 0 and (said := _INTRODUCED.match(story, where + len(name))):
                break
        if said is None:
            continue
        person.gender = person.gender or _NOUN_SEX.get(said["noun"].lower(), "")
        if said["old"]:
            person.age = "elder"
        elif said["little"] or said["noun"].lower() in ("boy", "girl"):
            person.age = "child"
        if said["years"]:
            person.told_years = said["years"]
    for person in people:
        if person.age == "animal" and person.key == person.role:
            continue  # "the kitten crying. He tucked it inside his jacket": an animal the
            # story only calls by its kind is "it"; "he" there is whoever has it
        if not person.gender:
            others = [  # "her brother" is the brother; "her" still counts for the person
                re.sub(r"^(?:the|her|his|my|their|an?)\s+", "", name, flags=re.IGNORECASE)
                for p in people
                if p is not person
                for name in p.names
            ]
            person.gender = _en_gender(person, story, others) or _name_gender(person)
    return _ordered(people)


@lru_cache(maxsize=1)
def _given_names() -> Any:
    import gender_guesser.detector  # the name list loads once, in about 0.2 s

    return gender_guesser.detector.Detector(case_sensitive=False)


def _name_gender(person: _Person) -> str:
    """What a given name says when the story says no "she" or "he" of its owner ("her friend
    Marco"): gender-guesser's list of 40,000 first names; "" when it is not one, or either."""
    if person.role is not None or person.age == "animal":
        return ""
    first = re.sub(rf"^(?:{_TITLES})\.?\s+", "", person.english).split()[0]
    said = str(_given_names().get_gender(first))
    return {"male": "m", "mostly_male": "m", "female": "f", "mostly_female": "f"}.get(said, "")


@lru_cache(maxsize=1)
def _en_apposition() -> re.Pattern[str]:
    """A role said right after a name: ", the keeper's daughter", ", an old fisherman"."""
    roles = "|".join(en for _english, _gender, _age, en, _zh in ROLES)
    return re.compile(
        rf",\s+(?:the|a|an|his|her|their)\s+(?:[a-z'-]+\s+){{0,3}}(?:{roles})\b", re.IGNORECASE
    )


def _en_gender(person: _Person, story: str, others: list[str]) -> str:
    """She or he near the person's name: from the name to the next other person named in
    its sentence (counted twice), and the next sentence up to the first other person it
    names ("Clara lived alone. Every morning the postman rode past on his bicycle": "his"
    is the postman's; "It was from her brother": "her" is Clara's)."""
    female = male = 0
    own = re.compile("|".join(rf"\b{re.escape(name)}\b" for name in person.names))
    other = (
        re.compile("|".join(rf"\b{re.escape(name)}\b" for name in others), re.IGNORECASE)
        if others
        else None
    )

    def until_other(text: str) -> str:
        match = other.search(text) if other else None
        return text[: match.start()] if match else text

    sentences = re.split(r"(?<=[.!?])\s+", story)
    for index, sentence in enumerate(sentences):
        match = own.search(sentence)
        if match is None:
            continue
        mine = until_other(sentence[match.end() :])
        after = until_other(sentences[index + 1]) if index + 1 < len(sentences) else ""
        window = f"{mine} {mine} {after}"
        female += len(_FEMALE_EN.findall(window))
        male += len(_MALE_EN.findall(window))
    if female == male:
        return ""
    return "f" if female > male else "m"


def _vocabulary_words() -> set[str]:
    words: set[str] = set(_WEATHER_AND_TIME)
    for _english, _setting, en, _zh in PLACES:
        words |= {w.rstrip("?s").lower() for w in en.split("|")}
    for _name, en, _zh in PROPS:
        words |= {w.rstrip("?s").lower() for w in en.split("|")}
    return words


# --- Chinese -------------------------------------------------------------------------------


def _zh_people(story: str) -> list[_Person]:
    counts, first = _zh_names(story)
    people: list[_Person] = []
    for name in sorted(counts, key=lambda n: (-len(n), first[n])):
        same = next((p for p in people if _same_zh_person(p.key, name)), None)
        if same is not None:  # 小月 of 林小月; 周爷爷 of 老周
            same.names.append(name)
            same.mentions += counts[name]
            same.first = min(same.first, first[name])
            continue
        people.append(
            _Person(
                key=name,
                english=pinyin_name(name),
                names=[name],
                mentions=counts[name],
                first=first[name],
            )
        )
    for person in people:  # 老周, as the narrator calls him, not 周爷爷, as a child does
        honorifics = [n for n in person.names if re.fullmatch(_ZH_TITLED, n)]
        if honorifics and (plain := [n for n in person.names if n not in honorifics]):
            person.key = max(plain, key=lambda n: (len(n), counts[n]))
            person.english = pinyin_name(person.key)
    for person in people:  # 林小月 is also 小月
        given = person.key[1:]
        if (
            len(person.key) == 3
            and person.key[0] in _SURNAMES
            and given not in person.names
            and story.replace(person.key, "").count(given)
        ):
            person.names.append(given)
    for person in people:  # 老艾利亚斯 is old (老周 is only what friends call Zhou)
        if person.key[0] not in _SURNAMES and f"老{person.key}" in story:
            person.age = "elder"
            person.names.append(f"老{person.key}")
    for person in people:  # 周爷爷 is an old man, 王奶奶 an old woman
        if titled := next((_ZH_ELDER_TITLE.search(n) for n in person.names if n[0] in _SURNAMES
                           and _ZH_ELDER_TITLE.search(n)), None):  # fmt: skip
            person.age = "elder"
            person.gender = "f" if titled[0][-2:] in ("奶奶", "大娘", "婆婆", "外婆") else "m"
        elif titled := next((_ZH_GENDERED_TITLE.search(n) for n in person.names if n[0] in
                             _SURNAMES and _ZH_GENDERED_TITLE.search(n)), None):  # fmt: skip
            person.gender = person.gender or _ZH_TITLE_GENDER[titled[0]]  # 李婶 is a woman
    _narrator(people, story, Language.ZH)
    _add_roles(people, story, Language.ZH)
    for person in people:  # an animal is 它, never 他 or 她
        if not person.gender and person.age != "animal":
            person.gender = _zh_gender(person, story)
    return _ordered(people)


_TITLE_GENDER = {
    "Grandpa": "m", "Uncle": "m", "Mr": "m", "Grandma": "f", "Aunt": "f", "Mrs": "f",
    "Ms": "f", "Miss": "f",
}  # fmt: skip
_ZH_TITLED = rf"[{''.join(sorted(_SURNAMES))}](?:{_ZH_TITLES})"  # 周爷爷, 李婶
_ZH_ELDER_TITLE = re.compile(r"(?:爷爷|大爷|老爷爷|外公)$|(?:奶奶|大娘|婆婆|外婆)$")


def _same_zh_person(known: str, name: str) -> bool:
    if known.endswith(name) and len(name) >= 2:
        return True
    # 陈海燕 and 陈老师: a full name and its surname with a title
    for full, titled in ((known, name), (name, known)):
        if (
            len(full) == 3
            and full[0] in _SURNAMES
            and re.fullmatch(rf"{full[0]}(?:{_ZH_TITLES})", titled)
        ):
            return True
    # 老周 and 周爷爷: one surname, said with an honorific
    for short, other in ((known, name), (name, known)):
        if (
            len(short) == 2
            and short[0] in "老小"
            and short[1] in _SURNAMES
            and re.fullmatch(rf"{short[1]}(?:{_ZH_TITLES})", other)
        ):
            return True
    return False


# the characters Chinese spells foreign names with (艾利亚斯, 玛丽亚, 汤姆)
_FOREIGN_SPELLING = frozenset(
    "阿埃艾爱安奥巴芭贝本比彼波伯布查达戴黛丹德迪蒂杜多厄恩法菲芬弗福盖格古哈汉赫亨胡吉加贾杰"
    "金卡凯坎康科克肯库拉莱兰朗劳勒雷蕾里丽利莉林琳卢鲁路罗洛吕马玛迈麦曼梅蒙米敏莫姆穆纳娜内"
    "尼妮纽诺欧帕佩皮普齐奇乔切琼萨塞桑瑟森沙莎珊舍斯索苏泰坦汤特提汀图托瓦万威韦维温沃乌西希"
    "夏肖谢辛休雅亚扬耶伊因英尤约泽扎詹珍朱兹卓佐"
)
_ZH_SAYS = "说|劝|问|喊|叫|答|笑着|摇头|点头|摇摇头|点点头"


def _zh_names(story: str) -> tuple[Counter[str], dict[str, int]]:
    """Person names in a Chinese story: jieba's (nr, or nrt: 巴特) said twice or with a
    surname; a surname with a title (李婶, 陈掌柜); 老/小 + surname and 阿 + name (老周, 阿花); a
    surname and a given name that no dictionary knows (王大山); what follows a role (守塔人海生)."""
    import rjieba

    counts: Counter[str] = Counter()
    first: dict[str, int] = {}

    def add(name: str, at: int) -> None:
        counts[name] += 1
        first.setdefault(name, at)

    position = 0
    tokens = rjieba.tag(story)
    for word, tag in tokens:
        start = story.find(word, position)
        position = start + len(word) if start >= 0 else position
        if (
            tag in ("nr", "nrt")
            and 2 <= len(word) <= 4
            and _could_be_name(word, strict=len(word) < 3)
        ):
            add(word, max(start, 0))
    for (years, _), (of, _), (word, _) in zip(tokens, tokens[1:], tokens[2:]):
        # 十二岁的石头: a word an age introduces is a name, whatever else it means (a stone)
        if (
            years.endswith("岁")
            and of == "的"
            and 2 <= len(word) <= 3
            and word not in counts
            and _could_be_name(word, strict=False)
            and story.count(word) >= 2
        ):
            counts[word] = story.count(word)
            first.setdefault(word, story.find(f"{years}的{word}") + len(years) + 1)
    # a foreign name, written in the characters that spell one: jieba cuts 老艾利亚斯 into
    # 老艾 / 利亚斯, both names; joined, without 老 ("old") or 小, it is one, said once
    foreign: set[str] = set()
    at = 0
    run: list[tuple[str, int]] = []
    for word, tag in [*tokens, ("", "x")]:
        start = story.find(word, at) if word else len(story)
        at = start + len(word) if start >= 0 else at
        if tag in ("nr", "nrt") and (not run or run[-1][1] == start):
            run.append((word, start + len(word)))
            continue
        joined = "".join(w for w, _ in run)
        name = joined[1:] if joined[:1] in "老小" else joined
        if len(name) >= 3 and all(char in _FOREIGN_SPELLING for char in name):
            counts[name] = story.count(name)
            first.setdefault(name, story.find(name))
            foreign.add(name)
        run = [(word, start + len(word))] if tag in ("nr", "nrt") else []
    # jieba's dictionary calls some words names (桂花树, 金黄): a two-character one counts
    # when said twice, a longer one with a surname when said once
    tagged = {
        name for name, n in counts.items()
        if n >= 2 or (name[0] in _SURNAMES and len(name) >= 3) or name in foreign
    }  # fmt: skip
    counts = Counter({name: counts[name] for name in tagged})
    surnames = "".join(_SURNAMES)
    for match in re.finditer(
        r"(?:她|他|我|，|,)(?:叫|名叫)([\u3400-\u9fff]{2,3}?)(?=[，。！？、,]|$)", story
    ):
        name = match[1]  # 她叫朵朵: a name the story gives, whatever jieba knows of it
        least = 1 if len(name) == 3 and name[0] in _SURNAMES else 2  # 老师，叫陈海燕
        if name not in counts and _could_be_name(name, strict=False) and story.count(name) >= least:
            counts[name] = story.count(name)
            first.setdefault(name, match.start(1))
    patterns = (  # (pattern, said at least)
        (_ZH_TITLED, 1),  # 李婶, 陈掌柜, 周爷爷
        (rf"[老小][{surnames}]", 2),  # 老周
        (rf"[老小][{surnames}](?={_ZH_SAYS})", 1),  # 邮局的小刘劝他: once, saying something
        (r"阿[\u3400-\u9fff]", 2),  # 阿花
        (rf"[{surnames}][\u3400-\u9fff]{{2}}", 2),  # 王大山
    )
    in_roles = [  # 小白 of 小白兔 (a little white rabbit) is no one's name
        m.span() for role in ROLES for m in re.finditer(role[4], story) if len(m[0]) > 2
    ]
    for pattern, least in patterns:
        for match in re.finditer(pattern, story):
            name = match[0]
            if name in counts or not _could_be_name(name, strict=False):
                continue
            if any(start <= match.start() and match.end() <= end for start, end in in_roles):
                continue
            said = story.count(name)
            if said < least:
                continue
            if (
                pattern != _ZH_TITLED  # 张大叔 is a man, whatever 张大 is to jieba
                and len(name) == 3
                and (rjieba.has_word(name) or rjieba.has_word(name[:2]))
            ):
                continue  # 黄昏时, 白色的: words, not names
            counts[name] = said
            first.setdefault(name, match.start())
    for _english, _gender, _age, _en, zh in ROLES:
        for match in re.finditer(zh, story):
            name = story[match.end() : match.end() + 2]  # 守塔人海生
            if (
                len(name) == 2
                and name not in counts
                and not re.fullmatch(zh, name)
                and _could_be_name(name, strict=False)
                and story.count(name) >= (1 if name[0] == "阿" else 2)  # 孩子阿宝, once
                # 海生 (a noun to jieba), not 每天 (钱老师每天...: a pronoun), 一直 (an adverb)
                and rjieba.tag(name)[0][1][:1] not in ("r", "t", "d", "a", "p", "c", "u", "v", "m")
            ):
                counts[name] = story.count(name)
                first.setdefault(name, match.end())
    for match in re.finditer(  # 好朋友大壮, 同学小丽: a name after who they are to someone
        r"(?:好朋友|朋友|同学|同桌|邻居|小伙伴|伙伴)([\u3400-\u9fff]{2})", story
    ):
        name = match[1]
        if (
            name not in counts
            and _could_be_name(name, strict=False)
            and story.count(name) >= 2
            # jieba may call it a verb (大壮): it is a name where it also opens a clause
            # ("”大壮说"), as a verb (看见) seldom does
            and re.search(rf"(?:^|[，。！？：；、”“\s]){re.escape(name)}", story) is not None
            and rjieba.tag(name)[0][1][:1] not in ("r", "t", "d", "p", "c", "u", "m")
        ):
            counts[name] = story.count(name)
            first.setdefault(name, match.start(1))
    # a name inside a longer one counts once (王大 of 王大山); but where the longer is said
    # once and the shorter twice more on its own, jieba ran the name into the next word
    # (高中生林浩挤上了公交车 ... 林浩赶紧让座): the shorter is the name
    for name in list(counts):
        for other in [o for o in counts if o != name and o.startswith(name)]:
            if story.count(other) == 1 and story.count(name) - 1 >= 2:
                del counts[other]
            elif name in counts:
                del counts[name]
    # a name whose every mention runs into another name's is a misreading: jieba reads
    # "老刘提着" as 老 / 刘提 / 着, and 刘提 is 老刘 and the start of 提着
    for name in list(counts):
        spans = [(m.start(), m.end()) for m in re.finditer(re.escape(name), story)]
        others = [
            (m.start(), m.end())
            for other in counts
            if other != name and other not in name and name not in other
            for m in re.finditer(re.escape(other), story)
        ]
        if spans and all(any(s < e2 and s2 < e for s2, e2 in others) for s, e in spans):
            del counts[name]
    return counts, first


def _could_be_name(word: str, strict: bool = True) -> bool:
    """Not a particle, a role, nor (strict: what jieba alone proposes) a place or a thing."""
    if not all("\u3400" <= char <= "\u9fff" for char in word):
        return False
    if any(char in _ZH_FUNCTION for char in word) or _ZH_NAME_NOT.search(word):
        return False
    if any(re.search(rf"^(?:{r[4]})$", word) for r in ROLES):
        return False
    if not strict:
        return True
    return not (read_scene(word).place or find_props(word) or read_scene(word).time)


_ZH_TITLE_GENDER = {
    **dict.fromkeys(("婶", "姨", "阿姨", "嫂", "姐", "太太", "大妈", "大婶", "大姐"), "f"),
    **dict.fromkeys(("叔", "伯", "哥", "先生", "大叔", "大伯", "大哥"), "m"),
}
_ZH_GENDERED_TITLE = re.compile(
    "(?:" + "|".join(sorted(_ZH_TITLE_GENDER, key=len, reverse=True)) + ")$"
)


def _zh_pronouns(pronoun: str, text: str, person: _Person) -> int:
    """How many times 他 or 她 in the text can be the person: not one that a clause opening
    with their name does something to (李师傅赶紧把她让进铺子里: someone else)."""
    count = 0
    for said in re.finditer(f"{pronoun}(?!们)", text):
        clause = re.split(r"[，。！？；：,]", text[: said.start()])[-1]
        done_to = re.search(r"[把给对向跟让帮陪到被]$", clause)
        if done_to and any(name in clause for name in person.names):
            continue
        count += 1
    return count


def _zh_gender(person: _Person, story: str) -> str:
    """她 or 他 after the name, in its sentence and the next one."""
    female = male = 0
    sentences = [s for s in re.split(r"(?<=[。！？\n])", story) if s.strip()]
    for index, sentence in enumerate(sentences):
        at = [sentence.find(name) for name in person.names if name in sentence]
        for name in person.names:  # 她叫朵朵: said of her by name
            female += 2 * (sentence.count(f"她叫{name}") + sentence.count(f"她名叫{name}"))
            male += 2 * (sentence.count(f"他叫{name}") + sentence.count(f"他名叫{name}"))
        if at:
            following = "".join(sentences[index + 1 : index + 2])
            after = sentence[min(at) :] + following
            # not whom something is done to (把她让进铺子里, 给她倒了一杯热水: someone
            # else's doing)
            female += _zh_pronouns("她", after, person)
            male += _zh_pronouns("他", after, person)
            female += following.startswith("她")
            male += following.startswith("他")
    if female == male:  # no 她 nor 他: a foreign name's last character may say (玛丽亚, 艾利亚斯)
        return next((g for g, ends in _FOREIGN_ENDINGS.items() if person.key[-1] in ends
                     and all(c in _FOREIGN_SPELLING for c in person.key)), "")  # fmt: skip
    return "f" if female > male else "m"


_FOREIGN_ENDINGS = {"f": "娜丽莉莎娅亚妮琳珊蒂黛芭玛莲", "m": "斯克特德尔森姆伯夫顿翰"}


# --- roles, shared ---------------------------------------------------------------------------


def _add_roles(people: list[_Person], story: str, language: Language) -> None:
    """Role characters ("the keeper", "灯笼匠"): joined to a name the story gives them, or
    their own cast member."""
    mine = {word for words in _FIRST_PERSON_WORDS.values() for word in words}
    taken = [  # a role word inside a name (爷爷 of 周爷爷) is the name; "my" of "my
        # grandmother" is hers
        match.span()
        for person in people
        for name in person.names
        if name not in mine
        for match in re.finditer(re.escape(name), story)
    ]
    for english, gender, age, en, zh in ROLES:
        if language is Language.ZH:
            pattern = re.compile(rf"老?(?:{zh})")  # 老木匠: an old carpenter
        else:
            pattern = re.compile(  # "the keeper", "her father", "the lantern maker's daughter",
                # "a seven-year-old boy"
                rf"(?<![\w-])(?:(?:the|a|an|his|her|their|my|old|young|little)\s+|"
                rf"(?P<owner>[a-z-]+'s)\s+)(?:(?:(?!(?:that|the|a|an|and|or|to|of|was|is|"
                rf"who|which|when|with|for|in|on|at|from|her|his)\b)[a-z]+|[\w-]+-years?-old)\s+)"
                rf"{{0,2}}"
                rf"(?:{en})\b",
                re.IGNORECASE,
            )
        matches = []
        for match in pattern.finditer(story):
            # the role's own words: "maker's" of "the lantern maker's daughter" is his
            begin = match.end("owner") if match.groupdict().get("owner") else match.start()
            if any(begin < end and start < match.end() for start, end in taken):
                continue
            if (
                language is Language.ZH
                and not _heads_words(story, *match.span())
                # 小黄狗旺财: a role right before a name is that one, whatever jieba
                # makes of the run (黄狗旺 / 财摇着)
                # (一条黑狗，叫黑子: so with the name it is called by after a comma)
                and not any(
                    re.match(rf"(?:[，,]?(?:叫|名叫|名字叫))?{re.escape(n)}", story[match.end() :])
                    for p in people
                    for n in p.names
                )
            ):
                continue  # 娘 of 姑娘 (a girl) is no mother
            matches.append(match)
        if not matches or all(_only_named(match, story) for match in matches):
            continue  # "爷爷，我帮你" in a quote, "her father's ladder": nobody in a shot
        taken += [match.span() for match in matches]
        for group in _introductions(matches, language):
            if all(_only_named(match, story) for match in group):
                continue
            if _pictured(group[0], story):
                continue  # 剪了一只兔子 ... 她把兔子贴在窗上: the paper one, every time
            _add_role(people, story, language, (english, gender, age, en, zh), group)
    _merge_parents(people, story, language)
    _merge_children(people, story, language)
    _peers_of_a_child(people, story, language)


def _apposed(people: list[_Person], story: str, match: re.Match[str]) -> _Person | None:
    """The one of the cast a role describes, said right after them with a comma ("the doctor
    from the clinic next door, a tall woman with silver hair": the woman is the doctor), or
    in the next sentence as "he" or "she" ("Mr. Okafor set up his chessboard ... He was a
    retired bus driver": the driver is Mr. Okafor)."""
    if not re.match(r"an?\s", match[0], re.IGNORECASE):
        return None
    before = story[max(0, match.start() - 60) : match.start()]
    if said_of := re.search(r"(?:^|[.!?]\s+)(He|She)\s+(?:was|is)\s+$", before):
        at = match.start() - len(before) + said_of.start(1)  # the sentences before it
        gender = "m" if said_of[1] == "He" else "f"
        said = _named_in(people, story[max(0, at - 300) : at], gender)
    elif before.endswith(", ") and not re.search(r"[.!?\"“”]", before[:-2].split(",")[-1]):
        said = [  # in the same sentence
            (end, person)
            for end, person in _named_in(people, before)
            if not re.search(r"[.!?]", before[end:])
        ]
    else:
        return None
    return max(said, key=lambda found: found[0])[1] if said else None


def _named_in(people: list[_Person], text: str, gender: str = "") -> list[tuple[int, _Person]]:
    """Where each of the cast (of the gender, or of none said) is named in the text: (the
    name's end, the person)."""
    return [
        (found.end(), person)
        for person in people
        if not gender or person.gender in ("", gender)
        for name in person.names
        for found in re.finditer(rf"\b{re.escape(name)}\b", text, re.IGNORECASE)
    ]


def _introductions(matches: list[re.Match[str]], language: Language) -> list[list[re.Match[str]]]:
    """A role's mentions, by person: in English, "a man" said again once the role has been
    brought in ("a bearded man named Oskar ... a man in a yellow jacket was running") brings
    in someone new, whom "the man" after it then means."""
    groups: list[list[re.Match[str]]] = []
    for match in matches:
        new = language is Language.EN and re.match(r"an?\s", match[0], re.IGNORECASE)
        if not groups or (new and groups[-1]):
            groups.append([])
        groups[-1].append(match)
    return groups


def _add_role(
    people: list[_Person],
    story: str,
    language: Language,
    role: tuple[str, str, str, str, str],
    matches: list[re.Match[str]],
) -> None:
    """One person of a role, from the mentions that are theirs: joined to the name the story
    gives them, or a cast member of their own."""
    english, gender, age, _en, zh = role
    if any(p.role == english for p in people):  # the role's second person: "the man in a
        # yellow jacket", else "the other man"
        worn = re.match(r"\s+in\s+an?\s+((?:[a-z]+\s+){1,2}?[a-z]+)\b", story[matches[0].end() :])
        english = (
            f"{english} in the {worn[1]}" if worn else f"the other {english.removeprefix('the ')}"
        )
    # "the lantern maker's daughter": the daughter is a role of her own, and so is "the
    # lantern maker" (the possessive is not part of her name)
    said = [re.sub(r"^[a-z-]+'s\s+", "the ", match[0], flags=re.I) for match in matches]
    if (
        age == "adult"
        and any(  # "the old keeper", 老木匠; not 老师 (a teacher)
            re.search(r"\bold\b", words, re.I)
            or (words.startswith("老") and re.fullmatch(rf"(?:{zh})", words[1:]))
            for words in said
        )
    ):
        age = "elder"
    years = next(  # "a boy of seven holding a paper bag"
        (
            told[1]
            for match in matches
            if (told := re.match(r"\s+of\s+(\d{1,2}|[a-z]+(?:-[a-z]+)?)\b", story[match.end() :]))
            and _en_number(told[1])
        ),
        _ROLE_YEARS.get(english),
    )
    named = (
        _named_by_role(people, story, matches, language)
        or _titled(people, story, matches, age)
        or _apposed(people, story, matches[0])
    )
    if named is not None:
        named.told_years = named.told_years or years
        named.names += sorted(set(said))
        named.gender = named.gender or gender
        named.age = age if age != "adult" else named.age
        named.role = named.role or english
        named.dress = named.dress or _ROLE_DRESS.get(english)
        return
    people.append(
        _Person(
            key=said[0], english=english, gender=gender, age=age, names=sorted(set(said)),
            mentions=len(matches), first=matches[0].start(), role=english, told_years=years,
            dress=_ROLE_DRESS.get(english),
        )
    )  # fmt: skip


_FIRST_PERSON = {
    Language.EN: re.compile(r"\b(?:I|[Mm]e|[Mm]y|[Ww]e|[Uu]s|[Oo]ur)\b"),
    Language.ZH: re.compile(r"我们|我"),
}
_FIRST_PERSON_WORDS = {
    Language.EN: ["I", "me", "my", "we", "us", "our"],
    Language.ZH: ["我们", "我"],
}
_MY_NAME = {
    Language.EN: re.compile(
        r"\b(?:[Mm]y name (?:is|was)|I'm|I am|I was called|[Cc]all me)\s+([A-Z][a-z]+)\b"
    ),
    Language.ZH: re.compile(r"我(?:叫|名叫|的名字叫)([\u3400-\u9fff]{2,3}?)(?=[，。！？、,]|$)"),
}


def _narrator(people: list[_Person], story: str, language: Language) -> None:
    """Who tells a story in the first person ("When I was ten, I spent every summer with my
    grandmother", "我叫陈阳，今年十岁") is in its pictures: a cast member named as they name
    themselves, else "the narrator", shown wherever the telling says I, me, we (我, 我们).
    What the people in it say ("“别忘了给我写信。”") is not the telling."""
    told = unquoted(story)
    said = list(_FIRST_PERSON[language].finditer(told))
    if len(said) < 2:
        return
    named = _MY_NAME[language].search(told)
    name = named[1] if named else None
    person = next((p for p in people if name and name in p.names), None)
    if person is None:
        english = "the narrator" if name is None else name
        person = _Person(
            key=name or english,
            english=pinyin_name(english) if language is Language.ZH and name else english,
            names=[name] if name else [],
            first=said[0].start(),
        )
        people.append(person)
    person.names += _FIRST_PERSON_WORDS[language]
    person.mentions += len(said)
    person.role = person.role or "the narrator"
    person.gender = person.gender or _NARRATOR_UNSAID  # her and his near "I" are others'


_NARRATOR_UNSAID = "-"  # the teller's sex, which the telling does not say (read as "")


# a grandparent or parent the story calls by the word alone ("Grandma opened the hatch")
_KIN_NAMES = {
    **dict.fromkeys(("Grandma", "Granny", "Gran", "Nana"), "the grandmother"),
    **dict.fromkeys(("Grandpa", "Grandad", "Granddad"), "the grandfather"),
    **dict.fromkeys(("Mum", "Mom", "Mama", "Mummy", "Mommy"), "the mother"),
    **dict.fromkeys(("Dad", "Papa", "Daddy"), "the father"),
}


def _kin_called_by_name(people: list[_Person]) -> None:
    """ "Grandma" said as a name is the story's grandmother ("my grandmother ... Her name was
    Edith ... Grandma opened the hatch": Edith), or, with none, that role."""
    for person in list(people):
        role = _KIN_NAMES.get(person.key)
        if role is None:
            continue
        kin = next((p for p in people if p is not person and p.role == role), None)
        if kin is not None:
            kin.names += person.names
            kin.mentions += person.mentions
            kin.first = min(kin.first, person.first)
            people.remove(person)
            continue
        _english, gender, age, _en, _zh = next(r for r in ROLES if r[0] == role)
        person.english, person.role, person.age = role, role, age
        person.gender = person.gender or gender


def _heads_words(text: str, start: int, end: int) -> bool:
    """Whether text[start:end], a role word, is what its words name: it ends where a word of
    jieba's does (a Chinese word ends in its head: 外国游客 is a 游客), and a one-character
    role is a whole word (娘 of 姑娘, a girl, is no mother)."""
    bounds = word_bounds(text)
    return end in bounds and (end - start > 1 or start in bounds)


_PICTURED_THING = re.compile(
    r"(?:剪|画|做|折|捏|绣|刻|雕)(?:了|的|出|成|好)?(?:一只|一个|一匹|一头|只|个|匹|头)?$|"
    r"(?:窗上|墙上|纸上|画上|画里|书上)的$|"
    r"\b(?:paper|wooden|toy|stuffed|clay|china|glass|painted|carved)\s+$|"
    r"\b(?:drew|drawn|painted|carved|cut out|folded)\s+(?:a|an)\s+(?:[a-z]+\s+)?$",
    re.IGNORECASE,
)


def _pictured(match: re.Match[str], story: str) -> bool:
    """Whether a role's mention is of a picture, a paper cut or a toy of one: what comes
    before its noun (the article and words an English match holds included) says so."""
    words = match[0].rsplit(maxsplit=1)
    held = words[0] + " " if len(words) == 2 else ""  # "his wooden" of "his wooden horse"
    return (
        _PICTURED_THING.search(story[max(0, match.start() - 14) : match.start()] + held) is not None
    )


_DEAD = re.compile(
    r"\s+(?:had\s+)?(?:died|passed away|was dead|was gone)\b|(?:已经)?(?:去世|过世|离世|死)了?",
    re.IGNORECASE,
)


def _only_named(match: re.Match[str], story: str) -> bool:
    """A role word that puts no one in the story: said to someone inside a quote ("“爷爷，
    我帮你扫雪。”"), or as the owner of a thing ("her father's old ladder"); a role said
    only so is not a cast member."""
    if any(q.start() <= match.start() < q.end() for q in QUOTED.finditer(story)):
        return True
    if re.search(r"\bas\s+$", story[max(0, match.start() - 4) : match.start()], re.I):
        return True  # "the clocks he had built as a young man": himself, years ago
    if story[match.end() : match.end() + 1] == "们" or re.search(
        r"(?:[二三四五六七八九十百几两多]|\d)个$", story[max(0, match.start() - 4) : match.start()]
    ):
        return True  # 渔民们, 二十个孩子: a crowd, not a cast member
    if _pictured(match, story):
        return True  # 剪一只兔子, 窗上的兔子, "a paper rabbit", "drew a horse": a picture of one
    if _DEAD.match(story, match.end()) or re.search(
        r"\blate\s+$", story[max(0, match.start() - 10) : match.start()]
    ):
        return True  # "since his wife died", "his late wife", 老伴去世了: remembered, not seen
    owner = match.groupdict().get("owner")
    return (
        not owner
        and re.match(r"'s\s+(?!(?:daughter|son|wife|husband)\b)", story[match.end() :]) is not None
    )


def _titled(
    people: list[_Person], story: str, matches: list[re.Match[str]], age: str
) -> _Person | None:
    """The one named person of the role's age that a title's role is ("放牛的孩子" over a
    story of 巴特, "The Bell Ringer"): the role said only in the title, a first line with no
    sentence mark."""
    title = re.match(r"[^\n]{1,60}(?=\n)", story)
    if title is None or re.search(r"[.!?。！？，,]", title[0]):
        return None
    if any(match.start() >= title.end() for match in matches):
        return None
    named = [  # an age the story tells (十岁的巴特) is read later: "adult" is not yet known
        p for p in people if p.role is None and p.age in (age, "", "adult") and p.age != "animal"
    ]
    return named[0] if len(named) == 1 else None


def _named_by_role(
    people: list[_Person], story: str, matches: list[re.Match[str]], language: Language
) -> _Person | None:
    """The named person a role is said of: "女儿小月", "有一个儿子叫阿山", "林小月是灯笼匠的
    女儿", "Mei, the keeper's daughter", "Mei was the lantern maker's daughter", "the keeper,
    Tom", "his daughter Mei". A role followed by 的 or 's names someone else's ("灯笼匠的女儿"
    is not the lantern maker)."""
    for match in matches:
        after = story[match.end() : match.end() + 20]
        before = story[max(0, match.start() - 40) : match.start()]
        if re.match(r"的|'s\b", after):
            continue
        for person in people:
            for name in person.names:
                if language is Language.ZH:
                    named_next = re.match(  # "...小姑娘跑进铺子。她叫朵朵", "一个修船的老人，
                        # 大家都叫他老周"
                        rf"[^。！？]{{0,24}}[。！？]?(?:[她他](?:叫|名叫)|(?:叫|喊|称)[她他]"
                        rf"(?:作|为)?){re.escape(name)}",
                        story[match.end() : match.end() + 40],
                    )
                    if (
                        named_next
                        or re.match(rf"(?:[，,]?(?:叫|名叫|名字叫))?{re.escape(name)}", after)
                        or re.search(
                            rf"(?:叫|名叫){re.escape(name)}的$|"  # 一个叫阿明的少年
                            # 老杨在大山里当了三十年护林员
                            rf"{re.escape(name)}[^。！？，]{{0,10}}?(?:当|做|干)(?:了|过)?"
                            rf"(?:[一二三四五六七八九十几两\d]+年)?$|"
                            rf"{re.escape(name)}(?:(?:是|，|,)(?:[^，。！？；,]{{0,10}}的)?)?$",
                            before,
                        )
                    ):
                        return person
                elif (
                    re.match(  # "the keeper, Tom", "The driver, a bearded man named Oskar"
                        rf"\s*,?\s*(?:(?:an?|the)\s+(?:[\w'-]+\s+){{0,3}}?(?:named|called)\s+|"
                        rf"named\s+|called\s+)?{re.escape(name)}\b",
                        story[match.end() : match.end() + 60],
                    )
                    or _named_later(story, match.end(), name, people)
                    or re.search(  # "Mei, the keeper's daughter", "Mei was a ... girl", not
                        # "for Marco, and her mother"
                        rf"\b{re.escape(name)}(?:\s+[A-Z][a-z]+)?(?:\s*,\s+(?:(?:the|a|an|his|her|their)\s+"
                        rf"(?:[\w'-]+\s+){{0,3}})?|\s+(?:is|was)\s+"
                        rf"(?:(?:the|a|an|his|her|their)\s+)?(?:[\w'-]+\s+){{0,3}})$",
                        before,
                    )
                ):
                    return person
    return None


def _named_later(story: str, at: int, name: str, people: list[_Person]) -> bool:
    """Whether a role said at `at` is named within the next few sentences, before anyone
    else is: "A tall boy ... was fishing. His name was Marco.", "a stranger knocked at the
    door. It was Mr. Pike", "Ruth asked the boy. He pointed at the window. "My dad is
    waiting," he said. His name was Sami."."""
    found = re.match(
        rf"[^.!?]{{0,80}}[.!?]\s+(?:it\s+was)\s+{re.escape(name)}\b|"
        rf"(?:[^.!?]{{0,100}}[.!?][\"”’']?\s+){{1,4}}?(?:his|her|their)\s+name\s+(?:was|is)\s+"
        rf"{re.escape(name)}\b",
        story[at : at + 240],
        re.IGNORECASE,
    )
    if found is None:
        return False
    between = found[0][: -len(name)]
    roles = "|".join(en for _english, _gender, _age, en, _zh in ROLES)
    return (
        not re.search(  # nobody else brought in ("a stranger") or doing something ("Omar
            # waved") on the way; "she told Omar" names him, and it is still she
            rf"\b(?:a|an)\s+(?:[\w-]+\s+){{0,2}}?(?:{roles})\b",
            between[1:],
            re.IGNORECASE,
        )
        and not any(
            re.search(rf"(?:^|[.!?;:,\"“”]\s*){re.escape(other)}\b", between)
            for person in people
            if name not in person.names
            for other in person.names
        )
    )


# (the children's words, the roles of whom they are the children), in each language
_KIN = (
    ({Language.ZH: "女儿|儿子|闺女", Language.EN: "daughter|son"}, ("the father", "the mother")),
    (
        {Language.ZH: "外孙女|孙女|外孙|孙子", Language.EN: "granddaughter|grandson|grandchild"},
        ("the grandfather", "the grandmother"),
    ),
)


def _merge_parents(people: list[_Person], story: str, language: Language) -> None:
    """A parent or grandparent said as a role ("爸爸", "her father", 爷爷, "his
    grandmother") is the one whose child or grandchild the story names ("林小月是灯笼匠的女儿
    ... 帮爸爸做灯笼": the lantern maker is her father; "Old Hattie Moss kept bees. Her grandson
    Felix ...": Hattie is his grandmother), not a person of their own. "Her" or "his" there
    says which."""
    link = (  # "Mrs. Okafor sold tea, and her son Daniel ...": she is his mother
        r"的|有(?:一个|个)?|[^。！？]{0,30}?[。！？]?(?P<own>[他她])的"
        if language is Language.ZH
        else r"'s\s+|\s+had\s+an?\s+|\b[^.!?]{0,80}?(?:[.!?]\s+)?\b(?P<own>her|his|their)\s+"
    )
    for words, roles in _KIN:
        for parent in list(people):
            if parent.role in roles:
                continue
            said_so = next(
                (
                    found
                    for name in parent.names
                    if (found := re.search(rf"{re.escape(name)}(?:{link})(?:{words[language]})",
                                           story, re.I))
                ),
                None,
            )  # fmt: skip
            if said_so is None:
                continue
            own = (said_so["own"] or "").lower()
            parent.gender = parent.gender or {"her": "f", "她": "f", "his": "m", "他": "m"}.get(
                own, ""
            )
            wanted = {"m": roles[0], "f": roles[1]}.get(parent.gender)
            said = [
                p for p in people if p.role in roles and p.english == p.role and p is not parent
            ]
            said = [p for p in said if wanted is None or p.role == wanted]
            if len(said) == 1:
                (role,) = said
                parent.names += [name for name in role.names if name not in parent.names]
                parent.mentions += role.mentions
                parent.first = min(parent.first, role.first)
                parent.gender = parent.gender or role.gender
                people.remove(role)
            elif not said and wanted:  # said only as an owner ("his grandmother's hands"):
                # still them in the shot
                role_words = next(r for r in ROLES if r[0] == wanted)
                stems = role_words[4] if language is Language.ZH else role_words[3]
                pattern = (
                    rf"(?:{stems})" if language is Language.ZH
                    else rf"\b(?:(?:his|her|their)\s+)?(?:{stems})\b"
                )  # fmt: skip
                parent.names += sorted(
                    {m[0] for m in re.finditer(pattern, story, re.I)} - set(parent.names)
                )


_CHILDREN = {"the daughter": "f", "the son": "m"}


def _merge_children(people: list[_Person], story: str, language: Language) -> None:
    """A child said as a role by a parent ("his daughter") is the one the story names as
    that parent's child ("Pip's father came running ... lifted his daughter": Pip)."""
    if language is not Language.EN:
        return
    for child in [p for p in people if p.role in _CHILDREN and p.english == p.role]:
        named = [
            p for p in people
            if p.role in (None, "the girl", "the boy", "the child")
            and p.gender in ("", _CHILDREN[child.role or ""])
            and any(re.search(rf"\b{re.escape(n)}'s\s+(?:father|mother|dad|mum|mom|parents)\b",
                              story) for n in p.names)
        ]  # fmt: skip
        if len(named) != 1:
            continue
        (person,) = named
        person.names += [name for name in child.names if name not in person.names]
        person.mentions += child.mentions
        person.gender = person.gender or _CHILDREN[child.role or ""]
        person.age = "child" if person.age == "adult" else person.age
        people.remove(child)


_SIBLINGS = ("the brother", "the sister", "the little brother", "the little sister")


_FRIEND = r"(?:(?:her|his|their|my)\s+(?:best\s+|new\s+|old\s+)?friends?,?\s+|(?:好)?朋友)"


def _peers_of_a_child(people: list[_Person], story: str, language: Language) -> None:
    """An older brother or sister of a child is a child too (哥哥大海 of 六岁的小山), and so
    is a friend of one ("She was eleven ... her friend Marco"), unless the story says
    otherwise (their own age, told, wins later)."""
    children = [
        p for p in people
        if p.age == "child" or ((told := _told_age(p, story, language)) and told[0] < 18)
    ]  # fmt: skip
    if not children:
        return
    for person in people:
        if person.age != "adult" or person in children:
            continue
        sibling = person.role in ("the brother", "the sister") and any(
            p.role in _SIBLINGS for p in children
        )
        friend = any(  # a Chinese name runs on into the next word: no \b after it
            re.search(_FRIEND + re.escape(name) + ("" if _CJK.search(name) else r"\b"), story)
            for name in person.names
        )
        if sibling or friend:
            person.age = "child"


def _ordered(people: list[_Person]) -> list[_Person]:
    """Most-mentioned first (the lead), at most 8."""
    return sorted(people, key=lambda p: (-p.mentions, p.first))[:8]


# --- looks ---------------------------------------------------------------------------------


_ANIMAL_COLOURS = ("red", "grey", "brown", "white", "black", "golden")


def _animal(person: _Person, story: str, seed: int) -> CastMember:
    species = (person.role or person.english).removeprefix("the ")  # Biscuit: a dog
    colours = f"{'|'.join(_ANIMAL_COLOURS)}|silver|orange"
    named = "|".join(re.escape(name) for name in person.names)
    told = (
        re.search(rf"\b({colours})\s+{species}", story, re.IGNORECASE)
        # "a grey kitten": the colour with a name the story gives it
        or re.search(
            rf"\b({colours})\s+(?:{'|'.join(re.escape(n.split()[-1]) for n in person.names)})\b",
            story,
            re.IGNORECASE,
        )
        # "their dog, Pepper, a small brown terrier"
        or re.search(rf"(?:{named}),\s+an?\s+(?:[a-z]+\s+)?({colours})\s+[a-z]+", story)
        or re.search(rf"(白|黑|灰|黄|红|金)色?的?(?:{named})", story)
        or re.search(r"(白|黑|灰|黄|红|金)", "".join(person.names))  # 小白兔: a white one
    )
    if told and told[1] in _ZH_COLOURS:
        colour = _ZH_COLOURS[told[1]]
    elif told:
        colour = told[1].lower()
    else:
        colour = _ANIMAL_COLOURS[random_pick(seed)(len(_ANIMAL_COLOURS))]
    names = [name for name in dict.fromkeys(person.names) if name != person.english]
    old, kind = species.startswith("old "), species.removeprefix("old ")
    look = f"{'an old' if old else 'a'} {colour} {kind} with bright eyes"
    return CastMember(name=person.english, story_names=names[:12], look=look, seed=seed)


def _member(person: _Person, story: str, language: Language, coat: tuple[str, str]) -> CastMember:
    seed = zlib.crc32(person.english.encode()) & 0xFFFFFFFF
    if person.age == "animal":
        return _animal(person, story, seed)
    pick = random_pick(seed)
    hair, garment = _told_look(person, story, language)
    told_build = _told_build(person, story, language)  # while the teller's sex is "unsaid"
    if person.gender == _NARRATOR_UNSAID:
        person.gender = ""
    if not person.gender and garment and re.search(r"\bdress\b", garment):
        person.gender = "f"
    if person.age == "child" and _says_of(person, story, _GROWN):
        person.age = "adult"  # 孙女小芳在城里读大学: a granddaughter at university
    if (
        person.age == "adult"
        and not person.role
        and _SCHOOL_DAY.search(_first_paragraph(person, story))
        and _told_age(person, story, language) is None
    ):
        person.age = "child"  # 一天放学 ... 小雨推着自行车走过来: a schoolchild
    if person.age == "adult" and _says_of(person, story, _RETIRED):
        person.age = "elder"  # 退休的钱老师, "the retired teacher"
    kind = {
        ("child", "f"): "a young girl",
        ("child", "m"): "a young boy",
        ("child", ""): "a child",
        ("elder", "f"): "an old woman",
        ("elder", "m"): "an old man",
        ("elder", ""): "an old person",
        ("adult", "f"): "a young woman",
        ("adult", "m"): "a man",
        ("adult", ""): "a person",
    }[(person.age, person.gender)]
    if person.age == "adult" and hair and re.match(r"(?:silver|grey|gray|white)\b", hair):
        # "a tall woman with silver hair", of no age told: past her youth
        kind = {"f": "a middle-aged woman", "m": "a middle-aged man"}.get(person.gender, kind)
    told_age = _told_age(person, story, language)
    if told_age is not None:  # "小川今年八岁", "Nora, who was eight years old", "五十多岁"
        years, about = told_age
        age = "child" if years < 18 else "elder" if years >= 60 else "adult"
        noun = {
            "child": {"f": "girl", "m": "boy", "": "child"},
            "elder": {"f": "old woman", "m": "old man", "": "old person"},
            "adult": {"f": "woman", "m": "man", "": "person"},
        }[age][person.gender]  # fmt: skip
        article = "an" if noun[0] in "aeiou" else "a"
        kind = f"{article} {noun} of {'about ' if about else ''}{_number_words(years)}"
        person.age = age
    elif person.role == "the daughter" or (person.age == "child" and language is Language.ZH):
        kind = {"f": "a girl of about twelve", "m": "a boy of about twelve"}.get(
            person.gender, kind
        )
    if hair is None:
        if person.age == "elder":
            colour = "grey"
        elif language is Language.ZH:
            colour = "black"
        else:
            colour = _HAIR_COLOURS[pick(len(_HAIR_COLOURS))]
        style = {
            "f": ("long", "in a braid"),
            "m": ("short", ""),
            "": ("shoulder-length", ""),
        }[person.gender]
        hair = f"{style[0]} {colour} hair {style[1]}".strip()
    if garment is not None and _UNTOLD_COLOUR in garment:
        garment = garment.replace(_UNTOLD_COLOUR, coat[0])  # a colour nobody else wears
    garment = garment or person.dress
    if garment is None or not any(_BODY_GARMENT.search(worn) for worn in garment.split(" and a ")):
        colour, cloth = coat  # a colour nobody else wears
        if cloth == "dress" and person.gender == "m":
            cloth = "tunic"
        # a hat is not all they wear: "a red woollen hat and a blue coat", the same in
        # every shot (without a coat the sketch drew them in a new colour each time)
        garment = f"{colour} {cloth}" if garment is None else f"{garment} and a {colour} {cloth}"
    build = told_build or (
        ("slim", "sturdy", "tall", "small")[pick(4)] if person.age != "child" else "small"
    )
    beard = next(
        (
            told
            for sentence in _sentences_about(person, story)
            for told in _BEARD.finditer(sentence)
            if _theirs(person, sentence, *told.span())
        ),
        None,
    )
    if beard is not None:  # "a bearded man named Oskar", "a white beard", 留着白胡子
        colour = (
            (beard[1] or "").lower().replace("gray", "grey").replace("ginger", "red")
            or _ZH_HAIR_COLOURS.get(beard[2] or "", "")
            or ("grey" if person.age == "elder" else "")
        )
        hair += f" and a {colour} beard".replace("a  ", "a ")
    look = f"{kind}, {build}, {hair}, wearing " + _articled(f"a {garment}")
    if _says_of(person, story, _GLASSES):  # 戴着一副旧眼镜, "in his spectacles"
        look += " and glasses"
    names = [name for name in dict.fromkeys(person.names) if name != person.english]
    return CastMember(name=person.english, story_names=names[:12], look=look, seed=seed)


def _articled(worn: str) -> str:
    """ "a orange scarf and a yellow boots" as English says it: "an orange scarf and yellow
    boots" (a plural, "boots" or "overalls", takes no article; "a red dress" keeps one)."""
    worn = re.sub(r"\ba (?=[aeiou])", "an ", worn)
    return re.sub(r"\ba ((?:[a-z]+ ){0,2}[a-z]*[^s\s']s)\b", r"\1", worn)


_EN_NUMBERS = (  # noqa: SIM905
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_EN_TENS = "- - twenty thirty forty fifty sixty seventy eighty ninety".split()  # noqa: SIM905
_ZH_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
_EN_AGE = re.compile(
    r"\b(\d{1,2}|" + "|".join([*_EN_NUMBERS[1:], *_EN_TENS[2:]]) + r")(?:[- ](?:one|two|three|"
    r"four|five|six|seven|eight|nine))?[- ]years?[- ]old\b",
    re.IGNORECASE,
)
# "Poppy, who was eleven, ...", "... Priya. She was eleven", "Zoe was ten."
_EN_AGE_WHO = re.compile(
    r"(?:\bwho|^(?:she|he)|\bI(?-i:)|^(?-i:[A-Z])[\w.'-]*(?:\s(?-i:[A-Z])[\w'-]*)?)"
    r"\s+(?:was|is|am)\s+(\d{1,2}|" + "|".join([*_EN_NUMBERS[1:], *_EN_TENS[2:]]) + r")"
    r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?\b(?![- ](?:years?|feet|foot|"
    r"inches|metres|meters|miles|minutes|hours|days|weeks|months|times|of)\b)",
    re.IGNORECASE,
)
_ZH_AGE = re.compile(r"([零一二两三四五六七八九十]{1,3}|\d{1,2})(多|来)?岁")


def _number_words(number: int) -> str:
    if number < 20:
        return _EN_NUMBERS[number]
    tens, ones = divmod(number, 10)
    return _EN_TENS[tens] + (f"-{_EN_NUMBERS[ones]}" if ones else "")


def _zh_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return _ZH_DIGITS.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    return (_ZH_DIGITS.get(tens, 0) if tens else 1) * 10 + (_ZH_DIGITS.get(ones, 0) if ones else 0)


_GROWN = re.compile(r"\b(?:university|college|married)\b|大学|结婚|上班", re.IGNORECASE)
_RETIRED = re.compile(r"\bretired\b|退休", re.IGNORECASE)
# on the way to or from school: whom the paragraph brings in is a schoolchild
_SCHOOL_DAY = re.compile(
    r"放学|放了学|上学路上|上学的路上|\b(?:after|walked home from|on the way to) school\b",
    re.IGNORECASE,
)


def _first_paragraph(person: _Person, story: str) -> str:
    """The paragraph in which the story first names the person ("" when it never does)."""
    for paragraph in story.split("\n\n"):
        if any(name in paragraph for name in person.names if name):
            return paragraph
    return ""


_GLASSES = re.compile(r"\b(?:glasses|spectacles)\b|眼镜", re.IGNORECASE)


def _names(person: _Person, sentence: str) -> bool:
    return any(name.lower() in sentence.lower() for name in person.names)


def _sentences_about(person: _Person, story: str) -> list[str]:
    """The sentences that name the person, and each next one that begins with their pronoun
    ("... an old man named Bruno rang the bell. He wore a brown cap ...")."""
    pronoun = {"m": r"He\b|他(?!们)", "f": r"She\b|她(?!们)"}.get(
        person.gender, r"(?:He|She)\b|[他她](?!们)"
    )
    sentences = [span.text for span in split_sentences(story)]
    about: list[str] = []
    for index, sentence in enumerate(sentences):
        if _names(person, sentence):
            about.append(sentence)
            following = sentences[index + 1] if index + 1 < len(sentences) else ""
            if re.match(pronoun, following) and following not in about:
                about.append(following)
    return about


def _says_of(person: _Person, story: str, what: re.Pattern[str]) -> bool:
    """Whether a sentence about the person (one that names them, or the next one that opens
    with their pronoun) says `what`."""
    return any(what.search(s) for s in _sentences_about(person, story))


def _en_number(text: str) -> int | None:
    """An English number of years: "14", "fourteen", "seventy-two", "seventy two"."""
    words = text.lower().replace("-", " ").split()
    if not words:
        return None
    if words[0].isdigit():
        return int(words[0])
    if words[0] in _EN_NUMBERS:
        return _EN_NUMBERS.index(words[0])
    if words[0] in _EN_TENS[2:]:
        ones = words[1] if len(words) > 1 and words[1] in _EN_NUMBERS[1:10] else "zero"
        return 10 * _EN_TENS.index(words[0]) + _EN_NUMBERS.index(ones)
    return None


def _theirs(person: _Person, sentence: str, start: int, end: int) -> bool:
    """Whether what a sentence says at [start, end) (an age, a build, a garment) is said of
    the person, not of another it names: the age before 的 and a name is that name's
    (十二岁的石头, not 孙奶奶's of the same sentence); else what the last one named before it
    has ("Anna, in a red coat, met Tom in a blue jacket"), unless they only made it (妈妈织的
    红围巾 is worn by whoever puts it on: the sentence's first-named)."""
    lowered = sentence.lower()

    def mentions(names: list[str]) -> list[tuple[int, int]]:
        return [
            (m.start(), m.end())
            for name in names
            if name
            for m in re.finditer(re.escape(name.lower()), lowered)
        ]

    mine = mentions(person.names)
    # "他比我高半个头": a sentence that opens with a pronoun is about whom it means, not
    # about "我" that it names after
    lead = re.match(r"(?:他|她|he\b|she\b)", lowered)
    lead_is_mine = lead is not None and (
        {"他": "m", "he": "m", "她": "f", "she": "f"}[lead[0]] == person.gender
    )
    if lead_is_mine and not mine:
        mine = [(0, 1)]
    theirs = [
        (begin, finish, False)
        for names in person.others
        for begin, finish in mentions(names)
        if not any(b <= begin < f or begin <= b < finish for b, f in mine)
    ] + ([(0, 1, False)] if lead is not None and person.gender and not lead_is_mine else [])
    if not theirs:
        return True
    said = sorted([(begin, finish, True) for begin, finish in mine] + theirs)
    for begin, _finish, is_mine in said:
        if begin == end + 1 and sentence.startswith("的", end):
            return is_mine
    before = [  # not one said only as whom another is compared with or given to (他比我高)
        is_mine
        for begin, finish, is_mine in said
        if finish <= start
        and not re.match(r"[\u3400-\u9fff]{1,2}的", sentence[finish:start])
        and not re.search(r"(?:比|给|对|向|跟)$", sentence[:begin])
    ]
    return before[-1] if before else said[0][2]


def _told_age(person: _Person, story: str, language: Language) -> tuple[int, bool] | None:
    """An age the story gives the person: with how they are introduced ("a girl of
    fourteen named"), or in a sentence that names them (and whether it is about that:
    五十多岁, "fifty-odd")."""
    if person.told_years and (years := _en_number(person.told_years)):
        return years, False
    for sentence in _sentences_about(person, story):
        about = False
        patterns = (_ZH_AGE,) if language is Language.ZH else (_EN_AGE, _EN_AGE_WHO)
        told = next(
            (
                m
                for pattern in patterns
                for m in pattern.finditer(sentence)
                if _theirs(person, sentence, *m.span())
            ),
            None,
        )
        if told is None:
            continue
        if language is Language.ZH:
            years = _zh_number(told[1])
            about = told[2] is not None
        else:
            years = _en_number(told[1] if told.re is _EN_AGE_WHO else told[0])
        if years and 0 < years < 120:
            return years, about
    return None


def random_pick(seed: int) -> Callable[[int], int]:
    """A deterministic chooser from a seed: pick(n) -> 0..n-1, a new draw each call."""
    state = [seed]

    def pick(count: int) -> int:
        state[0] = (state[0] * 1103515245 + 12345) & 0x7FFFFFFF
        return (state[0] >> 8) % count

    return pick


_EN_BUILD = re.compile(
    r"\b(tall|short|small|little|thin|slim|skinny|stout|plump|stocky|sturdy|broad-shouldered)"
    r"\s+(?:(?:old|young|little)\s+)?(?:man|woman|boy|girl|lady|fellow|person)\b",
    re.IGNORECASE,
)
_EN_BUILD_SAID = re.compile(  # "She was sixty, small and quick", "who was tall and thin"
    r"\b(?:she|he|who)\s+(?:was|is)\s+(?:[\w-]+,\s+)?(?:very\s+|quite\s+)?"
    r"(tall|short|small|little|thin|slim|skinny|stout|plump|stocky|sturdy)\b(?!\s+of\b)",
    re.IGNORECASE,
)
_ZH_BUILD = re.compile(
    r"高高的|高个子|个子很高|高大|比[^，。！？]{1,3}高|瘦小|矮小|小个子|瘦瘦的|瘦|胖胖的|胖|壮实|结实|魁梧"
)
_BUILDS = {
    **dict.fromkeys(("tall", "高高的", "高个子", "个子很高", "高大"), "tall"),
    **dict.fromkeys(("short", "small", "little", "瘦小", "矮小", "小个子"), "small"),
    **dict.fromkeys(("thin", "slim", "skinny", "瘦瘦的", "瘦"), "slim"),
    **dict.fromkeys(("stout", "plump", "stocky", "sturdy", "broad-shouldered"), "sturdy"),
    **dict.fromkeys(("胖胖的", "胖", "壮实", "结实", "魁梧"), "sturdy"),
}


def _told_build(person: _Person, story: str, language: Language) -> str | None:
    """The build the story gives the person: "a tall woman with silver earrings", 瘦小."""
    patterns = (_ZH_BUILD,) if language is Language.ZH else (_EN_BUILD, _EN_BUILD_SAID)
    for sentence in _sentences_about(person, story):
        for pattern in patterns:
            for told in pattern.finditer(sentence):
                if _theirs(person, sentence, *told.span()):
                    said = (told[1] if told.groups() else told[0]).lower()
                    return "tall" if said.startswith("比") else _BUILDS[said]  # 比我高半个头
    return None


def _told_look(person: _Person, story: str, language: Language) -> tuple[str | None, str | None]:
    """Hair and clothes the story gives the person (in the sentences that name them): up to
    two garments ("a brown cap and a long grey scarf")."""
    hair = None
    garments: list[str] = []
    for sentence in _sentences_about(person, story):
        if language is Language.ZH:
            if hair is None and (told := _ZH_HAIR.search(sentence)):
                hair = {**_ZH_HAIR_COLOURS, "红": "red"}[told[1] or told[2]] + " hair"
            garments += [
                f"{_ZH_COLOURS[m[1]]} {_ZH_GARMENTS[m[2]]}"
                for m in _ZH_GARMENT.finditer(sentence)
                if _theirs(person, sentence, *m.span())
            ]
            garments += [  # 穿上厚厚的棉袄: a padded jacket, its colour ours to choose
                f"{_OWN_COLOUR.get(_ZH_GARMENTS[m[1]], _UNTOLD_COLOUR)} {_ZH_GARMENTS[m[1]]}"
                for m in _ZH_PLAIN_GARMENT.finditer(sentence)
                if not _ZH_GARMENT.search(m[0]) and _theirs(person, sentence, *m.span())
            ]
        else:
            if hair is None and (told := _EN_HAIR.search(sentence)):
                hair = f"{told[1].lower()} hair"
            elif hair is None and (told := _EN_BRAIDS.search(sentence)):  # "two brown braids"
                count = f"{told[1].lower()} " if told[1] else ""
                hair = f"{told[2].lower()} hair in {count}{told[3].lower()}"
            garments += [  # "red woollen hat"
                f"{m[1].lower()} {f'{m[2].lower()} ' if m[2] else ''}{m[3].lower()}"
                for m in _EN_GARMENT.finditer(sentence)
                if _theirs(person, sentence, *m.span())
            ]
            garments += [  # "always wore a flat cap": a cap, its colour ours to choose
                f"{_UNTOLD_COLOUR} {f'{m[1].lower()} ' if m[1] else ''}{m[2].lower()}"
                for m in _EN_PLAIN_GARMENT.finditer(sentence)
                if _theirs(person, sentence, *m.span())
            ]
    if language is Language.EN and (costume := _costume(person, story)):
        garments.insert(0, costume)
    kept = list(dict.fromkeys(garments))[:2]
    garment = " and a ".join(kept) if kept else None
    return hair, garment


# "a boy dressed as a squirrel"; "chosen to play a tree in the school play. Her costume was..."
_DRESSED_AS = re.compile(r"\bdressed (?:up )?as an?\s+([a-z]+)\b", re.IGNORECASE)
_PLAYS = re.compile(r"\b(?:to play|played|plays|playing)\s+(?:a|an|the)\s+([a-z]+)\b")
_COSTUME_COLOUR = {
    **dict.fromkeys(("tree", "bush", "frog", "dragon", "leaf"), "green"),
    **dict.fromkeys(("squirrel", "bear", "dog", "horse", "mouse", "owl", "donkey"), "brown"),
    **dict.fromkeys(("rabbit", "sheep", "snowman", "ghost", "cloud", "swan", "angel"), "white"),
    **dict.fromkeys(("star", "sun", "lion", "duck", "chick"), "yellow"),
    **dict.fromkeys(("fox", "tiger", "pumpkin"), "orange"),
}


def _costume(person: _Person, story: str) -> str | None:
    """What someone plays in a play or is dressed as, worn as a costume: "squirrel costume"."""
    for sentence in _sentences_about(person, story):
        for pattern in (_DRESSED_AS, _PLAYS):
            for told in pattern.finditer(sentence):
                kind = told[1].lower()
                if pattern is _PLAYS and not re.search(r"\bcostume\b", story, re.I):
                    continue  # "played the piano", "to play a game": no costume said
                if _theirs(person, sentence, *told.span()):
                    return f"{_COSTUME_COLOUR.get(kind, _UNTOLD_COLOUR)} {kind} costume"
    return None
