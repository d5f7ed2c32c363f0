"""The offline keyframe backend: a procedural storyboard sketch.

It reads the prompt (English or Chinese words) for setting, time of day, weather and
subjects, and draws a clean storyboard panel: a sky lit for the time of day, the setting's
landforms, the subjects framed by shot size, weather on top, then vignette and paper grain.
No text or frame lines are drawn: Ken Burns motion crops the edges.
Deterministic from (prompt, seed); fast enough to draw a frame in well under 50 ms at 720p.
"""

from __future__ import annotations

import math
import random
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw

from storyreel.contract import KeyframeRequest, ShotSize
from storyreel.keyframe.base import KeyframeRenderer
from storyreel.text.scene import (
    SceneReading,
    Setting,
    Subject,
    TimeOfDay,
    Weather,
    read_scene,
)
from storyreel.text.things import COLOURS, find_props

RGB = tuple[int, int, int]
INK: RGB = (38, 36, 44)

# Sky (top, horizon) and light per time of day.
_SKY: dict[TimeOfDay, tuple[RGB, RGB]] = {
    TimeOfDay.DAWN: ((120, 140, 190), (246, 196, 160)),
    TimeOfDay.DAY: ((110, 165, 220), (214, 232, 244)),
    TimeOfDay.DUSK: ((70, 60, 120), (240, 150, 90)),
    TimeOfDay.NIGHT: ((10, 14, 38), (40, 52, 92)),
}
_LIGHT = {TimeOfDay.DAWN: 0.9, TimeOfDay.DAY: 1.0, TimeOfDay.DUSK: 0.75, TimeOfDay.NIGHT: 0.45}
_GROUND: dict[Setting, RGB] = {
    Setting.FOREST: (74, 110, 70),
    Setting.CITY: (110, 110, 118),
    Setting.SEA: (52, 96, 140),
    Setting.MOUNTAIN: (96, 112, 96),
    Setting.VILLAGE: (126, 140, 84),
    Setting.INTERIOR: (132, 100, 74),
    Setting.DESERT: (214, 182, 120),
    Setting.FIELD: (112, 150, 80),
    Setting.TOWN: (150, 140, 126),
    Setting.RIVER: (112, 150, 80),
    Setting.WORKSHOP: (120, 88, 60),
}
_WATER: RGB = (70, 120, 160)
_HORIZON = {
    ShotSize.WIDE: 0.58,
    ShotSize.MEDIUM: 0.66,
    ShotSize.CLOSE_UP: 0.74,
}
_FIGURE_HEIGHT = {ShotSize.WIDE: 0.24, ShotSize.MEDIUM: 0.78, ShotSize.CLOSE_UP: 1.25}
_COAT_COLOURS: tuple[RGB, ...] = (
    (178, 64, 58),
    (60, 98, 160),
    (214, 160, 60),
    (90, 130, 80),
    (130, 80, 140),
)


_LOOK = re.compile(r"\(([^()]{3,300})\)")
_COLOUR_WORDS = "|".join(sorted(COLOURS, key=len, reverse=True))
_GARMENT = re.compile(  # what the figure's body is drawn in
    rf"\b({_COLOUR_WORDS})\s+(?:[a-z']+\s+)?(?:coat|jacket|dress|shirt|sweater|cloak|"
    r"robe|raincoat|tunic|vest|waistcoat|overalls|padded jacket|uniform|suit|cardigan|"
    r"dressing gown|gown|bathrobe|costume)\b"
)
_WRAP = re.compile(  # ... or, with none of those, what is worn over it
    rf"\b({_COLOUR_WORDS})\s+(?:[a-z]+\s+)?(?:scarf|apron|shawl)\b"
)
_HAIR = re.compile(rf"\b({_COLOUR_WORDS})\s+hair\b")
_HAT = re.compile(rf"\b({_COLOUR_WORDS})\s+(?:[a-z]+\s+)?(?:hat|cap)\b")
_GLASSES = re.compile(r"\b(?:glasses|spectacles)\b")
_BEARD = re.compile(rf"\b(?:({_COLOUR_WORDS})\s+)?beard\b")
_SCARF = re.compile(rf"\b({_COLOUR_WORDS})\s+(?:[a-z]+\s+)?scarf\b")
_ANIMAL_LOOK = re.compile(
    r"\b(fox|dog|cat|horse|wolf|puppy|kitten|calf|cow|sheep|lamb|rabbit|squirrel|bear|mouse|"
    r"monkey|pig)\b"
)
# what a figure holds in hand (the first one named)
_HELD = {
    "paper lantern", "lantern", "candle", "oil lamp", "umbrella", "book", "letter", "map",
    "basket", "flowers", "kite", "paper", "photograph", "jar of honey", "walking stick",
    "fishing rod", "fish", "paper bag", "scissors", "handsaw", "flask", "whistle",
    "paper cuttings",
}  # fmt: skip
# props the scene draws itself (a room's window and table, a river's boat) or none shows
_DRAWN_ELSEWHERE = {
    "boat", "window", "table", "door", "fire", "bamboo", "pair of shoes", "hat", "rainbow",
    "train",
}  # fmt: skip
# how big a prop standing beside the cast is, against a held one
_PROP_SIZE = {"beehive": 2.2, "wooden cart": 3.0, "wooden box": 1.6, "cooking pot": 1.4,
              "bicycle": 2.6, "ladder": 3.0, "chair": 1.2, "bed": 1.4, "mailbag": 1.4,
              "fountain": 1.8, "fallen tree": 3.0, "stove": 2.0, "truck": 3.0,
              "scooter": 2.0}  # fmt: skip


@dataclass(frozen=True)
class Look:
    """A cast member as a prompt describes them: "Mei (a girl of about twelve, ..., wearing
    a red coat)". The same words in every shot draw the same figure."""

    kind: Subject
    coat: RGB | None = None
    hair: RGB | None = None
    long_hair: bool = False
    hat: RGB | None = None  # "wearing a grey hat and a red coat"
    scarf: RGB | None = None  # "a red scarf and a blue padded jacket"
    glasses: bool = False
    beard: RGB | None = None  # its colour: the hair's, unless the look says
    species: str | None = None  # an animal's kind: a rabbit has long ears, a squirrel a tail


def look_texts(prompt: str) -> list[str]:
    """The words of each look a prompt gives its cast ("Mei (a girl ..., wearing a red
    coat)"), lower-cased, in its order; brackets that are asides, not looks, are left out."""
    texts = []
    for match in _LOOK.finditer(prompt.lower()):
        text = match[1]
        if any(p.search(text) for p in (_GARMENT, _WRAP, _HAIR, _ANIMAL_LOOK)):
            texts.append(text)
    return texts


def _beard(look: str, hair: str | None) -> RGB | None:
    """The colour of a beard the look gives (its own, else the hair's), or None."""
    beard = _BEARD.search(look)
    if beard is None:
        return None
    return COLOURS[beard[1] or hair or "dark brown"]


def read_looks(prompt: str) -> list[Look]:
    """The looks of the cast a prompt names, in its order (at most three)."""
    looks = []
    for text in look_texts(prompt):
        garment = _GARMENT.search(text) or _WRAP.search(text)
        hair = _HAIR.search(text)
        if _ANIMAL_LOOK.search(text) and not garment:
            colour = re.match(rf"an?\s+(?:old\s+)?({_COLOUR_WORDS})\b", text)
            species = _ANIMAL_LOOK.search(text)
            looks.append(
                Look(
                    Subject.ANIMAL,
                    coat=COLOURS[colour[1]] if colour else None,
                    species=species[1] if species else None,
                )
            )
            continue
        kind = Subject.PERSON
        if re.search(r"\b(?:girl|boy|child|twelve|kid)\b", text):
            kind = Subject.CHILD
        elif re.search(r"\bold\b|\belderly\b", text):
            kind = Subject.ELDER
        looks.append(
            Look(
                kind,
                coat=COLOURS[garment[1]] if garment else None,
                hair=COLOURS[hair[1]] if hair else None,
                long_hair=bool(re.search(r"\b(?:long|braid|shoulder-length)\b", text)),
                hat=COLOURS[hat[1]] if (hat := _HAT.search(text)) else None,
                scarf=COLOURS[scarf[1]]
                if (scarf := _SCARF.search(text))
                and (garment is None or garment.start() != scarf.start())
                else None,
                glasses=_GLASSES.search(text) is not None,
                beard=_beard(text, hair[1] if hair else None),
            )
        )
    return looks[:3]


def _shade(colour: RGB, light: float) -> RGB:
    return (
        min(255, int(colour[0] * light)),
        min(255, int(colour[1] * light)),
        min(255, int(colour[2] * light)),
    )


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return (
        int(a[0] + (b[0] - a[0]) * t),
        int(a[1] + (b[1] - a[1]) * t),
        int(a[2] + (b[2] - a[2]) * t),
    )


@lru_cache(maxsize=32)
def _gradient(width: int, height: int, top: RGB, bottom: RGB) -> Image.Image:
    ramp = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None]
    column = np.asarray(top, np.float32) * (1 - ramp) + np.asarray(bottom, np.float32) * ramp
    pixels = np.broadcast_to(column[:, None, :], (height, width, 3)).astype(np.uint8)
    return Image.fromarray(np.ascontiguousarray(pixels))


