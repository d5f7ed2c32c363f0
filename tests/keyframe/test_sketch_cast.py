"""The sketch draws the cast from their looks in the prompt: the same words, the same
figure, shot after shot; and the props the prompt names."""

from __future__ import annotations

import numpy as np

from storyreel.contract import KeyframeRequest, ShotSize
from storyreel.keyframe.sketch import SketchRenderer, read_looks
from storyreel.text.scene import Subject

MEI = "Mei (a girl of about twelve, small, long black hair in a braid, wearing a purple cloak)"


_W, _H = 320, 180


def _draw(prompt: str) -> np.ndarray:
    request = KeyframeRequest(prompt=prompt, seed=3, width=_W, height=_H, shot_size=ShotSize.MEDIUM)
    return np.asarray(SketchRenderer().render(request)).reshape(-1, 3).astype(int)


def test_the_same_look_draws_the_same_figure_in_another_place() -> None:
    assert read_looks(f"medium shot of {MEI}") == read_looks(f"wide shot of {MEI}, forest")
    (look,) = read_looks(MEI)
    assert look.kind is Subject.CHILD and look.long_hair and look.coat == (120, 70, 140)
    for prompt in (f"medium shot of {MEI}, riverbank, day", f"medium shot of {MEI}, forest"):
        p = _draw(prompt)
        purple = (p[:, 2] > p[:, 1] + 40) & (p[:, 0] > p[:, 1] + 25)
        assert purple.mean() > 0.02, prompt  # her cloak
    plain = _draw("medium shot of the riverbank, day")
    assert ((plain[:, 2] > plain[:, 1] + 40) & (plain[:, 0] > plain[:, 1] + 25)).mean() < 0.002


def test_a_named_prop_is_drawn() -> None:
    with_lantern = _draw(f"medium shot of {MEI}, carrying a paper lantern, forest, day")
    without = _draw(f"medium shot of {MEI}, forest, day")

    def red(p: np.ndarray) -> float:
        return float(((p[:, 0] > 180) & (p[:, 1] < 90) & (p[:, 2] < 90)).mean())

    assert red(with_lantern) > red(without) + 0.002


def test_a_name_is_not_a_prop() -> None:
    maker = "the lantern maker (a man, slim, short black hair, wearing a blue jacket)"
    holding = _draw(f"medium shot of {maker}, carrying a paper lantern, forest, day")
    named = _draw(f"medium shot of {maker}, forest, day")

    def red(p: np.ndarray) -> float:
        return float(((p[:, 0] > 180) & (p[:, 1] < 90) & (p[:, 2] < 90)).mean())

    assert red(named) < 0.0005 < red(holding)


def test_a_hat_and_glasses_in_the_look_are_drawn() -> None:
    """马师傅 in 一顶灰色的帽子 and glasses: the sketch draws both, in every shot."""
    bare = "Ma Shifu (a man, tall, short black hair, wearing a red coat)"
    dressed = (
        "Ma Shifu (a man, tall, short black hair, wearing a green hat and a red coat and glasses)"
    )
    (look,) = read_looks(dressed)
    assert look.hat is not None and look.glasses and look.coat == read_looks(bare)[0].coat

    def green(p: np.ndarray) -> float:
        return float(((p[:, 1] > p[:, 0] + 40) & (p[:, 1] > p[:, 2] + 40)).mean())

    def ink(p: np.ndarray) -> float:
        return float((p.max(axis=1) < 60).mean())

    hatted = dressed.replace(" and glasses", "")
    for place in ("town street, day", "riverbank, dusk"):
        drawn = {
            name: _draw(f"medium shot of {who}, {place}")
            for name, who in (("bare", bare), ("hat", hatted), ("both", dressed))
        }
        assert green(drawn["hat"]) > green(drawn["bare"]) + 0.003, place  # the hat
        assert ink(drawn["both"]) > ink(drawn["hat"]) + 0.0005, place  # the glasses' rims


