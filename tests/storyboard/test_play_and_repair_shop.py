"""The twentieth unseen pair (a girl who plays a tree in the school play; an old bicycle
mender who helps a schoolgirl in the rain), read before any rule was changed for them: each
mistake they showed, as a test."""

from __future__ import annotations

from story_pairs import shot_in, storyboard_of

from storyreel.contract import Language

EN_PLAY = (
    "The School Play\n\n"
    "Maya was eight and she had been chosen to play a tree in the school play. Her costume "
    "was a brown sack with green paper leaves sewn on the sleeves.\n\n"
    "On the night of the show, the hall was full. Grandpa Joe sat in the front row in his "
    "best blue suit, holding a bunch of daisies.\n\n"
    "Behind the red curtain, Maya's knees were shaking. Ms. Lopez, her teacher, knelt down "
    'and straightened her leaves. "Trees don\'t have to say anything," she whispered. "They '
    'just have to stand tall."\n\n'
    "The curtain opened and the spotlight found her. Maya lifted her arms like branches and "
    "did not move once, not even when a boy dressed as a squirrel tripped over her foot.\n\n"
    'After the show, Grandpa Joe gave her the daisies. "Best tree I ever saw," he said.'
)
ZH_REPAIR = (
    "路口的修车铺\n\n"
    "小镇的十字路口有一家修车铺，修车的是李师傅。他六十多岁，总是系着一条油乎乎的蓝围裙。\n\n"
    "一天放学，下起了大雨。小雨推着自行车走过来，车链子断了，她浑身都湿透了。\n\n"
    "李师傅赶紧把她让进铺子里，给她倒了一杯热水，又拿出扳手和钳子，蹲在地上修起车来。\n\n"
    "不到半个钟头，链子就接好了。李师傅还给车胎打足了气。\n\n"
    "小雨要给钱，李师傅摆摆手说：“快回家吧，别让你妈妈着急。”他把自己的旧雨伞塞到她手里。"
)


def test_the_tree_in_the_school_play() -> None:
    """Who plays a tree in a play with costumes wears a tree costume, and "a boy dressed as a
    squirrel" a squirrel costume (not a red coat, a purple tunic); the school play is on a
    stage in a school hall (not a classroom, not "the room"); daisies are flowers; the red
    curtain and the spotlight are there."""
    board = storyboard_of(EN_PLAY, Language.EN)
    cast = {m.name: m.look for m in board.cast}
    assert "green tree costume" in cast["Maya"] and "coat" not in cast["Maya"]
    assert "brown squirrel costume" in cast["the boy"]
    assert "stage of a school hall" in board.shots[0].prompt
    _who, prompt = shot_in(board, "the hall was full")
    assert "stage of a school hall" in prompt
    _who, prompt = shot_in(board, "holding a bunch of daisies")
    assert "flowers" in prompt and "stage" in prompt
    _who, prompt = shot_in(board, "spotlight found her")
    assert "curtain" in prompt and "spotlight" in prompt
    _who, prompt = shot_in(board, "gave her the daisies")
    assert "flowers" in prompt


def test_the_bicycle_mender_and_the_schoolgirl() -> None:
    """李师傅 is a man: 他六十多岁 says so, and 把她 / 给她 in his sentences is the girl he lets
    in (no more "an old person"); he wears the blue apron he 系着; 小雨, met on her way home
    from school (放学), is a schoolgirl, not a young woman; the 修车铺 is a bicycle repair shop,
    and 铺子 after it is that shop; 扳手 and 钳子 are tools; 半个钟头 is no clock."""
    board = storyboard_of(ZH_REPAIR, Language.ZH)
    cast = {m.name: m.look for m in board.cast}
    assert cast["Li Shifu"].startswith("an old man of about sixty")
    assert "blue apron" in cast["Li Shifu"]
    assert cast["Xiaoyu"].startswith("a girl")
    _who, prompt = shot_in(board, "让进铺子里")
    assert "bicycle repair shop" in prompt and "wrench" in prompt
    _who, prompt = shot_in(board, "半个钟头")
    assert "clock" not in prompt
