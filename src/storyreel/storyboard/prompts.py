"""English visual prompts from the story bible: who is in the shot (with their fixed look),
what they do and hold, where and when. Never the narration itself: an image model reads
English, and a prompt that copies a sentence shows words, not a picture."""

from __future__ import annotations

import re

from storyreel.contract import CastMember, ShotSize
from storyreel.contract.storyboard import MAX_PROMPT_CHARS
from storyreel.storyboard.bible import Bible, without_names
from storyreel.text.scene import SceneReading
from storyreel.text.things import find_action, find_props

SIZE_PHRASE = {
    ShotSize.WIDE: "wide establishing shot",
    ShotSize.MEDIUM: "medium shot",
    ShotSize.CLOSE_UP: "close-up shot",
}
_SHE = re.compile(r"\b(?:she|her)\b|她(?!们)", re.IGNORECASE)
_HE = re.compile(r"\b(?:he|him|his)\b|他(?!们)", re.IGNORECASE)
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|「[^」]*」|『[^』]*』")
_THEY = re.compile(r"\b(?:they|them|together)\b|他们|她们|两人|俩", re.IGNORECASE)


class CastReader:
    """Who each shot shows, shot after shot: the names it says, else whom its pronouns mean
    (the last one named of that gender), else, where it goes on with the last shot's
    sentence, whom that shot showed ("小川今年八岁，" / "最喜欢坐在月台上数火车。")."""

    def __init__(self, bible: Bible) -> None:
        self.bible = bible
        self._patterns = bible.name_patterns()
        self._genders = bible.genders
        self._recent: list[str] = []  # the last named first
        self._subjects: list[str] = []  # whom the last text showed, not only as an owner

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

    def read(self, text: str, *, continues: bool = False) -> list[str]:
        """The cast a text shows, in the order it brings them in (at most three);
        `continues`: the text goes on with the last one's sentence."""
        found: dict[str, int] = {}
        owners: set[str] = set()  # meant only by "his" or 他的
        for name, pattern in self._patterns:
            shown = [m for m in pattern.finditer(text) if not self._owner_only(name, text, m)]
            if shown:
                found[name] = shown[0].start()
        # "she" or "he" is the last one named of that gender whom the text does not name
        for pattern, gender in ((_SHE, "f"), (_HE, "m")):
            match = pattern.search(text)
            if match is None:
                continue
            if all(  # "Felix filled the notebook with his grandmother's hands": his own;
                # "a boy ... pressed his nose to the window. He had three coins": the boy
                said[0].lower() in ("his", "he", "she") or text.startswith("的", said.end())
                for said in pattern.finditer(text)
            ) and any(
                self._genders.get(name) == gender and at < match.start()
                for name, at in found.items()
            ):
                continue
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
            if meant is not None:
                found[meant] = match.start()
                if all(
                    said[0].lower() == "his" or text.startswith("的", said.end())
                    for said in pattern.finditer(text)
                ):
                    owners.add(meant)
        if they := _THEY.search(text):
            # "they" is two or more: those named before it, and the last ones named in the
            # shots before ("小女孩的妈妈找到了她们": the girl and the old man she was with)
            before = sum(at < they.start() for at in found.values())
            for name in [n for n in self._recent if n not in found][: max(0, 2 - before)]:
                found[name] = they.start()
        if not found and continues:
            found = dict.fromkeys(self._subjects, 0)
        named = sorted(found, key=lambda name: found[name])
        self._subjects = [name for name in named if name not in owners]
        for name in reversed(named):
            if name in self._recent:
                self._recent.remove(name)
            self._recent.insert(0, name)
        return named[:3]


_UNCOUNTED = {"bread", "fire", "bamboo", "paper", "fish"}


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
) -> tuple[str, list[str]]:
    """The shot's English prompt and the props it shows. `picture`: what happens, in an
    LLM's English words, in place of the action read from the text; `establishing`: a wide
    shot that shows a place for the first time (else a wide shot is only a wide shot: two
    people talking in a place already seen)."""
    phrases = SIZE_PHRASE if establishing else {**SIZE_PHRASE, ShotSize.WIDE: "wide shot"}
    props = shot_props(text, cast)
    text = without_names(text, cast)
    # what is said is not what is seen: "Hold on," he whispered
    action = find_action(_QUOTED.sub(" ", text)) if cast else None
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