@lru_cache(maxsize=8)
def _finish_mask(width: int, height: int) -> np.ndarray:
    """Vignette times paper grain, as one multiplier per pixel (uint16 fixed point, 256 = 1)."""
    ys = np.linspace(-1.0, 1.0, height, dtype=np.float32)[:, None]
    xs = np.linspace(-1.0, 1.0, width, dtype=np.float32)[None, :]
    vignette = 1.0 - 0.28 * np.clip(xs * xs * 0.8 + ys * ys - 0.35, 0.0, None)
    grain = np.random.default_rng(7).normal(1.0, 0.02, (height, width)).astype(np.float32)
    return (np.clip(vignette * grain, 0.0, 1.0) * 256).astype(np.uint16)[:, :, None]


class SketchRenderer(KeyframeRenderer):
    """Procedural storyboard-sketch renderer (the offline default)."""

    name = "sketch"

    def render(self, request: KeyframeRequest) -> Image.Image:
        """Draw one storyboard panel for the prompt."""
        scene = read_scene(request.prompt)
        size = request.shot_size
        rng = random.Random(zlib.crc32(request.prompt.encode()) ^ request.seed)
        painter = _Painter(request.width, request.height, scene, size, rng, request.prompt)
        return painter.paint()


class _Painter:
    def __init__(
        self,
        width: int,
        height: int,
        scene: SceneReading,
        size: ShotSize,
        rng: random.Random,
        prompt: str,
    ) -> None:
        self.w = width
        self.h = height
        self.scene = scene
        self.size = size
        self.rng = rng
        self.prompt = prompt.lower()
        self.looks = read_looks(prompt)
        # props the prompt names outside its cast: "the lantern maker (...)" holds none
        # (in the train carriage, the train is the place, not a thing in it)
        self.props = [
            p
            for p in find_props(re.sub(r"[^,()]*\([^()]*\)", "", prompt))
            if p not in (scene.place or "").split()
        ][:3]
        self.time = scene.time or TimeOfDay.DAY
        self.weather = scene.weather or Weather.CLEAR
        self.setting = scene.setting or Setting.FIELD
        self.light = _LIGHT[self.time] * (0.7 if self.weather is Weather.STORM else 1.0)
        self.horizon = int(height * _HORIZON[size])
        self.stroke = max(1, round(min(width, height) / 240))

    def paint(self) -> Image.Image:
        image = self._sky()
        draw = ImageDraw.Draw(image)
        if self.setting in (Setting.INTERIOR, Setting.WORKSHOP):
            self._interior(draw)
        else:
            self._sky_bodies(draw)
            self._landscape(draw)
        self._subjects(draw)
        self._weather(image, draw)
        return self._finish(image)

    # --- sky and landscape -------------------------------------------------------------

    def _sky(self) -> Image.Image:
        top, bottom = _SKY[self.time]
        if self.weather in (Weather.RAIN, Weather.STORM, Weather.SNOW, Weather.FOG):
            grey = (120, 124, 132) if self.time is not TimeOfDay.NIGHT else (30, 32, 40)
            top, bottom = _mix(top, grey, 0.6), _mix(bottom, grey, 0.5)
        return _gradient(self.w, self.h, top, bottom).copy()

    def _sky_bodies(self, draw: ImageDraw.ImageDraw) -> None:
        rng = self.rng
        if "rainbow" in self.props:
            self._rainbow(draw)
        if self.time is TimeOfDay.NIGHT:
            if self.weather in (Weather.CLEAR, Weather.FOG):
                for _ in range(int(self.w * self.h / 9000)):
                    x, y = rng.randrange(self.w), rng.randrange(max(1, self.horizon - 10))
                    r = rng.choice((1, 1, 1, 2))
                    draw.ellipse((x - r, y - r, x + r, y + r), fill=(236, 236, 210))
            radius = self.h * 0.06
            cx, cy = self.w * rng.uniform(0.62, 0.85), self.h * rng.uniform(0.12, 0.22)
            draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=(244, 238, 200))
            shadow = radius * 0.8
            sx = cx + radius * 0.45
            dark = _SKY[TimeOfDay.NIGHT][0]
            draw.ellipse((sx - shadow, cy - shadow, sx + shadow, cy + shadow), fill=dark)
        elif self.weather is Weather.CLEAR:
            heights = {TimeOfDay.DAWN: 0.8, TimeOfDay.DAY: 0.25, TimeOfDay.DUSK: 0.85}
            radius = self.h * 0.07
            cx = self.w * rng.uniform(0.2, 0.8)
            cy = self.horizon * heights.get(self.time, 0.3)
            sun = {TimeOfDay.DUSK: (250, 170, 90), TimeOfDay.DAWN: (252, 214, 150)}
            draw.ellipse(
                (cx - radius, cy - radius, cx + radius, cy + radius),
                fill=sun.get(self.time, (255, 240, 190)),
            )
        else:
            cloud = _shade((150, 152, 160), self.light)
            for _ in range(5):
                cx, cy = rng.uniform(0, self.w), rng.uniform(0, self.horizon * 0.5)
                self._cloud(draw, cx, cy, self.w * rng.uniform(0.12, 0.25), cloud)

    def _rainbow(self, draw: ImageDraw.ImageDraw) -> None:
        """A rainbow over the horizon, red outside."""
        cx, radius = self.w * 0.55, self.w * 0.42
        bands = ((200, 70, 60), (226, 150, 60), (230, 210, 90), (90, 170, 90), (80, 120, 200))
        band = max(2.0, self.h * 0.012)
        for k, colour in enumerate(bands):
            r = radius - k * band
            box = (cx - r, self.horizon - r * 0.8, cx + r, self.horizon + r * 0.8)
            draw.arc(box, 180, 360, fill=_mix(colour, _SKY[self.time][1], 0.35), width=int(band))

    def _cloud(
        self, draw: ImageDraw.ImageDraw, cx: float, cy: float, span: float, fill: RGB
    ) -> None:
        for k in range(5):
            r = span * (0.22 + 0.1 * math.sin(k * 1.7))
            x = cx - span / 2 + span * k / 4
            draw.ellipse((x - r, cy - r * 0.7, x + r, cy + r * 0.7), fill=fill)

    def _ridge(self, base: float, amplitude: float, roughness: int) -> list[tuple[float, float]]:
        points = [(0.0, float(self.h))]
        phase = self.rng.uniform(0, math.tau)
        steps = 24
        for i in range(steps + 1):
            x = self.w * i / steps
            wobble = math.sin(i * 0.9 + phase) * 0.6 + math.sin(i * 2.3 + phase * 2) * 0.4
            jag = self.rng.uniform(-1.0, 1.0) * (roughness / 10)
            points.append((x, base - amplitude * (wobble + jag)))
        points.append((float(self.w), float(self.h)))
        return points

    def _landscape(self, draw: ImageDraw.ImageDraw) -> None:
        ground = _shade(_GROUND[self.setting], self.light)
        far = _shade(_mix(_GROUND[self.setting], _SKY[self.time][1], 0.55), self.light)
        horizon = self.horizon
        setting = self.setting
        if setting is Setting.MOUNTAIN:
            for layer, amp in ((0, 0.22), (1, 0.12)):
                colour = far if layer == 0 else _mix(far, ground, 0.5)
                draw.polygon(
                    self._ridge(horizon - self.h * 0.08 * (1 - layer), self.h * amp, 6),
                    fill=colour,
                    outline=INK,
                )
        elif setting is not Setting.SEA:
            draw.polygon(self._ridge(horizon, self.h * 0.03, 2), fill=far)
        if setting is Setting.SEA:
            draw.rectangle((0, horizon, self.w, self.h), fill=ground)
            draw.line((0, horizon, self.w, horizon), fill=INK, width=self.stroke)
            crest = _shade((200, 220, 236), self.light)
            for _ in range(40):
                y = self.rng.uniform(horizon + 6, self.h)
                x = self.rng.uniform(0, self.w)
                span = (y - horizon) / (self.h - horizon) * self.w * 0.05 + 6
                draw.arc(
                    (x, y - span * 0.3, x + span, y + span * 0.3),
                    200,
                    340,
                    fill=crest,
                    width=self.stroke,
                )
            if "lighthouse" in self.prompt or "灯塔" in self.prompt:
                self._lighthouse(draw)
            return
        draw.polygon(
            self._ridge(horizon + self.h * 0.04, self.h * 0.02, 1), fill=ground, outline=INK
        )
        if setting is Setting.FOREST:
            for _ in range(
                {ShotSize.WIDE: 26, ShotSize.MEDIUM: 14, ShotSize.CLOSE_UP: 8}[self.size]
            ):
                self._tree(
                    draw, self.rng.uniform(0, self.w), self.rng.uniform(horizon, self.h * 0.8)
                )
        elif setting is Setting.CITY:
            self._buildings(draw)
        elif setting is Setting.RIVER:
            self._river(draw)
        elif "railway station" in self.prompt:  # a platform, the rails and a station house
            self._house(draw, self.w * 0.8, horizon + self.h * 0.05, self.h * 0.16)
            self._rails(draw, horizon + self.h * 0.1)
            stone = _shade((170, 166, 156), self.light)
            draw.rectangle((0, horizon + self.h * 0.16, self.w, self.h), fill=stone, outline=INK)
            edge = _shade((226, 200, 80), self.light)
            draw.rectangle(
                (0, horizon + self.h * 0.16, self.w, horizon + self.h * 0.175), fill=edge
            )
        elif setting in (Setting.VILLAGE, Setting.TOWN):
            for k in range(4 if setting is Setting.VILLAGE else 6):
                self._house(
                    draw,
                    self.w * (0.1 + 0.22 * k + self.rng.uniform(-0.04, 0.04)),
                    horizon + self.h * 0.05,
                    self.h * self.rng.uniform(0.1, 0.16),
                )
        elif setting is Setting.DESERT:
            dune = _shade((226, 196, 134), self.light)
            for k in range(3):
                draw.polygon(
                    self._ridge(horizon + self.h * 0.08 * (k + 1), self.h * 0.04, 0),
                    fill=_mix(dune, ground, k / 3),
                    outline=INK,
                )
        else:
            if "railway" in self.prompt or "train" in self.props:  # the line across the ground
                self._rails(draw, horizon + self.h * 0.1)
            if "road" in self.prompt or "path" in self.prompt:  # a road to the horizon
                dust = _shade((176, 156, 120), self.light)
                top = horizon + self.h * 0.04
                draw.polygon(
                    [(self.w * 0.47, top), (self.w * 0.53, top), (self.w * 0.8, self.h),
                     (self.w * 0.2, self.h)], fill=dust, outline=INK,
                )  # fmt: skip
            if "orchard" in self.prompt:  # rows of round fruit trees
                for row, count in ((0, 7), (1, 5)):
                    for k in range(count):
                        x = self.w * (k + 0.5 + 0.5 * row) / count
                        self._fruit_tree(draw, x, horizon + self.h * (0.06 + 0.12 * row), row)
            grass = _shade((70, 110, 50), self.light)
            for _ in range(80):
                x, y = self.rng.uniform(0, self.w), self.rng.uniform(horizon + 10, self.h)
                draw.line(
                    (x, y, x + self.rng.uniform(-4, 4), y - 10), fill=grass, width=self.stroke
                )

    def _rails(self, draw: ImageDraw.ImageDraw, y: float) -> None:
        """A railway line across the frame at y: ballast, sleepers, two rails; and the train,
        where the shot shows it, standing on them."""
        ballast = _shade((128, 118, 108), self.light)
        gauge = self.h * 0.03
        draw.rectangle((0, y - gauge * 0.8, self.w, y + gauge * 0.8), fill=ballast)
        sleeper = _shade((96, 70, 50), self.light)
        for k in range(int(self.w / (gauge * 1.5)) + 1):
            sx = k * gauge * 1.5
            draw.rectangle((sx, y - gauge * 0.7, sx + gauge * 0.5, y + gauge * 0.7), fill=sleeper)
        for rail in (-0.4, 0.4):
            draw.line((0, y + gauge * rail, self.w, y + gauge * rail), fill=INK,
                      width=self.stroke)  # fmt: skip
        if "train" in self.props:
            self._train(draw, y - gauge * 0.4)

    def _train(self, draw: ImageDraw.ImageDraw, y: float) -> None:
        """A locomotive and two carriages on the rails at y, their windows lit after dark."""
        tall = (
            self.h * {ShotSize.WIDE: 0.12, ShotSize.MEDIUM: 0.2, ShotSize.CLOSE_UP: 0.3}[self.size]
        )
        long = tall * 2.2
        x = self.w * 0.05
        body = _shade((150, 40, 40), max(self.light, 0.5))
        dark = self.time in (TimeOfDay.NIGHT, TimeOfDay.DUSK)
        pane = (255, 214, 110) if dark else _shade((170, 196, 220), self.light)
        for car in range(3):
            left = x + car * (long + tall * 0.15)
            top = y - tall
            if car == 0:  # the locomotive: a boiler, a cab, a chimney
                iron = _shade((50, 50, 56), max(self.light, 0.5))
                draw.rectangle((left, top + tall * 0.35, left + long * 0.7, y), fill=iron,
                               outline=INK, width=self.stroke)  # fmt: skip
                draw.rectangle((left + long * 0.7, top, left + long, y), fill=body, outline=INK,
                               width=self.stroke)  # fmt: skip
                draw.rectangle((left + tall * 0.2, top, left + tall * 0.4, top + tall * 0.35),
                               fill=INK)  # fmt: skip
                continue
            draw.rectangle((left, top, left + long, y), fill=body, outline=INK, width=self.stroke)
            for k in range(4):
                wx = left + long * (0.08 + 0.23 * k)
                draw.rectangle((wx, top + tall * 0.2, wx + long * 0.15, top + tall * 0.55),
                               fill=pane, outline=INK)  # fmt: skip
        for wheel in range(9):
            wx = x + tall * 0.4 + wheel * (long + tall * 0.15) * 3 / 9
            r = tall * 0.12
            draw.ellipse((wx - r, y - r, wx + r, y + r), fill=INK)

    def _river(self, draw: ImageDraw.ImageDraw) -> None:
        """A river winding from the horizon to the bottom edge, a bridge over it if named."""
        water = _shade(_WATER, self.light)
        top = self.horizon + self.h * 0.04
        left = [(self.w * 0.46, top), (self.w * 0.38, self.h * 0.8), (self.w * 0.2, self.h)]
        right = [(self.w * 0.3, self.h), (self.w * 0.62, self.h * 0.8), (self.w * 0.52, top)]
        draw.polygon([*left, (self.w * 0.75, self.h), *right[1:]], fill=water, outline=INK)
        if "bridge" in self.prompt:
            y = self.h * 0.78
            draw.arc(
                (self.w * 0.28, y - self.h * 0.1, self.w * 0.72, y + self.h * 0.1),
                180, 360, fill=INK, width=self.stroke * 3,
            )  # fmt: skip

    def _tree(self, draw: ImageDraw.ImageDraw, x: float, base: float) -> None:
        scale = (base - self.horizon * 0.8) / self.h * 0.9 + 0.08
        height = (
            self.h
            * scale
            * {ShotSize.WIDE: 0.6, ShotSize.MEDIUM: 1.0, ShotSize.CLOSE_UP: 1.4}[self.size]
        )
        width = height * 0.42
        trunk = height * 0.15
        green = _shade((40 + self.rng.randrange(30), 90 + self.rng.randrange(40), 50), self.light)
        draw.rectangle((x - width * 0.06, base - trunk, x + width * 0.06, base), fill=(80, 56, 40))
        for tier in range(3):
            top = base - trunk - height * (0.35 + tier * 0.25)
            bottom = base - trunk - height * tier * 0.22
            half = width * (0.5 - tier * 0.12)
            draw.polygon(
                [(x, top), (x - half, bottom), (x + half, bottom)], fill=green, outline=INK
            )

    def _fruit_tree(self, draw: ImageDraw.ImageDraw, x: float, base: float, row: int) -> None:
        size = self.h * (0.07 + 0.05 * row) * {ShotSize.WIDE: 1.0, ShotSize.MEDIUM: 1.3,
                                                ShotSize.CLOSE_UP: 1.6}[self.size]  # fmt: skip
        draw.rectangle((x - size * 0.1, base - size, x + size * 0.1, base), fill=(90, 62, 40))
        leaves = _shade((60, 120 + self.rng.randrange(30), 56), self.light)
        crown = (x - size * 0.8, base - size * 2.2, x + size * 0.8, base - size * 0.7)
        draw.ellipse(crown, fill=leaves, outline=INK)
        for _ in range(4):
            fx = self.rng.uniform(x - size * 0.5, x + size * 0.5)
            fy = self.rng.uniform(base - size * 1.9, base - size * 1.0)
            r = size * 0.1
            draw.ellipse((fx - r, fy - r, fx + r, fy + r), fill=_shade((200, 60, 50), self.light))

    def _buildings(self, draw: ImageDraw.ImageDraw) -> None:
        x = -self.rng.uniform(0, 40)
        night = self.time in (TimeOfDay.NIGHT, TimeOfDay.DUSK)
        while x < self.w:
            bw = self.w * self.rng.uniform(0.06, 0.12)
            bh = self.h * self.rng.uniform(0.2, 0.5)
            top = self.horizon + self.h * 0.04 - bh
            body = _shade((90 + self.rng.randrange(40),) * 3, self.light)
            draw.rectangle(
                (x, top, x + bw, self.horizon + self.h * 0.04),
                fill=body,
                outline=INK,
                width=self.stroke,
            )
            window = (250, 220, 130) if night else _shade((170, 200, 220), self.light)
            step = max(8.0, bw / 4)
            wy = top + step * 0.6
            while wy < self.horizon - step * 0.5:
                wx = x + step * 0.4
                while wx < x + bw - step * 0.5:
                    if not night or self.rng.random() < 0.6:
                        draw.rectangle((wx, wy, wx + step * 0.4, wy + step * 0.5), fill=window)
                    wx += step
                wy += step
            x += bw + self.rng.uniform(2, 12)

    def _house(self, draw: ImageDraw.ImageDraw, x: float, base: float, size: float) -> None:
        wall = _shade((214, 196, 160), self.light)
        roof = _shade((150, 70, 56), self.light)
        draw.rectangle(
            (x, base - size, x + size * 1.3, base), fill=wall, outline=INK, width=self.stroke
        )
        draw.polygon(
            [
                (x - size * 0.15, base - size),
                (x + size * 0.65, base - size * 1.7),
                (x + size * 1.45, base - size),
            ],
            fill=roof,
            outline=INK,
        )
        lit = (
            (250, 214, 120) if self.time is TimeOfDay.NIGHT else _shade((90, 110, 130), self.light)
        )
        draw.rectangle(
            (x + size * 0.2, base - size * 0.7, x + size * 0.5, base - size * 0.4), fill=lit
        )

    def _lighthouse(self, draw: ImageDraw.ImageDraw) -> None:
        x = self.w * 0.78
        base = self.horizon + self.h * 0.02
        tower = self.h * 0.42
        draw.polygon(
            [(x - 30, base), (x - 18, base - tower), (x + 18, base - tower), (x + 30, base)],
            fill=_shade((236, 232, 220), self.light),
            outline=INK,
        )
        for band in (0.3, 0.6):
            y = base - tower * band
            draw.rectangle((x - 27 + band * 10, y - 12, x + 27 - band * 10, y), fill=(176, 60, 52))
        beam = (255, 236, 150)
        draw.rectangle((x - 16, base - tower - 24, x + 16, base - tower), fill=beam, outline=INK)
        if self.time in (TimeOfDay.NIGHT, TimeOfDay.DUSK):
            draw.polygon(
                [(x, base - tower - 12), (0, base - tower - 80), (0, base - tower + 40)],
                fill=_mix(beam, _SKY[self.time][1], 0.55),
            )

    def _interior(self, draw: ImageDraw.ImageDraw) -> None:
        wall = _shade((196, 176, 150), max(self.light, 0.7))
        floor = _shade((132, 100, 74), max(self.light, 0.7))
        draw.rectangle((0, 0, self.w, self.horizon), fill=wall)
        draw.rectangle((0, self.horizon, self.w, self.h), fill=floor)
        draw.line((0, self.horizon, self.w, self.horizon), fill=INK, width=self.stroke * 2)
        if "train carriage" in self.prompt or "inside a bus" in self.prompt:
            self._carriage(draw)
            return
        self._window(draw, self.w * 0.62, self.h * 0.14, self.w * 0.22, self.h * 0.3)
        tx, ty = self.w * 0.12, self.horizon + self.h * 0.06
        draw.rectangle(
            (tx, ty, tx + self.w * 0.25, ty + self.h * 0.03), fill=(110, 76, 50), outline=INK
        )
        lamp = (255, 226, 150)
        draw.polygon(
            [(tx + 40, ty - 60), (tx + 70, ty - 60), (tx + 80, ty - 30), (tx + 30, ty - 30)],
            fill=lamp,
            outline=INK,
        )

    def _carriage(self, draw: ImageDraw.ImageDraw) -> None:
        """Inside a railway carriage or a bus: a row of windows, the seats' backs below
        them, the luggage rack above."""
        for k in range(3):
            self._window(draw, self.w * (0.06 + 0.33 * k), self.h * 0.16, self.w * 0.22,
                         self.h * 0.24)  # fmt: skip
        seat = _shade((60, 90, 130), max(self.light, 0.7))
        for k in range(3):
            sx = self.w * (0.04 + 0.33 * k)
            draw.rounded_rectangle((sx, self.h * 0.42, sx + self.w * 0.26, self.horizon + 4),
                                   radius=self.h * 0.03, fill=seat, outline=INK,
                                   width=self.stroke)  # fmt: skip
        draw.line((0, self.h * 0.1, self.w, self.h * 0.1), fill=INK, width=self.stroke * 2)

    def _window(
        self, draw: ImageDraw.ImageDraw, wx: float, wy: float, ww: float, wh: float
    ) -> None:
        """A window at (wx, wy), ww by wh, the sky and its weather outside."""
        top, bottom = _SKY[self.time]
        draw.rectangle(
            (wx, wy, wx + ww, wy + wh),
            fill=_mix(top, bottom, 0.5),
            outline=INK,
            width=self.stroke * 2,
        )
        if self.weather in (Weather.RAIN, Weather.STORM, Weather.SNOW):  # outside, past it
            for _ in range(int(ww * wh / 400)):
                x, y = wx + self.rng.uniform(3, ww - 6), wy + self.rng.uniform(3, wh - 9)
                if self.weather is Weather.SNOW:
                    draw.ellipse((x - 1.5, y - 1.5, x + 1.5, y + 1.5), fill=(250, 250, 255))
                else:
                    draw.line((x, y, x + 2, y + 7), fill=(196, 206, 222), width=1)
        draw.line((wx + ww / 2, wy, wx + ww / 2, wy + wh), fill=INK, width=self.stroke)
        draw.line((wx, wy + wh / 2, wx + ww, wy + wh / 2), fill=INK, width=self.stroke)

    # --- subjects ----------------------------------------------------------------------

    def _subjects(self, draw: ImageDraw.ImageDraw) -> None:
        subjects = list(self.scene.subjects)
        kinds = (Subject.PERSON, Subject.CHILD, Subject.ELDER)
        if self.looks:  # the cast, as their looks say: the same figure in every shot
            people = [look for look in self.looks if look.kind in kinds]
            animals = [look for look in self.looks if look.kind is Subject.ANIMAL]
            others = [s for s in subjects if s not in (*kinds, Subject.ANIMAL)]
        else:
            people = [Look(s) for s in subjects if s in kinds]
            animals = [Look(s) for s in subjects if s is Subject.ANIMAL]
            others = [s for s in subjects if s not in (*kinds, Subject.ANIMAL)]
        if self.size is ShotSize.CLOSE_UP and people:
            people, animals = people[:1], []
        for other in others:  # behind whoever is in the shot ("Is the last ferry gone?")
            if other is Subject.BIRD:
                self._birds(draw)
            elif other is Subject.BOAT:
                self._boat(draw, aside=bool(people))
        positions = self._positions(max(1, len(people) + len(animals)))
        for index, look in enumerate(people):
            self._figure(draw, positions[index], look, index)
        for slot, look in enumerate(animals, len(people)):
            self._animal(draw, positions[slot], look.coat, look.species)
        if not people:
            self._props_alone(draw)
        elif self.size is not ShotSize.CLOSE_UP:
            self._props_beside(draw, positions[: len(people) + len(animals)])

    def _positions(self, count: int) -> list[float]:
        if self.size is ShotSize.CLOSE_UP:
            return [self.w * (0.38 + 0.3 * i) for i in range(count)]
        lo, hi = (0.2, 0.8) if self.size is ShotSize.MEDIUM else (0.25, 0.75)
        if count == 1:
            return [self.w * self.rng.uniform(0.35, 0.55)]
        return [self.w * (lo + (hi - lo) * i / (count - 1)) for i in range(count)]

    def _figure(self, draw: ImageDraw.ImageDraw, x: float, look: Look, index: int) -> None:
        kind = look.kind
        height = self.h * _FIGURE_HEIGHT[self.size] * (0.65 if kind is Subject.CHILD else 1.0)
        base = self.horizon + self.h * 0.08 if self.size is ShotSize.WIDE else self.h * 1.02
        if self.size is ShotSize.CLOSE_UP:
            base = self.h * 1.3
        head = height * 0.13
        coat = _shade(
            look.coat or _COAT_COLOURS[(index + self.rng.randrange(5)) % 5],
            max(self.light, 0.6),
        )
        skin = _shade((236, 200, 170), max(self.light, 0.6))
        hunch = head * 0.4 if kind is Subject.ELDER else 0.0
        neck_y = base - height + head * 2.1
        shoulders = height * 0.16
        draw.polygon(
            [
                (x - shoulders, neck_y + head * 0.4),
                (x + shoulders, neck_y + head * 0.4),
                (x + shoulders * 1.25, base - height * 0.45),
                (x + shoulders * 0.9, base),
                (x - shoulders * 0.9, base),
                (x - shoulders * 1.25, base - height * 0.45),
            ],
            fill=coat,
            outline=INK,
            width=self.stroke,
        )
        if look.scarf is not None:  # wound at the neck, one end hanging
            wool = _shade(look.scarf, max(self.light, 0.6))
            draw.rounded_rectangle(
                (x - shoulders * 0.75, neck_y + head * 0.15, x + shoulders * 0.75,
                 neck_y + head * 0.75),
                radius=head * 0.2, fill=wool, outline=INK, width=self.stroke,
            )  # fmt: skip
            draw.rectangle(
                (x + shoulders * 0.2, neck_y + head * 0.6, x + shoulders * 0.5,
                 neck_y + head * 2.2),
                fill=wool, outline=INK, width=self.stroke,
            )  # fmt: skip
        hx, hy = x + hunch, neck_y - head
        draw.ellipse(
            (hx - head, hy - head, hx + head, hy + head), fill=skin, outline=INK, width=self.stroke
        )
        hair = look.hair or ((220, 220, 220) if kind is Subject.ELDER else (60, 44, 36))
        if look.long_hair:  # down to the shoulders, behind the face
            draw.rectangle(
                (hx - head * 1.05, hy - head * 0.2, hx + head * 1.05, hy + head * 1.5), fill=hair
            )
            draw.ellipse(
                (hx - head * 0.85, hy - head * 0.9, hx + head * 0.85, hy + head * 0.95),
                fill=skin, outline=INK, width=self.stroke,
            )  # fmt: skip
        draw.chord((hx - head, hy - head, hx + head, hy + head * 0.4), 180, 360, fill=hair)
        if look.beard is not None:  # round the chin, below the mouth
            draw.chord(
                (hx - head * 0.8, hy - head * 0.3, hx + head * 0.8, hy + head * 1.05),
                20, 160, fill=_shade(look.beard, max(self.light, 0.6)), outline=INK,
                width=self.stroke,
            )  # fmt: skip
        if look.hat is not None:  # a crown and a brim, the same hat in every shot
            felt = _shade(look.hat, max(self.light, 0.6))
            draw.rounded_rectangle(
                (hx - head * 0.8, hy - head * 1.6, hx + head * 0.8, hy - head * 0.55),
                radius=head * 0.25, fill=felt, outline=INK, width=self.stroke,
            )  # fmt: skip
            draw.rounded_rectangle(
                (hx - head * 1.3, hy - head * 0.75, hx + head * 1.3, hy - head * 0.45),
                radius=head * 0.12, fill=felt, outline=INK, width=self.stroke,
            )  # fmt: skip
        if self.size is not ShotSize.WIDE:
            eye = max(2.0, head * 0.09)
            for side in (-0.35, 0.35):
                ex = hx + head * side
                draw.ellipse(
                    (ex - eye, hy - eye + head * 0.1, ex + eye, hy + eye + head * 0.1), fill=INK
                )
                if look.glasses:
                    lens = eye * 2.6
                    draw.ellipse(
                        (ex - lens, hy - lens + head * 0.1, ex + lens, hy + lens + head * 0.1),
                        outline=INK, width=self.stroke,
                    )  # fmt: skip
            if look.glasses:
                draw.line(
                    (hx - head * 0.35 + eye * 2.6, hy + head * 0.1,
                     hx + head * 0.35 - eye * 2.6, hy + head * 0.1),
                    fill=INK, width=self.stroke,
                )  # fmt: skip
            draw.arc(
                (hx - head * 0.3, hy + head * 0.2, hx + head * 0.3, hy + head * 0.55),
                20,
                160,
                fill=INK,
                width=self.stroke,
            )
        held = [p for p in self.props if p in _HELD]
        if index == 0 and held:
            self._prop(draw, held[0], x + shoulders * 1.45, base - height * 0.42, height * 0.09)
        if kind is Subject.ELDER and self.size is ShotSize.WIDE and not held:
            draw.line(
                (x + shoulders * 1.4, base - height * 0.5, x + shoulders * 1.6, base),
                fill=(90, 60, 40),
                width=self.stroke * 2,
            )

    def _props_beside(self, draw: ImageDraw.ImageDraw, taken: list[float]) -> None:
        """What the shot shows that nobody holds (the beehive, the cart), on the ground in
        the widest gap between the figures and the frame's edges."""
        held = next((p for p in self.props if p in _HELD), None)
        standing = [p for p in self.props if p != held and p not in _DRAWN_ELSEWHERE][:2]
        if not standing:
            return
        edges = sorted([0.0, *taken, float(self.w)])
        height = self.h * _FIGURE_HEIGHT[self.size]
        base = self.horizon + self.h * 0.08 if self.size is ShotSize.WIDE else self.h * 0.98
        gaps = sorted(zip(edges, edges[1:]), key=lambda gap: gap[1] - gap[0], reverse=True)
        for (left, right), name in zip(gaps, standing):
            r = height * 0.09 * _PROP_SIZE.get(name, 1.0)
            r = min(r, (right - left) / 5)  # in its gap, clear of the figures
            self._prop(draw, name, (left + right) / 2, base - r, r)

    def _props_alone(self, draw: ImageDraw.ImageDraw) -> None:
        """With nobody in the shot, its props are the subject, in the middle."""
        scale = (
            self.h * {ShotSize.WIDE: 0.05, ShotSize.MEDIUM: 0.1, ShotSize.CLOSE_UP: 0.18}[self.size]
        )
        for k, name in enumerate(p for p in self.props if p not in ("boat", "rainbow", "train")):
            self._prop(draw, name, self.w * (0.4 + 0.2 * k), self.h * 0.7, scale)

    def _prop(self, draw: ImageDraw.ImageDraw, name: str, x: float, y: float, r: float) -> None:
        """One prop centred at (x, y), about r in radius; a plain placeholder for the rest."""
        width = self.stroke
        glow = (255, 214, 110)
        if name == "paper lantern":
            draw.ellipse(
                (x - r * 2, y - r * 2, x + r * 2, y + r * 2),
                fill=_mix(glow, _SKY[self.time][1], 0.6),
            )
            draw.line((x, y - r * 1.6, x, y - r * 2.4), fill=INK, width=width)
            draw.ellipse(
                (x - r, y - r * 1.2, x + r, y + r * 1.2),
                fill=(214, 50, 40),
                outline=INK,
                width=width,
            )
            draw.rectangle(
                (x - r * 0.5, y - r * 1.35, x + r * 0.5, y - r * 1.1), fill=(200, 160, 60)
            )
            draw.rectangle(
                (x - r * 0.5, y + r * 1.1, x + r * 0.5, y + r * 1.35), fill=(200, 160, 60)
            )
        elif name in ("candle", "oil lamp", "lantern"):
            draw.ellipse(
                (x - r * 1.6, y - r * 2.4, x + r * 1.6, y + r * 0.4),
                fill=_mix(glow, _SKY[self.time][1], 0.5),
            )
            draw.rectangle(
                (x - r * 0.3, y - r * 0.6, x + r * 0.3, y + r), fill=(240, 232, 210), outline=INK
            )
            draw.polygon(
                [(x, y - r * 1.6), (x - r * 0.3, y - r * 0.7), (x + r * 0.3, y - r * 0.7)],
                fill=glow,
            )
        elif name == "umbrella":
            draw.chord(
                (x - r * 3, y - r * 4, x + r * 3, y - r),
                180,
                360,
                fill=(176, 40, 40),
                outline=INK,
                width=width,
            )
            draw.line((x, y - r * 2.5, x, y + r), fill=INK, width=width * 2)
        elif name in ("book", "letter", "map", "paper"):
            draw.rectangle(
                (x - r, y - r * 0.7, x + r, y + r * 0.7),
                fill=(240, 236, 220),
                outline=INK,
                width=width,
            )
            draw.line((x - r * 0.6, y, x + r * 0.6, y), fill=INK, width=width)
        elif name == "basket":
            draw.polygon(
                [
                    (x - r * 1.2, y - r * 0.3),
                    (x + r * 1.2, y - r * 0.3),
                    (x + r * 0.8, y + r),
                    (x - r * 0.8, y + r),
                ],
                fill=(170, 120, 60),
                outline=INK,
            )
            draw.arc((x - r, y - r * 1.4, x + r, y + r * 0.2), 180, 360, fill=INK, width=width)
        elif name == "flowers":
            for k, colour in enumerate(((220, 60, 90), (240, 200, 60), (230, 120, 180))):
                fx = x + (k - 1) * r * 0.8
                draw.line((fx, y, x, y + r * 1.5), fill=(60, 120, 60), width=width)
                draw.ellipse(
                    (fx - r * 0.45, y - r * 0.45, fx + r * 0.45, y + r * 0.45),
                    fill=colour,
                    outline=INK,
                )
        elif name == "kite":
            kx, ky = self.w * 0.75, self.h * 0.2
            draw.polygon(
                [(kx, ky - r * 2), (kx + r * 1.4, ky), (kx, ky + r * 2.4), (kx - r * 1.4, ky)],
                fill=(230, 190, 40),
                outline=INK,
            )
            draw.line((kx, ky + r * 2.4, x, y), fill=INK, width=1)
        elif name == "fire":
            for k, colour in enumerate(((230, 90, 30), (250, 170, 40), (255, 230, 120))):
                s_ = r * (1.6 - 0.4 * k)
                draw.polygon([(x, y - s_ * 2), (x - s_, y + r), (x + s_, y + r)], fill=colour)
        elif name in ("table", "chair", "bed"):
            draw.rectangle(
                (x - r * 3, y - r * 0.4, x + r * 3, y), fill=(120, 80, 50), outline=INK, width=width
            )
            for leg in (-2.6, 2.6):
                draw.line((x + r * leg, y, x + r * leg, y + r * 2), fill=INK, width=width * 2)
        elif name == "door":
            draw.rectangle(
                (x - r * 1.5, y - r * 6, x + r * 1.5, y + r),
                fill=(110, 70, 44),
                outline=INK,
                width=width,
            )
            draw.ellipse((x + r * 0.9, y - r * 2.6, x + r * 1.2, y - r * 2.3), fill=(220, 190, 90))
        elif name == "beehive":  # a skep: a dome of straw rings
            for k in range(4):
                half = r * (1.1 - 0.18 * k)
                top = y + r - r * 0.5 * (k + 1)
                draw.rounded_rectangle(
                    (x - half, top, x + half, top + r * 0.55), radius=r * 0.25,
                    fill=(212, 168, 70), outline=INK, width=width,
                )  # fmt: skip
            draw.ellipse((x - r * 0.15, y + r * 0.6, x + r * 0.15, y + r * 0.9), fill=INK)
        elif name == "jar of honey":
            draw.rounded_rectangle(
                (x - r * 0.6, y - r * 0.7, x + r * 0.6, y + r), radius=r * 0.2,
                fill=(222, 150, 30), outline=INK, width=width,
            )  # fmt: skip
            draw.rectangle(
                (x - r * 0.65, y - r, x + r * 0.65, y - r * 0.7), fill=(200, 200, 200), outline=INK
            )
        elif name == "wooden cart":
            draw.rectangle(
                (x - r * 1.4, y - r * 0.5, x + r * 1.4, y + r * 0.3),
                fill=(150, 100, 56), outline=INK, width=width,
            )  # fmt: skip
            draw.line((x + r * 1.4, y - r * 0.1, x + r * 2.2, y - r * 0.6), fill=INK, width=width)
            for wheel in (-0.8, 0.8):
                draw.ellipse(
                    (x + r * wheel - r * 0.45, y + r * 0.1, x + r * wheel + r * 0.45, y + r),
                    fill=(110, 74, 44), outline=INK, width=width,
                )  # fmt: skip
        elif name in ("mailbag", "schoolbag"):
            draw.rounded_rectangle(
                (x - r * 0.8, y - r * 0.5, x + r * 0.8, y + r), radius=r * 0.3,
                fill=(80, 110, 70) if name == "mailbag" else (60, 90, 160), outline=INK,
                width=width,
            )  # fmt: skip
            draw.line((x - r * 0.8, y - r * 0.1, x + r * 0.8, y - r * 0.1), fill=INK, width=width)
        elif name in ("cooking pot", "bowl", "noodles"):
            deep = 1.0 if name == "cooking pot" else 0.6
            draw.chord(
                (x - r, y - r * deep, x + r, y + r * deep), 0, 180,
                fill=(70, 70, 76) if name == "cooking pot" else (236, 232, 220),
                outline=INK, width=width,
            )  # fmt: skip
            if name == "noodles":
                for strand in (-0.4, 0.0, 0.4):
                    sx = x + r * strand
                    box = (sx - r * 0.3, y - r * 0.3, sx + r * 0.3, y + r * 0.2)
                    draw.arc(box, 180, 360, fill=(230, 200, 120), width=width)
        elif name == "wooden box":
            draw.rectangle(
                (x - r, y - r * 0.7, x + r, y + r), fill=(160, 110, 64), outline=INK, width=width
            )
            draw.line((x - r, y - r * 0.2, x + r, y - r * 0.2), fill=INK, width=width)
        elif name == "photograph":
            draw.rectangle(
                (x - r * 0.8, y - r, x + r * 0.8, y + r), fill=(246, 244, 236), outline=INK,
                width=width,
            )  # fmt: skip
            draw.ellipse((x - r * 0.3, y - r * 0.6, x + r * 0.3, y), fill=(150, 120, 100))
            draw.rectangle((x - r * 0.5, y + r * 0.05, x + r * 0.5, y + r * 0.7), fill=(90, 90, 96))
        elif name == "walking stick":
            draw.line((x, y - r * 1.5, x + r * 0.3, y + r * 4), fill=(110, 80, 40), width=width * 2)
        elif name == "ladder":
            for rail in (-0.5, 0.5):
                draw.line((x + r * rail, y - r * 1.5, x + r * rail, y + r), fill=(130, 90, 50),
                          width=width * 2)  # fmt: skip
            for k in range(5):
                rung = y - r * 1.5 + r * 2.5 * (k + 0.5) / 5
                draw.line((x - r * 0.5, rung, x + r * 0.5, rung), fill=(130, 90, 50), width=width)
        elif name == "bicycle":
            for wheel in (-0.7, 0.7):
                draw.ellipse(
                    (x + r * wheel - r * 0.5, y, x + r * wheel + r * 0.5, y + r), outline=INK,
                    width=width,
                )  # fmt: skip
            frame = (x - r * 0.7, y + r * 0.5, x, y, x + r * 0.7, y + r * 0.5)
            draw.line(frame, fill=(176, 40, 40), width=width)
        elif name == "bread":  # a loaf, scored
            draw.ellipse((x - r * 1.2, y - r * 0.6, x + r * 1.2, y + r * 0.6),
                         fill=(196, 140, 72), outline=INK, width=width)  # fmt: skip
            for score in (-0.5, 0.0, 0.5):
                sx = x + r * score
                draw.line((sx - r * 0.15, y - r * 0.4, sx + r * 0.15, y + r * 0.1), fill=INK,
                          width=width)  # fmt: skip
        elif name == "fish":
            body = (x - r * 1.1, y - r * 0.45, x + r * 0.7, y + r * 0.45)
            draw.ellipse(body, fill=(150, 170, 190), outline=INK, width=width)
            tail = [(x + r * 0.6, y), (x + r * 1.2, y - r * 0.45), (x + r * 1.2, y + r * 0.45)]
            draw.polygon(tail, fill=(150, 170, 190), outline=INK)
            draw.ellipse((x - r * 0.8, y - r * 0.15, x - r * 0.6, y + r * 0.05), fill=INK)
        elif name == "fishing rod":
            draw.line((x, y + r, x + r * 3, y - r * 4), fill=(120, 84, 44), width=width * 2)
            draw.line((x + r * 3, y - r * 4, x + r * 3.2, y + r * 2), fill=INK, width=1)
        elif name == "bell":
            draw.chord((x - r, y - r, x + r, y + r * 1.6), 180, 360, fill=(212, 170, 60),
                       outline=INK, width=width)  # fmt: skip
            draw.rectangle((x - r, y + r * 0.25, x + r, y + r * 0.4), fill=(212, 170, 60))
            draw.ellipse((x - r * 0.2, y + r * 0.3, x + r * 0.2, y + r * 0.7), fill=INK)
        elif name == "fountain":
            water = _shade(_WATER, self.light)
            draw.rectangle((x - r * 1.5, y, x + r * 1.5, y + r), fill=(176, 172, 164),
                           outline=INK, width=width)  # fmt: skip
            draw.rectangle((x - r * 0.2, y - r * 1.2, x + r * 0.2, y), fill=(176, 172, 164),
                           outline=INK)  # fmt: skip
            for side in (-1, 1):
                draw.arc((x - r * 1.2 * (side < 0), y - r * 1.6, x + r * 1.2 * (side > 0), y),
                         180 if side < 0 else 270, 270 if side < 0 else 360, fill=water,
                         width=width * 2)  # fmt: skip
        elif name == "paper bag":  # brown, its top folded over
            draw.rectangle((x - r * 0.7, y - r, x + r * 0.7, y + r), fill=(186, 148, 100),
                           outline=INK, width=width)  # fmt: skip
            draw.line((x - r * 0.7, y - r * 0.6, x + r * 0.7, y - r * 0.6), fill=INK, width=width)
        elif name == "paper cuttings":  # a red square cut into a flower
            draw.rectangle((x - r, y - r, x + r, y + r), fill=(200, 40, 40), outline=INK,
                           width=width)  # fmt: skip
            for angle in range(0, 360, 60):
                px = x + r * 0.5 * math.cos(math.radians(angle))
                py = y + r * 0.5 * math.sin(math.radians(angle))
                draw.ellipse((px - r * 0.22, py - r * 0.22, px + r * 0.22, py + r * 0.22),
                             fill=(250, 236, 220))  # fmt: skip
            draw.ellipse((x - r * 0.2, y - r * 0.2, x + r * 0.2, y + r * 0.2), fill=(250, 236, 220))
        elif name == "scissors":
            for side in (-1, 1):
                draw.ellipse((x + side * r * 0.5 - r * 0.3, y + r * 0.4, x + side * r * 0.5
                              + r * 0.3, y + r), outline=INK, width=width * 2)  # fmt: skip
                draw.line((x + side * r * 0.4, y + r * 0.45, x - side * r * 0.3, y - r),
                          fill=(150, 150, 156), width=width * 2)  # fmt: skip
        elif name == "handsaw":  # a toothed blade and a wooden handle
            blade = [(x - r * 1.4, y - r * 0.2), (x + r * 0.6, y - r * 0.5),
                     (x + r * 0.6, y + r * 0.3), (x - r * 1.4, y + r * 0.1)]  # fmt: skip
            draw.polygon(blade, fill=(190, 190, 196), outline=INK)
            for k in range(8):
                tx = x - r * 1.3 + k * r * 0.24
                draw.line((tx, y + r * 0.12, tx + r * 0.1, y + r * 0.3), fill=INK, width=width)
            draw.rectangle((x + r * 0.6, y - r * 0.6, x + r * 1.1, y + r * 0.4),
                           fill=(120, 84, 44), outline=INK)  # fmt: skip
        elif name == "fallen tree":  # a trunk lying on the ground, a few branches up
            bark = _shade((110, 76, 48), max(self.light, 0.5))
            draw.rounded_rectangle((x - r * 1.8, y + r * 0.3, x + r * 1.8, y + r),
                                   radius=r * 0.3, fill=bark, outline=INK, width=width)  # fmt: skip
            for branch in (-1.0, 0.2, 1.1):
                draw.line((x + r * branch, y + r * 0.35, x + r * (branch + 0.4), y - r * 0.4),
                          fill=bark, width=width * 3)  # fmt: skip
        elif name == "flask":
            draw.rounded_rectangle((x - r * 0.4, y - r, x + r * 0.4, y + r), radius=r * 0.2,
                                   fill=(120, 130, 140), outline=INK, width=width)  # fmt: skip
            draw.rectangle((x - r * 0.3, y - r * 1.3, x + r * 0.3, y - r), fill=INK)
        elif name == "whistle":
            draw.rounded_rectangle((x - r * 0.6, y - r * 0.3, x + r * 0.6, y + r * 0.3),
                                   radius=r * 0.3, fill=(212, 180, 70), outline=INK,
                                   width=width)  # fmt: skip
            draw.line((x + r * 0.6, y, x + r * 1.0, y), fill=INK, width=width * 2)
        elif name == "teacup":  # a cup on its saucer, steaming
            draw.ellipse((x - r, y + r * 0.3, x + r, y + r * 0.6), fill=(236, 232, 222),
                         outline=INK, width=width)  # fmt: skip
            draw.chord((x - r * 0.6, y - r * 0.6, x + r * 0.6, y + r * 0.6), 0, 180,
                       fill=(236, 232, 222), outline=INK, width=width)  # fmt: skip
            draw.arc((x + r * 0.4, y - r * 0.1, x + r * 0.9, y + r * 0.4), 270, 90, fill=INK,
                     width=width)  # fmt: skip
        elif name == "dumplings":  # a plate of them, pleated
            draw.ellipse((x - r * 1.4, y + r * 0.1, x + r * 1.4, y + r * 0.7),
                         fill=(236, 232, 222), outline=INK, width=width)  # fmt: skip
            for k in range(3):
                dx = x + (k - 1) * r * 0.8
                draw.chord((dx - r * 0.45, y - r * 0.3, dx + r * 0.45, y + r * 0.6), 180, 360,
                           fill=(248, 244, 232), outline=INK, width=width)  # fmt: skip
        elif name == "towel":  # folded over an arm's length, striped at the ends
            draw.rectangle((x - r * 0.5, y - r, x + r * 0.5, y + r), fill=(236, 236, 240),
                           outline=INK, width=width)  # fmt: skip
            for end in (-0.8, 0.7):
                draw.line((x - r * 0.5, y + r * end, x + r * 0.5, y + r * end),
                          fill=(60, 100, 170), width=width * 2)  # fmt: skip
        elif name == "apples":
            for k in range(3):
                ax = x + (k - 1) * r * 0.75
                draw.ellipse((ax - r * 0.4, y - r * 0.4, ax + r * 0.4, y + r * 0.4),
                             fill=(196, 40, 40), outline=INK, width=width)  # fmt: skip
                draw.line((ax, y - r * 0.4, ax + r * 0.1, y - r * 0.65), fill=INK, width=width)
        elif name == "radish":  # a fat red root, its leaves on top
            draw.polygon([(x - r * 0.6, y - r * 0.3), (x + r * 0.6, y - r * 0.3), (x, y + r * 1.2)],
                         fill=(200, 50, 50), outline=INK)  # fmt: skip
            for leaf in (-0.35, 0.0, 0.35):
                draw.ellipse((x + r * leaf - r * 0.15, y - r * 1.2, x + r * leaf + r * 0.15,
                              y - r * 0.3), fill=(70, 140, 60), outline=INK)  # fmt: skip
        elif name == "scooter":  # two small wheels, a deck, a seat and handlebars
            for wheel in (-0.9, 0.9):
                draw.ellipse((x + r * wheel - r * 0.35, y + r * 0.3, x + r * wheel + r * 0.35,
                              y + r), outline=INK, width=width * 2)  # fmt: skip
            draw.polygon([(x - r, y + r * 0.4), (x + r * 0.6, y + r * 0.4), (x + r * 0.9, y - r),
                          (x + r * 0.7, y - r), (x + r * 0.3, y), (x - r * 1.1, y)],
                         fill=(60, 100, 170), outline=INK)  # fmt: skip
            draw.line(
                (x + r * 0.6, y - r * 1.1, x + r * 1.1, y - r * 1.1), fill=INK, width=width * 2
            )
        elif name == "truck":  # a cab and a box on four wheels
            paint = _shade((70, 110, 160), max(self.light, 0.5))
            draw.rectangle((x - r * 2, y - r * 1.2, x + r * 0.8, y + r * 0.6), fill=paint,
                           outline=INK, width=width)  # fmt: skip
            draw.rectangle((x + r * 0.8, y - r * 0.6, x + r * 1.7, y + r * 0.6),
                           fill=_shade((180, 60, 50), max(self.light, 0.5)), outline=INK,
                           width=width)  # fmt: skip
            draw.rectangle((x + r * 1.1, y - r * 0.45, x + r * 1.55, y - r * 0.05),
                           fill=(200, 220, 236))  # fmt: skip
            for wheel in (-1.5, -0.9, 0.4, 1.3):
                wx = x + r * wheel
                draw.ellipse((wx - r * 0.3, y + r * 0.4, wx + r * 0.3, y + r), fill=INK)
        elif name == "mooncakes":  # round, golden, a pattern pressed on top
            for offset in (-0.6, 0.6):
                cake_x = x + r * offset
                draw.ellipse((cake_x - r * 0.55, y - r * 0.55, cake_x + r * 0.55, y + r * 0.55),
                             fill=(200, 140, 60), outline=INK, width=width)  # fmt: skip
                draw.ellipse((cake_x - r * 0.3, y - r * 0.3, cake_x + r * 0.3, y + r * 0.3),
                             outline=(150, 96, 40), width=width)  # fmt: skip
        elif name == "grapes":  # a bunch, a stalk
            for row, count in enumerate((3, 2, 1)):
                for k in range(count):
                    gx = x + (k - (count - 1) / 2) * r * 0.5
                    gy = y - r * 0.4 + row * r * 0.45
                    draw.ellipse((gx - r * 0.25, gy - r * 0.25, gx + r * 0.25, gy + r * 0.25),
                                 fill=(110, 50, 130), outline=INK)  # fmt: skip
            draw.line((x, y - r * 0.65, x + r * 0.2, y - r), fill=(90, 60, 30), width=width)
        elif name == "birdcage":  # a domed cage of bars
            draw.chord((x - r, y - r * 1.6, x + r, y + r * 0.4), 180, 360, outline=INK,
                       width=width)  # fmt: skip
            draw.rectangle((x - r, y - r * 0.6, x + r, y + r), outline=INK, width=width)
            for k in range(1, 5):
                bx = x - r + k * r * 0.4
                draw.line((bx, y - r * 1.3, bx, y + r), fill=INK, width=1)
        elif name == "eggs":
            for k in range(3):
                ex = x + (k - 1) * r * 0.7
                draw.ellipse((ex - r * 0.3, y - r * 0.4, ex + r * 0.3, y + r * 0.4),
                             fill=(246, 240, 226), outline=INK, width=width)  # fmt: skip
        elif name == "stove":  # a squat iron stove, its fire showing, a pipe up
            iron = _shade((56, 56, 60), max(self.light, 0.5))
            draw.rectangle((x - r, y - r * 0.6, x + r, y + r), fill=iron, outline=INK, width=width)
            draw.rectangle((x - r * 0.5, y - r * 0.2, x + r * 0.5, y + r * 0.5),
                           fill=(250, 150, 50))  # fmt: skip
            draw.rectangle((x - r * 0.15, y - r * 2.2, x + r * 0.15, y - r * 0.6), fill=iron)
        elif name == "chessboard":  # a board of light and dark squares, seen from above
            board = r * 1.6
            square = board / 4
            for rank in range(4):
                for file in range(4):
                    sx, sy = x - board / 2 + file * square, y - board / 2 + rank * square
                    dark = (rank + file) % 2 == 1
                    draw.rectangle((sx, sy, sx + square, sy + square),
                                   fill=(70, 50, 36) if dark else (226, 200, 160))  # fmt: skip
            draw.rectangle((x - board / 2, y - board / 2, x + board / 2, y + board / 2),
                           outline=INK, width=width)  # fmt: skip
        elif name == "flashlight":  # a torch and its beam
            draw.polygon([(x + r * 0.3, y - r * 0.15), (x + r * 1.6, y - r * 0.7),
                          (x + r * 1.6, y + r * 0.7), (x + r * 0.3, y + r * 0.15)],
                         fill=(255, 244, 190))  # fmt: skip
            draw.rectangle((x - r, y - r * 0.2, x + r * 0.3, y + r * 0.2), fill=(60, 60, 66),
                           outline=INK, width=width)  # fmt: skip
        elif name == "walkie-talkie":  # a handset with its aerial
            draw.rounded_rectangle((x - r * 0.4, y - r * 0.6, x + r * 0.4, y + r),
                                   radius=r * 0.15, fill=(40, 44, 40), outline=INK,
                                   width=width)  # fmt: skip
            draw.line((x + r * 0.2, y - r * 0.6, x + r * 0.2, y - r * 1.4), fill=INK, width=width)
            draw.rectangle((x - r * 0.25, y - r * 0.4, x + r * 0.25, y), fill=(150, 190, 150))
        elif name == "rock":  # a grey boulder
            stone = _shade((140, 136, 128), max(self.light, 0.5))
            draw.chord((x - r * 1.3, y - r, x + r * 1.3, y + r * 1.4), 180, 360, fill=stone,
                       outline=INK, width=width)  # fmt: skip
            draw.line((x - r * 1.3, y + r * 0.2, x + r * 1.3, y + r * 0.2), fill=INK, width=width)
        elif name == "curtain":  # a red stage drape in folds
            drape = _shade((170, 30, 40), max(self.light, 0.5))
            draw.rectangle((x - r * 1.2, y - r * 1.6, x + r * 1.2, y + r), fill=drape,
                           outline=INK, width=width)  # fmt: skip
            for k in range(1, 6):
                fx = x - r * 1.2 + k * r * 0.4
                draw.line((fx, y - r * 1.6, fx, y + r), fill=_shade(drape, 0.7), width=width)
        elif name == "spotlight":  # a lamp and the cone of light it throws
            draw.polygon([(x, y - r * 1.6), (x - r * 1.2, y + r), (x + r * 1.2, y + r)],
                         fill=(255, 246, 200))  # fmt: skip
            draw.ellipse((x - r * 0.3, y - r * 1.9, x + r * 0.3, y - r * 1.3), fill=(50, 50, 56))
        elif name in ("wrench", "bicycle pump"):  # a grey tool
            steel = (150, 154, 160)
            draw.line((x - r, y + r * 0.6, x + r * 0.6, y - r * 0.6), fill=INK, width=width * 4)
            draw.line((x - r, y + r * 0.6, x + r * 0.6, y - r * 0.6), fill=steel, width=width * 2)
            draw.ellipse((x + r * 0.4, y - r, x + r, y - r * 0.4), outline=steel, width=width * 2)
        elif name == "boat":
            return  # drawn with the water
        else:  # a neutral placeholder: something is there, not the sea
            draw.rounded_rectangle(
                (x - r, y - r, x + r, y + r),
                radius=r * 0.3,
                fill=(200, 196, 186),
                outline=INK,
                width=width,
            )

    def _animal(
        self,
        draw: ImageDraw.ImageDraw,
        x: float,
        colour: RGB | None = None,
        species: str | None = None,
    ) -> None:
        scale = (
            self.h * {ShotSize.WIDE: 0.06, ShotSize.MEDIUM: 0.16, ShotSize.CLOSE_UP: 0.3}[self.size]
        )
        base = self.horizon + self.h * 0.1 if self.size is ShotSize.WIDE else self.h * 0.95
        fur = _shade(colour or (170, 120, 70), max(self.light, 0.6))
        draw.ellipse(
            (x - scale, base - scale * 1.4, x + scale, base - scale * 0.6),
            fill=fur,
            outline=INK,
            width=self.stroke,
        )
        for leg in (-0.7, -0.3, 0.3, 0.7):
            draw.line(
                (x + scale * leg, base - scale * 0.8, x + scale * leg, base),
                fill=INK,
                width=self.stroke * 2,
            )
        hx, hy = x + scale * 1.05, base - scale * 1.5
        if species == "squirrel":  # a bushy tail curled up behind
            draw.ellipse((x - scale * 1.7, base - scale * 2.4, x - scale * 0.7, base - scale),
                         fill=fur, outline=INK, width=self.stroke)  # fmt: skip
        draw.ellipse(
            (hx - scale * 0.4, hy - scale * 0.4, hx + scale * 0.4, hy + scale * 0.4),
            fill=fur,
            outline=INK,
            width=self.stroke,
        )
        if species == "rabbit":  # two long ears, upright
            for ear in (-0.18, 0.12):
                ex = hx + scale * ear
                ear_box = (ex - scale * 0.1, hy - scale * 1.25, ex + scale * 0.1, hy - scale * 0.25)
                draw.ellipse(ear_box, fill=fur, outline=INK, width=self.stroke)
            return
        draw.polygon(
            [
                (hx - scale * 0.3, hy - scale * 0.3),
                (hx - scale * 0.1, hy - scale * 0.7),
                (hx, hy - scale * 0.3),
            ],
            fill=fur,
            outline=INK,
        )

    def _birds(self, draw: ImageDraw.ImageDraw) -> None:
        for _ in range(5):
            x, y = self.rng.uniform(0.1, 0.9) * self.w, self.rng.uniform(0.08, 0.35) * self.h
            span = self.h * self.rng.uniform(0.015, 0.03)
            draw.line(
                [(x - span, y - span * 0.5), (x, y), (x + span, y - span * 0.5)],
                fill=INK,
                width=self.stroke,
            )

    def _boat(self, draw: ImageDraw.ImageDraw, aside: bool = False) -> None:
        """A sailing boat on the water; `aside`: someone is in the shot, so it keeps to the
        side they leave free, at the size of the wide shot's."""
        size = ShotSize.WIDE if aside else self.size
        scale = self.h * {ShotSize.WIDE: 0.06, ShotSize.MEDIUM: 0.12, ShotSize.CLOSE_UP: 0.2}[size]
        x = self.w * (self.rng.uniform(0.72, 0.88) if aside else self.rng.uniform(0.2, 0.5))
        y = self.horizon + self.h * (0.04 if aside else 0.12)
        draw.polygon(
            [
                (x - scale * 1.6, y),
                (x + scale * 1.6, y),
                (x + scale, y + scale * 0.6),
                (x - scale, y + scale * 0.6),
            ],
            fill=(120, 70, 40),
            outline=INK,
        )
        draw.line((x, y, x, y - scale * 2.2), fill=INK, width=self.stroke)
        draw.polygon(
            [
                (x + 2, y - scale * 2.1),
                (x + scale * 1.2, y - scale * 0.3),
                (x + 2, y - scale * 0.3),
            ],
            fill=(236, 230, 214),
            outline=INK,
        )
        if self.time in (TimeOfDay.NIGHT, TimeOfDay.DUSK) or "lantern" in self.prompt:
            r = scale * 0.18
            draw.ellipse(
                (x - scale - r, y - scale * 0.8 - r, x - scale + r, y - scale * 0.8 + r),
                fill=(255, 214, 110),
            )

    # --- weather and finish ------------------------------------------------------------

    def _weather(self, image: Image.Image, draw: ImageDraw.ImageDraw) -> None:
        rng = self.rng
        weather = self.weather
        if self.setting in (Setting.INTERIOR, Setting.WORKSHOP):
            return  # indoors no snow falls in the room (it falls past the window)
        if weather in (Weather.RAIN, Weather.STORM):
            colour = (196, 206, 222) if self.time is not TimeOfDay.NIGHT else (120, 130, 160)
            length = self.h * 0.04
            for _ in range(int(self.w * self.h / 3000)):
                x, y = rng.uniform(-40, self.w), rng.uniform(0, self.h)
                draw.line((x, y, x + length * 0.3, y + length), fill=colour, width=1)
            if weather is Weather.STORM:
                x, y = self.w * rng.uniform(0.2, 0.8), 0.0
                bolt = [(x, y)]
                while y < self.horizon * 0.8:
                    x += rng.uniform(-30, 30)
                    y += rng.uniform(20, 50)
                    bolt.append((x, y))
                draw.line(bolt, fill=(255, 250, 210), width=self.stroke * 2)
        elif weather is Weather.SNOW:
            for _ in range(int(self.w * self.h / 2500)):
                x, y = rng.uniform(0, self.w), rng.uniform(0, self.h)
                r = rng.choice((1.0, 1.5, 2.0, 3.0))
                draw.ellipse((x - r, y - r, x + r, y + r), fill=(250, 250, 255))
        elif weather is Weather.FOG:
            fog = _gradient(self.w, self.h, (226, 228, 232), (200, 204, 212))
            image.paste(Image.blend(image, fog, 0.45))

    def _finish(self, image: Image.Image) -> Image.Image:
        pixels = np.asarray(image, dtype=np.uint16)
        finished = np.minimum((pixels * _finish_mask(self.w, self.h)) >> 8, 255).astype(np.uint8)
        return Image.fromarray(finished)