def test_a_scarf_over_a_coat_is_drawn_and_indoors_snow_falls_past_the_window() -> None:
    shitou = "Shitou (a boy of twelve, small, short black hair, wearing a {}blue padded jacket)"
    (look,) = read_looks(shitou.format("red scarf and a "))
    assert look.scarf is not None and look.coat == read_looks(shitou.format(""))[0].coat

    def red(p: np.ndarray) -> float:
        return float(((p[:, 0] > p[:, 1] + 60) & (p[:, 0] > p[:, 2] + 60)).mean())

    scarf = _draw(f"medium shot of {shitou.format('red scarf and a ')}, village, day")
    assert red(scarf) > red(_draw(f"medium shot of {shitou.format('')}, village, day")) + 0.002

    def flakes(p: np.ndarray) -> float:
        return float((p.min(axis=1) > 240).mean())

    outside = _draw("medium shot of the village, night, snow")
    inside = _draw("medium shot of the room, night, snow")
    dry = _draw("medium shot of the room, night")
    assert flakes(outside) > 0.002
    # in a room the snow falls past its window (the right of the wall), not in the room
    pane = np.zeros((_H, _W), bool)
    pane[int(_H * 0.14) : int(_H * 0.44), int(_W * 0.62) : int(_W * 0.84)] = True
    pane = pane.reshape(-1)
    assert flakes(inside[pane]) > flakes(dry[pane]) + 0.01
    assert flakes(inside[~pane]) < flakes(dry[~pane]) + 0.0005


def test_what_nobody_holds_stands_beside_the_cast() -> None:
    """The beehive, the cart: drawn on the ground beside whoever is in the shot."""
    ruth = "Ruth (an old woman, slim, long grey hair in a braid, wearing a red coat)"

    def straw(p: np.ndarray) -> float:  # the skep's straw and the cart's wood
        return float(
            ((abs(p[:, 0] - 212) < 12) & (abs(p[:, 1] - 168) < 12) & (p[:, 2] < 90)).mean()
        )

    def wood(p: np.ndarray) -> float:
        return float(
            (
                (abs(p[:, 0] - 150) < 10) & (abs(p[:, 1] - 100) < 10) & (abs(p[:, 2] - 56) < 10)
            ).mean()
        )

    alone = _draw(f"medium shot of {ruth}, meadow")
    assert straw(_draw(f"medium shot of {ruth}, with a beehive, meadow")) > straw(alone) + 0.002
    assert wood(_draw(f"medium shot of {ruth}, with a wooden cart, meadow")) > wood(alone) + 0.002


