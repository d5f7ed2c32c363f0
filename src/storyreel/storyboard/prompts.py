"""English visual prompts from the story bible: who is in the shot (with their fixed look),
what they do and hold, where and when. Never the narration itself: an image model reads
English, and a prompt that copies a sentence shows words, not a picture."""

from __future__ import annotations

import re
from collections import Counter

from storyreel.contract import CastMember, ShotSize
from storyreel.contract.storyboard import MAX_PROMPT_CHARS
from storyreel.storyboard.bible import Bible, without_names
from storyreel.text.scene import SceneReading
from storyreel.text.sentences import QUOTED, unquoted
from storyreel.text.things import find_action, find_props, names_things

SIZE_PHRASE = {
    ShotSize.WIDE: "wide establishing shot",
    ShotSize.MEDIUM: "medium shot",
    ShotSize.CLOSE_UP: "close-up shot",
}
_SHE = re.compile(r"\b(?:she|her)\b|她(?!们)", re.IGNORECASE)
_HE = re.compile(r"\b(?:he|him|his)\b|他(?!们)", re.IGNORECASE)
_THEY = re.compile(
    r"\bthe\s+(?P<size>two|three|four)\s+of\s+them\b|\b(?:they|them|together)\b|他们|她们|它们"
    r"|(?P<size_zh>[两三四])个?(?:人(?!家)|好?朋友|小伙伴)|俩",
    re.IGNORECASE,
)
# the family, all of it: the cast the story calls by a word of kin (奶奶, 孙女, "her mother")
_FAMILY = re.compile(r"一家人|一家子|全家人?|\b(?:the\s+(?:whole\s+)?family)\b", re.IGNORECASE)
_KIN_WORD = re.compile(
    r"奶奶|爷爷|外婆|外公|姥姥|姥爷|妈妈|爸爸|母亲|父亲|孙女|孙子|外孙|女儿|儿子|哥哥|姐姐|弟弟|妹妹|"
    r"妻子|丈夫|\b(?:grand)?(?:mother|father|daughter|son|ma|pa)\b|\b(?:brother|sister|wife|"
    r"husband|grandchild)\b",
    re.IGNORECASE,
)
_IT = re.compile(r"它(?!们)")
_GROUP_SIZE = {"two": 2, "three": 3, "four": 4, "两": 2, "三": 3, "四": 4}
# a Chinese sentence that opens with going somewhere and says not who: whoever went before
_WENT_ON = re.compile(
    r"(?:走到|来到|赶到|跑到|爬到|走进|走出|走过|到了)[^。！？]{0,12}?(?:的时候|时|，)"
)
_DOES_TO = re.compile(  # 给他们, 带着兄弟俩
    r"(?:给|带着|带|对|陪着|等着|看着|帮|叫醒|叫)(?:[他她]|兄弟|姐妹|兄妹|姐弟|母女|父子|母子|父女)?$"
)


# "照片上的爸爸在笑", "a photograph of her father": one in a picture is not in the shot
_PICTURED = re.compile(
    r"(?:照片|相片|画像|画)(?:上|里)的(?:[他她我你]的?)?$"
    r"|\b(?:photo|photograph|picture|portrait|painting)\s+of\s+(?:(?:his|her|their|my|the)\s+)?$",
    re.IGNORECASE,
)


def _spoken_of(match: re.Match[str], quotes: list[tuple[int, int]], text: str) -> bool:
    """Whether a name is only talked about, inside what someone says (“她爸爸的信”: he is
    not there); one who is called (“周叔，路太滑了”) is."""
    inside = next(((start, end) for start, end in quotes if start < match.start() < end), None)
    if inside is None:
        return False
    called = match.start() == inside[0] + 1 and re.match(r"\s*[,，!！?？.。]", text[match.end() :])
    return not called


_SENTENCE_END = re.compile(r"[.!?。！？]+[\"”’']?")
# "her" before what she has ("blew her whistle"), not "gave her a cup", "hugged her tightly"
_HER_OWNS = re.compile(
    r"\s+(?!(?:a|an|the|to|and|or|but|in|on|at|for|with|about|from|up|down|back|out|off|away|"
    r"again|that|this|some|so|too|as|if|when|while|home)\b)[a-z]+(?<!ly)\b",
    re.IGNORECASE,
)
# "jumped into his arms": someone else's, not the jumper's
_INTO_ARMS = re.compile(r"\binto\s+(?:his|her)\s+arms\b", re.IGNORECASE)


