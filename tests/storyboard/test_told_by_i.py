"""The seventeenth unseen pair: two stories told in the first person (a summer on a
grandmother's boat; moving away from a best friend), read before any rule was changed for
them: each mistake they showed, as a test."""

from __future__ import annotations

from story_pairs import shot_in, storyboard_of

from storyreel.contract import Language

EN_BOAT = (
    "My Grandmother's Boat\n\n"
    "When I was ten, I spent every summer with my grandmother on a small island off the coast "
    "of Maine. Her name was Edith, and she had fished those waters for fifty years.\n\n"
    "Every morning she woke me before sunrise. We drank cocoa in her kitchen, then walked down "
    "to the dock where her red boat, the Marigold, was tied.\n\n"
    "One foggy morning the engine would not start. Grandma opened the hatch, wiped her hands on "
    'her overalls and handed me a wrench. "Hold this, and don\'t drop it," she said.\n\n'
    "While she worked, a seal popped its head out of the water and watched us. I laughed so "
    "hard I nearly fell in.\n\n"
    "At last the engine coughed and roared. We sailed out past the lighthouse, and for the "
    "first time she let me steer."
)
ZH_MOVING = (
    "搬家\n\n"
    "爸爸的工作调到了上海，我们一家要从北方的小县城搬走了。我叫陈阳，今年十岁。\n\n"
    "搬家前一天，好朋友大壮来找我。他比我高半个头，圆圆的脸，总穿着一件旧球衣。"
    "他把他最宝贝的弹弓送给了我。\n\n"
    "“到了上海，别忘了给我写信。”大壮说。我点点头，眼泪掉了下来。\n\n"
    "第二天一早，妈妈把最后一个箱子搬上了卡车。隔壁的刘阿姨送来一袋煮鸡蛋，让我们路上吃。\n\n"
    "卡车开出了县城。我回头看，大壮还站在路口，一直向我们挥手。"
)


def test_a_story_told_by_i_has_its_teller_in_the_pictures() -> None:
    """ "When I was ten": the narrator, a child of ten whose sex the telling never says, is
    in every shot that says I, me or we; "my grandmother", "Her name was Edith" and
    "Grandma" are one old woman; "her red boat, the Marigold" is a boat, not a person; the
    kitchen they leave for the dock is not where the engine will not start."""
    board = storyboard_of(EN_BOAT, Language.EN)
    cast = {m.name: (m.look, m.story_names) for m in board.cast}
    assert set(cast) == {"the narrator", "Edith"}
    assert cast["the narrator"][0].startswith("a child of ten")
    assert cast["Edith"][0].startswith("an old woman")
    assert {"my grandmother", "Grandma"} <= set(cast["Edith"][1])
    who, _prompt = shot_in(board, "When I was ten")
    assert set(who) == {"the narrator", "Edith"}
    who, prompt = shot_in(board, "the engine would not start")
    assert set(who) == {"Edith", "the narrator"} and "kitchen" not in prompt
    assert "harbour" in prompt
    who, _prompt = shot_in(board, "she let me steer")
    assert set(who) == {"the narrator", "Edith"}


def test_a_chinese_story_told_by_wo() -> None:
    """我叫陈阳，今年十岁: 陈阳 tells it (a child of ten) and is in every shot of 我 and 我们;
    好朋友大壮 is a boy (jieba calls 大壮 a verb), tall (他比我高: he is, not 我) in his old
    football shirt; 上海, where the father's job has moved to, is neither the sea nor where
    the family is; 县城 is a town; 卡车开出 is a truck driving off, opening nothing."""
    board = storyboard_of(ZH_MOVING, Language.ZH)
    cast = {m.name: (m.look, m.story_names) for m in board.cast}
    assert {"Chen Yang", "Dazhuang", "the mother", "Liu Ayi"} <= set(cast)
    assert cast["Chen Yang"][0].startswith("a child of ten, small")
    assert "football shirt" not in cast["Chen Yang"][0]
    assert cast["Dazhuang"][0].startswith("a boy") and ", tall," in cast["Dazhuang"][0]
    assert "football shirt" in cast["Dazhuang"][0]
    prompts = " ".join(s.prompt for s in board.shots)
    assert "seashore" not in prompts and "city" not in prompts
    who, prompt = shot_in(board, "我叫陈阳")
    assert "Chen Yang" in who and "town street" in prompt
    who, _prompt = shot_in(board, "好朋友大壮来找我")
    assert set(who) == {"Dazhuang", "Chen Yang"}
    who, prompt = shot_in(board, "卡车开出了县城")
    assert set(who) == {"Chen Yang", "Dazhuang"} and "a truck" in prompt
    assert "opening" not in prompt
