"""The fifteenth unseen pair (a kite festival on a hill; an umbrella left on a bus), read
before any rule was changed for it: each mistake it showed, as a test."""

from __future__ import annotations

from story_pairs import shot_in, storyboard_of

from storyreel.contract import Language
from storyreel.storyboard.bible import pinyin_name

EN_KITES = (
    "The Kite Festival\n\n"
    "Every spring the town of Bramley held a kite festival on Windmill Hill. This year "
    "eleven-year-old Omar had built his own kite, a green dragon with a long paper tail.\n\n"
    "His grandfather, Yusuf, had a white beard and always wore a flat cap. He carried the kite "
    "up the hill while Omar ran ahead with their dog, Pepper, a small brown terrier.\n\n"
    "At the top, a crowd was already waiting. A girl in a purple raincoat was flying a red box "
    'kite. "Yours looks fierce," she told Omar. Her name was Lily.\n\n'
    "The wind grew stronger. Omar's dragon climbed higher than every other kite, until the "
    "string snapped. The dragon drifted away over the river.\n\n"
    "Pepper barked and chased it down the hill. Omar, Lily and Yusuf ran after him, past the "
    "mill and across the old bridge.\n\n"
    "They found the kite caught in an apple tree behind the bakery. The baker, Mrs. Green, "
    "fetched a ladder. That evening they all ate warm buns in her kitchen, and the dragon hung "
    "above the door."
)
ZH_BUS = (
    "公交车上的雨伞\n\n"
    "周一早上，下着小雨。高中生林浩挤上了十二路公交车。车上人很多，他站在后门旁边。\n\n"
    "一位拄着拐杖的老太太上了车。林浩赶紧给她让了座。老太太笑着说：“谢谢你，小伙子。”\n\n"
    "到了医院站，老太太下车了，却把一把黑色的雨伞忘在了座位上。林浩拿起雨伞追了下去。\n\n"
    "雨越下越大。他在医院门口找到了老太太，她正站在台阶上发愁。\n\n"
    "林浩把伞递给她，自己冒着雨跑回了学校。第一节课已经开始了，班主任张老师看着浑身湿透的他，"
    "什么也没说，递给他一条毛巾。"
)


def test_who_flies_kites() -> None:
    """ "A girl in a purple raincoat ... she told Omar. Her name was Lily": Lily is the girl
    (Omar, named on the way as whom she told, is no one new); Pepper, "a small brown
    terrier", is brown; Yusuf's beard is white and his flat cap kept; the baker wears her
    apron; "a red box kite" is a kite, not a box."""
    board = storyboard_of(EN_KITES, Language.EN)
    cast = {m.name: (m.look, m.story_names) for m in board.cast}
    assert set(cast) == {"Omar", "Yusuf", "Pepper", "Lily", "Mrs. Green"}
    assert cast["Lily"][0].startswith("a young girl") and "purple raincoat" in cast["Lily"][0]
    assert cast["Pepper"][0].startswith("a brown dog")
    assert "white beard" in cast["Yusuf"][0] and "flat cap" in cast["Yusuf"][0]
    assert "white apron" in cast["Mrs. Green"][0]
    _who, prompt = shot_in(board, "red box kite")
    assert "box" not in prompt.replace("box kite", "") and "a kite" in prompt
    _who, prompt = shot_in(board, "warm buns")
    assert "bread" in prompt


def test_who_is_on_the_bus() -> None:
    """高中生林浩挤上了公交车: 林浩 (Lin Hao, a boy of sixteen in school uniform), not 林浩挤 nor
    a man called 高中生; 车上 is inside the bus; 医院站 is a stop and 医院门口 outside, not a
    hospital ward; 开始 opens nothing; 看着浑身湿透的他 / 递给他 is Lin Hao, given a towel."""
    assert pinyin_name("林浩") == "Lin Hao" and pinyin_name("石头") == "Shitou"
    board = storyboard_of(ZH_BUS, Language.ZH)
    cast = {m.name: (m.look, m.story_names) for m in board.cast}
    assert set(cast) == {"Lin Hao", "the old woman", "Zhang Laoshi"}
    assert cast["Lin Hao"][0].startswith("a boy of sixteen") and "高中生" in cast["Lin Hao"][1]
    who, prompt = shot_in(board, "挤上了十二路公交车")
    assert who == ["Lin Hao"] and "inside a bus" in prompt and "rain" in prompt
    who, prompt = shot_in(board, "让了座")
    assert set(who) == {"the old woman", "Lin Hao"} and "a walking stick" in prompt
    _who, prompt = shot_in(board, "医院站")
    assert "bus stop" in prompt and "hospital" not in prompt
    _who, prompt = shot_in(board, "医院门口")
    assert "outside the entrance" in prompt and "hospital" not in prompt
    who, prompt = shot_in(board, "第一节课")
    assert set(who) == {"Zhang Laoshi", "Lin Hao"}
    assert "a towel" in prompt and "opening" not in prompt and "classroom" in prompt