# what comes before 他 or 她 when it is whom something is done to, not who does it
_ZH_OBJECT = re.compile(r"(?:给|对|把|让|和|跟|向|帮|的|着|了|见|问|告诉|陪|替|叫)$")


# someone the text says is not there: "the doctor did not come", "李婶没有来"
_ABSENT = re.compile(
    r"\s+(?:did not|didn't|never|could not|couldn't)\s+(?:come|came|arrive|appear|show up)\b|"
    r"\s+(?:was|were)\s+(?:not|n't|nowhere)\s+(?:there|to be seen|at home)\b|"
    r"(?:没有|没)(?:来|出现|回来)",
    re.IGNORECASE,
)
# what someone is told of someone else: "A nurse told her that the doctor had fainted"
_REPORTED = re.compile(
    r"\b(?:told|tells|said|says|heard|explained|wrote|whispered)\b[^.!?]{0,20}\bthat\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _things_before(text: str, at: int) -> bool:
    """Whether "them" at `at` means things its sentence names before it ("two warm rolls",
    "the jars"), not people."""
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, at)), default=0)
    return names_things(text[start:at])


def _own_pronoun(said: re.Match[str], text: str) -> bool:
    """Whether a pronoun is the subject or owner word that names someone already named in
    the text (he, she, his, 他, 她, a possessive "her"), not another person."""
    word = said[0].lower()
    if _INTO_ARMS.match(text, max(0, said.start() - 5)):
        return False
    if word in ("他", "她") and _ZH_OBJECT.search(text, 0, said.start()):
        return False  # 递给他, 看着浑身湿透的他: someone else, whom it is done to
    if word == "her":
        return _HER_OWNS.match(text, said.end()) is not None
    return word in ("his", "he", "she", "他", "她")


def _named_after_opening(text: str, pronoun: re.Match[str], at: int) -> bool:
    """Whether a pronoun in a sentence's opening phrase means the name right after it:
    "On his way down, Dev heard the kitten" (his is Dev's)."""
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, pronoun.start())), default=0)
    return (
        at > pronoun.end()
        and "," not in text[start : pronoun.start()]
        and re.fullmatch(r"[^,.!?]*,\s*", text[pronoun.end() : at]) is not None
    )


def _covered(match: re.Match[str], name: str, spans: list[tuple[int, int, str]]) -> bool:
    """Whether another of the cast's longer names holds this match ("man" of "a bearded man
    named Oskar" is not "the man")."""
    return any(
        other != name and start <= match.start() and match.end() <= end
        and end - start > match.end() - match.start()
        for start, end, other in spans
    )  # fmt: skip


