"""The sixteenth unseen pair (a night delivery in the city; a fable of a rabbit, a squirrel
and Grandma Rabbit), read before any rule was changed for it: each mistake it showed, as a
test."""

from __future__ import annotations

from story_pairs import shot_in, storyboard_of

from storyreel.contract import Language

EN_DELIVERY = (
    "Midnight Delivery\n\n"
    "Dev Patel rode his blue scooter through the rain-soaked streets of the city. It was "
    "almost midnight, and this was his last delivery: a box of noodles for apartment 12B.\n\n"
    "The lift in the tower block was broken, so he climbed the stairs two at a time. On the "
    "ninth floor, a grey kitten sat shivering by the rubbish bins.\n\n"
    "Dev knocked on the door of 12B. An old man in a green dressing gown opened it. \"You're "
    'soaked, young man," he said. "Come in and dry off."\n\n'
    "His name was Mr. Okoye, and he had lived alone since his wife died. While Dev drank a "
    "mug of hot tea, he told him about the jazz club he used to own.\n\n"
    "On his way down, Dev heard the kitten crying again. He tucked it inside his jacket and "
    "rode home slowly, the rain finally stopping over the river."
)
ZH_FABLE = (
    "小兔子的萝卜\n\n"
    "森林里住着一只小白兔。秋天到了，它在菜园里种的萝卜长得又大又红。\n\n"
    "小白兔拔了一个最大的萝卜，想送给住在山坡上的兔奶奶。路上，它遇到了一只灰色的小松鼠。\n\n"
    "“你要去哪儿？”小松鼠问。“我给兔奶奶送萝卜。”小白兔说。小松鼠说：“我陪你一起去吧。”\n\n"
    "它们走过小溪，爬上山坡。天快黑了，兔奶奶正坐在门口等着。\n\n"
    "兔奶奶高兴极了，煮了一锅萝卜汤。三个好朋友坐在火炉边，一边喝汤，一边听外面的风声。"
)


def test_a_night_delivery() -> None:
    """ "You're" is no one; the old man who opens the door is Mr. Okoye (a quote and a
    paragraph later), in his green dressing gown; "since his wife died" puts no wife in the
    picture; "a grey kitten" is grey, and "it", not the "He" who tucks it in his jacket; the
    tower block's stairs are inside; "he told him" are the two named; "On his way down,
    Dev" is Dev's way; "the rain finally stopping" clears the sky."""
    board = storyboard_of(EN_DELIVERY, Language.EN)
    cast = {m.name: (m.look, m.story_names) for m in board.cast}
    assert set(cast) == {"Dev", "the cat", "Mr. Okoye"}
    assert (
        cast["Mr. Okoye"][0].startswith("an old man")
        and "green dressing gown" in cast["Mr. Okoye"][0]
    )
    assert cast["the cat"][0].startswith("a grey cat")
    who, prompt = shot_in(board, "tower block")
    assert set(who) == {"Dev", "the cat"} and "stairwell" in prompt
    who, _prompt = shot_in(board, "His name was Mr. Okoye")
    assert set(who) == {"Mr. Okoye", "Dev"}
    who, prompt = shot_in(board, "On his way down")
    assert set(who) == {"Dev", "the cat"} and "clear sky" in prompt and "rain," not in prompt
    _who, prompt = shot_in(board, "blue scooter")
    assert "a scooter" in prompt


def test_a_fable_of_animals() -> None:
    """小白兔 is a white rabbit (not 小白, a name), 兔奶奶 an old rabbit (not a grandmother),
    小松鼠 a grey squirrel; 它 is the rabbit, 它们 the animals walking, 三个好朋友 all three;
    萝卜 a radish, 菜园 a garden, 火炉边 indoors."""
    board = storyboard_of(ZH_FABLE, Language.ZH)
    cast = {m.name: m.look for m in board.cast}
    assert cast == {
        "the rabbit": "a white rabbit with bright eyes",
        "the old rabbit": cast["the old rabbit"],
        "the squirrel": "a grey squirrel with bright eyes",
    }
    assert cast["the old rabbit"].startswith("an old ") and "rabbit" in cast["the old rabbit"]
    who, prompt = shot_in(board, "它在菜园里")
    assert who == ["the rabbit"] and "a radish" in prompt and "garden" in prompt
    who, _prompt = shot_in(board, "它们走过小溪")
    assert set(who) == {"the rabbit", "the squirrel", "the old rabbit"}
    who, prompt = shot_in(board, "三个好朋友")
    assert set(who) == {"the rabbit", "the squirrel", "the old rabbit"} and "room" in prompt


def test_a_picture_of_an_animal_is_no_animal() -> None:
    """剪一只兔子 and 窗上的兔子 are paper rabbits, "a wooden horse" and "drew a fox" pictures
    or toys: none is in the cast; a rabbit that runs by is."""
    paper = storyboard_of(
        "妞妞剪了一只兔子。她把兔子贴在窗上。奶奶看见窗上的兔子，笑了。", Language.ZH
    )
    assert "the rabbit" not in {m.name for m in paper.cast}
    toys = storyboard_of("Tom drew a fox and rode his wooden horse round the kitchen.", Language.EN)
    assert not {"the fox", "the horse"} & {m.name for m in toys.cast}
    alive = storyboard_of("一只小兔子跑过草地。小兔子停下来，看着月亮。", Language.ZH)
    assert "the rabbit" in {m.name for m in alive.cast}
