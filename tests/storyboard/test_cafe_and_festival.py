"""The eighteenth unseen pair (a café owner and the doctor who stops coming; a grandmother,
her dog and a hurt bird at the Mid-Autumn Festival), read before any rule was changed for
them: each mistake they showed, as a test."""

from __future__ import annotations

from story_pairs import shot_in, storyboard_of

from storyreel.contract import Language

EN_CAFE = (
    "The Café on Rose Street\n\n"
    "Hope ran a tiny café on Rose Street. Every morning at six she baked cinnamon rolls and "
    "set out the chairs on the pavement.\n\n"
    "Her first customer was always the doctor from the clinic next door, a tall woman with "
    "silver hair. She ordered black coffee and read the newspaper in silence.\n\n"
    "One Tuesday the doctor did not come. At noon, Hope saw an ambulance outside the clinic. "
    "A nurse told her that the doctor had fainted during the night.\n\n"
    "Hope wrapped two warm rolls in a napkin and carried them across the street. The doctor "
    "was sitting up in bed, pale but smiling.\n\n"
    '"You remembered," she whispered. Hope squeezed her hand and promised to save her a table.'
)
ZH_FESTIVAL = (
    "中秋节\n\n"
    "中秋节那天，奶奶一早就去集市买月饼。她养的小黄狗旺财摇着尾巴跟在后面。\n\n"
    "集市上人山人海。卖月饼的张大叔笑着说：“老太太，今年的豆沙月饼最好吃。”"
    "奶奶买了四个，又买了一串葡萄。\n\n"
    "回家的路上，旺财突然冲进了路边的草丛，叼出一只受伤的小鸟。\n\n"
    "奶奶把小鸟放在篮子里带回了家。晚上，一家人在院子里赏月，小鸟在笼子里叽叽喳喳地叫着，"
    "像是在说谢谢。"
)


def test_the_doctor_who_did_not_come() -> None:
    """ "the doctor from the clinic next door, a tall woman with silver hair" is one woman, past
    her youth (not a second "woman"; no "her that the doctor"); Rose Street grows no roses;
    "She ordered black coffee" is the doctor ("Her first customer": Hope only owns her);
    "the doctor did not come" and "told her that the doctor had fainted" keep her out of the
    picture; "outside the clinic" is outside; "carried them" are the rolls, not people."""
    board = storyboard_of(EN_CAFE, Language.EN)
    cast = {m.name: (m.look, m.story_names) for m in board.cast}
    assert set(cast) == {"Hope", "the doctor", "the nurse"}
    assert cast["the doctor"][0].startswith("a middle-aged woman, tall, silver hair")
    assert set(cast["the doctor"][1]) == {"The doctor", "a tall woman"}
    assert "flowers" not in " ".join(s.prompt for s in board.shots)
    who, _prompt = shot_in(board, "She ordered black coffee")
    assert who == ["the doctor"]
    who, prompt = shot_in(board, "did not come")
    assert who == ["Hope"] and "outside the entrance" in prompt
    who, _prompt = shot_in(board, "A nurse told her")
    assert set(who) == {"the nurse", "Hope"}
    who, _prompt = shot_in(board, "carried them")
    assert set(who) == {"Hope", "the doctor"}


def test_mid_autumn_with_a_dog() -> None:
    """小黄狗旺财 is a yellow dog called 旺财 (jieba cuts 黄狗旺 / 财摇着), 卖月饼的张大叔 a man;
    一早 is early morning; 月饼, 葡萄 and 笼子 are mooncakes, grapes and a birdcage."""
    board = storyboard_of(ZH_FESTIVAL, Language.ZH)
    cast = {m.name: m.look for m in board.cast}
    assert cast["Wangcai"] == "a yellow dog with bright eyes"
    assert cast["Zhang Dashu"].startswith("a man")
    who, prompt = shot_in(board, "中秋节那天")
    assert set(who) == {"the grandmother", "Wangcai"} and "mooncakes" in prompt
    assert "dawn" in prompt
    who, _prompt = shot_in(board, "张大叔")
    assert "Zhang Dashu" in who
    _who, prompt = shot_in(board, "一串葡萄")
    assert "grapes" in prompt
    _who, prompt = shot_in(board, "笼子")
    assert "birdcage" in prompt and "night" in prompt