class CastReader:
    """Who each shot shows, shot after shot: the names it says, else whom its pronouns mean
    (the last one named of that gender), else, where it goes on with the last shot's
    sentence, whom that shot showed ("小川今年八岁，" / "最喜欢坐在月台上数火车。")."""

    def __init__(self, bible: Bible) -> None:
        self.bible = bible
        self._patterns = bible.name_patterns()
        self._genders = bible.genders
        # who is an animal (a look with no clothes: "a white rabbit with bright eyes")
        self._animal = {member.name: "wearing" not in member.look for member in bible.cast}
        self._recent: list[str] = []  # the last named first
        self._subjects: list[str] = []  # whom the last text showed, not only as an owner
        self._shots: Counter[str] = Counter()  # how many texts each one was in

    def _owner_only(self, name: str, text: str, match: re.Match[str]) -> bool:
        """Whether the name is said only as the owner of another of the cast: 阿强 of
        "阿强的妻子抱着孩子" (his wife is in the picture, not he); or as who made or has a
        thing (妈妈织的红围巾)."""
        if re.match(r"[\u3400-\u9fff]{1,2}的", text[match.end() :]) and not re.match(
            r"[的了着过]", text[match.end() :]
        ):
            return True  # 戴上妈妈织的红围巾, 孙奶奶家的炭: what she made or has, not she
        owned = re.match(r"的|['’]s\s+", text[match.end() :])
        return owned is not None and any(
            other != name and pattern.match(text, match.end() + owned.end())
            for other, pattern in self._patterns
        )

    def unseen_in(self, text: str) -> bool:
        """Whether the text names one of the cast who was in no text read so far."""
        return any(
            pattern.search(text) and not self._shots[name] for name, pattern in self._patterns
        )

    def read(self, text: str, *, continues: bool = False, moved: bool = False) -> list[str]:
        """The cast a text shows, in the order it brings them in (at most three);
        `continues`: the text goes on with the last one's sentence; `moved`: it is somewhere
        else than the text before, and a passer-by (one the story does not name, seen in
        under three texts so far: "a tall man" at the market) stays behind: "they" and "he"
        in the texts after it mean the ones who came."""
        found: dict[str, int] = {}
        owners: set[str] = set()  # meant only by "his" or 他的
        quotes = [q.span() for q in QUOTED.finditer(text)]
        said = {name: list(pattern.finditer(text)) for name, pattern in self._patterns}
        spans = [(m.start(), m.end(), name) for name, ms in said.items() for m in ms]
        for name, _pattern in self._patterns:
            shown = [
                m for m in said[name]
                if not self._owner_only(name, text, m) and not _spoken_of(m, quotes, text)
                and not _PICTURED.search(text, 0, m.start()) and not _covered(m, name, spans)
                and not _ABSENT.match(text, m.end()) and not _REPORTED.search(text, 0, m.start())
            ]  # fmt: skip
            if shown:
                found[name] = shown[0].start()
        # "she" or "he" is the last one named of that gender whom the text does not name
        for pattern, gender in ((_SHE, "f"), (_HE, "m")):
            match = pattern.search(text)
            if match is None:
                continue
            if all(  # "Felix filled the notebook with his grandmother's hands": his own;
                # "a boy ... pressed his nose to the window. He had three coins": the boy
                _own_pronoun(pronoun, text) or text.startswith("的", pronoun.end())
                for pronoun in pattern.finditer(text)
            ) and any(
                self._genders.get(name) == gender
                and (at < match.start() or _named_after_opening(text, match, at))
                for name, at in found.items()
            ):
                continue
            if sum(self._genders.get(name) == gender for name in found) >= 2:
                continue  # "While Dev drank his tea, he told him about ...": the two named
            meant = next(
                (n for n in self._recent if self._genders.get(n) == gender and n not in found),
                None,
            )
            if meant is None and (
                not found  # "李婶看见他来了": no man in the cast, so he is one we know less of
                or (
                    all(self._genders.get(n) not in ("", gender) for n in found)
                    and gender not in self._genders.values()
                )
            ):
                meant = next(
                    (n for n in self._recent if not self._genders.get(n) and n not in found), None
                )
            if meant is not None and all(
                said[0] in ("他", "她") and self._owner_only(meant, text, said)
                for said in pattern.finditer(text)
            ):
                continue  # 他的孙子小川: his grandson is in the picture, not he, as a name said
                # only as an owner is not; "It was from her brother" still shows her
            if meant is not None:
                found[meant] = match.start()
                if all(
                    said[0].lower() == "his"
                    or (said[0].lower() == "her" and _HER_OWNS.match(text, said.end()))
                    or text.startswith("的", said.end())
                    for said in pattern.finditer(text)
                ):
                    owners.add(meant)
        if _IT.search(text) and not any(self._animal.get(name) for name in found):
            # 它 is the animal last named: "森林里住着一只小白兔。... 它在菜园里种的萝卜"
            meant = next((n for n in self._recent if self._animal.get(n)), None)
            if meant is not None:
                found[meant] = _IT.search(text).start()  # type: ignore[union-attr]
        they = _THEY.search(text)
        if they and they[0].lower() == "them" and _things_before(text, they.start()):
            they = None  # "wrapped two warm rolls in a napkin and carried them": the rolls
        if they:
            # "they" is two or more ("the three of them", 三个人: that many): those named
            # before it, and the last ones named in the shots before ("小女孩的妈妈找到了她们":
            # the girl and the old man she was with); "them" and 带着兄弟俩 are others than
            # who is named before it
            count = _GROUP_SIZE.get((they["size"] or they["size_zh"] or "").lower(), 2)
            before = sum(at < they.start() for at in found.values())
            if they[0].lower() == "them" or _DOES_TO.search(text, 0, they.start()):
                before = 0
            for name in [n for n in self._recent if n not in found][: max(0, count - before)]:
                found[name] = they.start()
        if family := _FAMILY.search(text):
            for member in self.bible.cast:
                if member.name not in found and any(
                    _KIN_WORD.search(name) for name in member.story_names
                ):
                    found[member.name] = family.start()
        if not found and continues:
            found = dict.fromkeys(self._subjects, 0)
        elif _WENT_ON.match(text):  # "走到瀑布边的时候，黑子忽然叫了起来": who walked on
            for name in self._subjects:
                found.setdefault(name, 0)
        named = sorted(found, key=lambda name: found[name])
        self._subjects = [name for name in named if name not in owners]
        self._shots.update(named)

        # the last sentence's people are the most recent, its subject first: "They carried
        # the jars to the market. A tall man tasted the honey." / "he said" is the man
        def sentence(name: str) -> int:
            return len(_SENTENCE_END.findall(text[: found[name]]))

        # ... and who is there only as an owner ("Her first customer was the doctor") less
        # recent than whom the sentence is about
        for name in sorted(named, key=lambda n: (sentence(n), n not in owners, -found[n])):
            if name in self._recent:
                self._recent.remove(name)
            self._recent.insert(0, name)
        if moved:  # who is in this text came along
            self._recent = [
                name for name in self._recent
                if name in named or self._shots[name] >= 3 or not name.lower().startswith("the ")
            ]  # fmt: skip
        return named[:3]