def test_a_rainbow_after_the_rain_is_in_the_sky() -> None:
    def bands(p: np.ndarray) -> float:  # the rainbow's green band, in the sky
        sky = p[: p.shape[0] // 2]
        return float(((sky[:, 1] > sky[:, 0] + 40) & (sky[:, 1] > sky[:, 2] + 10)).mean())

    plain = _draw("wide shot of the lake shore, daylight, clear sky")
    assert (
        bands(_draw("wide shot of a rainbow, lake shore, daylight, clear sky"))
        > bands(plain) + 0.002
    )


def test_a_beard_in_the_look_is_drawn() -> None:
    """ "a bearded man named Oskar": his beard, in his hair's colour, round his chin."""
    bare = "Oskar (a man, tall, short black hair, wearing a green cloak)"
    bearded = "Oskar (a man, tall, short black hair and a beard, wearing a green cloak)"
    (look,) = read_looks(bearded)
    assert look.beard == look.hair and read_looks(bare)[0].beard is None

    def black(p: np.ndarray) -> float:
        return float(((p[:, 0] < 60) & (p[:, 1] < 60) & (p[:, 2] < 60)).mean())

    assert (
        black(_draw(f"medium shot of {bearded}, meadow"))
        > black(_draw(f"medium shot of {bare}, meadow")) + 0.002
    )


def test_a_train_runs_on_rails_and_its_carriage_has_a_row_of_windows() -> None:
    """The train is drawn on a railway line (red carriages, not a grey placeholder); inside
    the train carriage, three windows and the seats, not a room's one window and lamp."""

    def red(p: np.ndarray) -> float:  # the carriages' paint
        return float(((abs(p[:, 0] - 150) < 20) & (p[:, 1] < 60) & (p[:, 2] < 60)).mean())

    def placeholder(p: np.ndarray) -> float:
        return float(((p[:, 0] == 200) & (p[:, 1] == 196) & (p[:, 2] == 186)).mean())

    train = _draw("wide establishing shot of a train, mountains, daylight")
    assert red(train) > 0.01 and placeholder(train) == 0
    assert red(_draw("wide establishing shot of the mountains, daylight")) < 0.001

    def seats(p: np.ndarray) -> float:  # the carriage's blue seat backs
        return float(((abs(p[:, 0] - 60) < 12) & (abs(p[:, 1] - 90) < 12) & (p[:, 2] > 110)).mean())

    assert seats(_draw(f"medium shot of {MEI}, train carriage, daylight")) > 0.02
    assert seats(_draw(f"medium shot of {MEI}, inside a bus, daylight")) > 0.02
    assert seats(_draw(f"medium shot of {MEI}, room, daylight")) < 0.001
    assert placeholder(_draw(f"medium shot of {MEI}, train carriage, daylight")) == 0


def test_new_props_are_drawn_not_left_as_placeholders() -> None:
    """Each thing the fourteenth pair named has its own drawing: shown alone, it differs from
    the neutral placeholder (a clock's, which has none), as a key (no drawing either) does
    not."""

    def alone(prop: str) -> np.ndarray:
        request = KeyframeRequest(prompt=f"close-up shot of {prop}, room, daylight", seed=3,
                                  width=_W, height=_H, shot_size=ShotSize.CLOSE_UP)  # fmt: skip
        return np.asarray(SketchRenderer().render(request)).astype(int)

    placeholder = alone("a clock")

    def differs(prop: str) -> float:
        return float((np.abs(alone(prop) - placeholder).max(axis=2) > 40).mean())

    assert differs("a key") == 0
    for prop in ("a paper bag", "scissors", "a handsaw", "a fallen tree", "a flask", "a whistle",
                 "eggs", "a stove", "a teacup", "dumplings", "paper cuttings", "a towel",
                 "apples", "a radish", "a scooter", "a truck", "mooncakes", "grapes",
                 "a birdcage", "a chessboard", "a flashlight", "a walkie-talkie",
                 "a rock", "a curtain", "a spotlight", "a wrench"):  # fmt: skip
        assert differs(prop) > 0.005, prop


def test_a_rabbit_has_long_ears_and_a_squirrel_a_tail() -> None:
    """Animals of a fable are drawn as their kind: the look names it, the figure shows it."""
    rabbit = read_looks("the rabbit (a white rabbit with bright eyes)")[0]
    old = read_looks("the old rabbit (an old grey rabbit with bright eyes)")[0]
    assert rabbit.species == "rabbit" and rabbit.coat == (234, 232, 224)
    assert old.coat == (140, 140, 146)  # "an old grey rabbit": grey, not the default brown

    def top(prompt: str) -> int:  # the highest row of white fur, below the sky's sun
        p = _draw(prompt).reshape(_H, _W, 3)[_H * 2 // 5 :]
        rows = np.nonzero(((p[..., 0] > 215) & (p[..., 1] > 215) & (p[..., 2] > 205)).any(1))[0]
        return int(rows[0]) + _H * 2 // 5

    rabbit_top = top("medium shot of the rabbit (a white rabbit with bright eyes), meadow")
    cat_top = top("medium shot of the cat (a white cat with bright eyes), meadow")
    assert rabbit_top < cat_top - _H * 0.05  # its ears stand up above a cat's


def test_a_costume_is_what_the_figure_wears() -> None:
    """ "wearing a green tree costume" draws a green figure, the same green in every shot."""
    (tree,) = read_looks("Maya (a girl of eight, small, wearing a green tree costume)")
    (coat,) = read_looks("Maya (a girl of eight, small, wearing a green coat)")
    assert tree.coat is not None and tree.coat == coat.coat