_UNCOUNTED = {"bread", "fire", "firewood", "bamboo", "paper", "fish"}


def _article(thing: str) -> str:
    head = thing.split(" of ")[0]  # "a pair of shoes"
    if thing in _UNCOUNTED or (head.endswith("s") and not head.endswith("ss")):
        return thing  # bread, flowers
    return ("an " if thing[0] in "aeiou" else "a ") + thing


def shot_props(text: str, cast: list[CastMember]) -> list[str]:
    """The props a shot's text shows (at most three), its cast's names left out."""
    return find_props(without_names(text, cast))[:3]


def compose_prompt(
    *,
    size: ShotSize,
    cast: list[CastMember],
    text: str,
    scene: SceneReading,
    style: str,
    picture: str | None = None,
    establishing: bool = True,
    story_cast: list[CastMember] | None = None,
) -> tuple[str, list[str]]:
    """The shot's English prompt and the props it shows. `picture`: what happens, in an
    LLM's English words, in place of the action read from the text; `establishing`: a wide
    shot that shows a place for the first time (else a wide shot is only a wide shot: two
    people talking in a place already seen); `story_cast`: everyone the story names, whose
    names are blanked before props are read even where they are not in the shot (阿花的奶奶:
    no flowers), by default the shot's cast."""
    phrases = SIZE_PHRASE if establishing else {**SIZE_PHRASE, ShotSize.WIDE: "wide shot"}
    named = cast if story_cast is None else story_cast
    # inside the train carriage, the train is where they are, not a thing beside them
    props = [p for p in shot_props(text, named) if p not in (scene.place or "").split()]
    # a cap someone in the shot wears is in their look, not a thing beside them
    worn = " ".join(member.look for member in cast)
    props = [p for p in props if not (p == "hat" and re.search(r"\b(?:hat|cap)\b", worn))]
    text = without_names(text, named)
    # what is said is not what is seen: "Hold on," he whispered
    action = find_action(unquoted(text)) if cast else None
    subject = " and ".join(f"{member.name} ({member.look})" for member in cast)
    things = ", ".join(_article(prop) for prop in props)
    if picture:
        unsaid = [prop for prop in props if prop.split()[-1] not in picture.lower()]
        parts = [f"{phrases[size]} of {subject}" if subject else phrases[size], picture]
        if unsaid:
            parts.append("with " + ", ".join(_article(prop) for prop in unsaid))
    elif subject:
        parts = [f"{phrases[size]} of {subject}"]
        if action and things:
            verb = action if action in ("holding", "carrying", "lighting", "making") else None
            parts.append(f"{verb} {things}" if verb else f"{action}, with {things}")
        elif action:
            parts.append(action)
        elif things:
            parts.append(f"with {things}")
    elif things:
        parts = [f"{phrases[size]} of {things}"]
    else:
        parts = [phrases[size] + (f" of the {scene.place}" if scene.place else "")]
    described = scene.describe(place=bool(subject or things))
    if described:
        parts.append(described)
    if style.strip():
        parts.append(style.strip())
    return ", ".join(parts)[:MAX_PROMPT_CHARS], props
