"""The nineteenth unseen pair (an old chess player in a park and the girl who learns from
him; a forest ranger, his dog and a lost climber in the fog), read before any rule was
changed for them: each mistake they showed, as a test."""

from __future__ import annotations

from story_pairs import shot_in, storyboard_of

from storyreel.contract import Language

EN_CHESS = (
    "The Chess Player in the Park\n\n"
    "Every Saturday, Mr. Okafor set up his old wooden chessboard on the stone table by the "
    "pond. He was a retired bus driver with a grey beard and a flat brown cap, and he played "
    "anyone who sat down.\n\n"
    "Zoe was ten. She watched him from the swings for three weeks before she dared to sit "
    "down. Her mother stood behind her with a paper cup of tea.\n\n"
    '"White or black?" Mr. Okafor asked. Zoe chose white and lost in twelve moves.\n\n'
    "The next Saturday she came back with a library book about openings. It started to rain, "
    "so they carried the board under the bandstand and played until the lamps came on.\n\n"
    "By winter Zoe was winning one game in three. On the last Saturday before Christmas, "
    "Mr. Okafor did not come. Zoe waited by the pond, her scarf pulled up to her nose.\n\n"
    "In the spring a parcel arrived at her house. Inside was the wooden chessboard and a "
    'note: "For the girl who plays white."'
)
ZH_RANGER = (
    "护林员\n\n"
    "老杨在大山里当了三十年护林员。他住在半山腰的一座木屋里，养了一条黑狗，叫黑子。\n\n"
    "一天傍晚，山里起了大雾。对讲机里传来消息：有个叫小王的年轻人爬山迷路了。\n\n"
    "老杨穿上雨衣，拿着手电筒，带着黑子出了门。雾越来越浓，山路又湿又滑。\n\n"
    "走到瀑布边的时候，黑子忽然叫了起来。小王坐在一块大石头上，脚扭伤了，冻得直发抖。\n\n"
    "老杨把自己的外套披在他身上，背着他慢慢往回走。\n\n"
    "回到木屋，老杨生起了火，给小王煮了一碗热姜汤。窗外，雾渐渐散了，天上露出了星星。"
)


def test_the_chess_player_and_the_girl() -> None:
    """ "Zoe was ten." is a girl of ten (not a young woman); "He was a retired bus driver with
    a grey beard and a flat brown cap" is Mr. Okafor (not a second old man); the chessboard,
    the park, the pond and the bandstand are there; a paper cup is a cup, not paper; lamps
    that come on are the evening, not something carried; spring ends the winter's snow, and
    the last Saturday before Christmas is a new day."""
    board = storyboard_of(EN_CHESS, Language.EN)
    cast = {m.name: m.look for m in board.cast}
    assert set(cast) == {"Mr. Okafor", "Zoe", "the mother"}
    assert cast["Zoe"].startswith("a girl of ten")
    assert cast["Mr. Okafor"].startswith("an old man") and "grey beard" in cast["Mr. Okafor"]
    assert "brown cap" in cast["Mr. Okafor"]
    _who, prompt = shot_in(board, "retired bus driver")
    assert "a hat" not in prompt  # the cap he wears is in his look
    _who, prompt = shot_in(board, "set up his old wooden chessboard")
    assert "chessboard" in prompt and "pond" in prompt
    _who, prompt = shot_in(board, "paper cup")
    assert "teacup" in prompt and "paper" not in prompt.split("teacup")[1]
    who, prompt = shot_in(board, "bandstand")
    assert set(who) == {"Zoe", "Mr. Okafor"}
    assert "lamp" not in prompt and "bandstand" in prompt and "dusk" in prompt
    who, prompt = shot_in(board, "did not come")
    assert who == ["Zoe"] and "dusk" not in prompt and "snow" in prompt
    _who, prompt = shot_in(board, "In the spring")
    assert "snow" not in prompt and "chessboard" in prompt
    assert "park" in board.shots[0].prompt


def test_the_ranger_his_dog_and_the_lost_climber() -> None:
    """老杨 who has been 护林员 for thirty years is the ranger (not a second man); 一条黑狗，
    叫黑子 is a black dog; 出了门 opens no door; the torch, the waterfall, the rock and the
    mountain path are there; who walks on to the waterfall is still in the shot; the fog that
    clears (雾渐渐散了) is gone; the story opens in the mountains it starts in."""
    board = storyboard_of(ZH_RANGER, Language.ZH)
    cast = {m.name: (m.look, m.story_names) for m in board.cast}
    assert set(cast) == {"Lao Yang", "Heizi", "Xiao Wang"}
    assert "护林员" in cast["Lao Yang"][1]
    assert cast["Heizi"][0] == "a black dog with bright eyes"
    _who, prompt = shot_in(board, "拿着手电筒")
    assert "flashlight" in prompt and "door" not in prompt and "mountain path" in prompt
    who, prompt = shot_in(board, "瀑布")
    assert set(who) == {"Lao Yang", "Heizi", "Xiao Wang"}
    assert "waterfall" in prompt and "rock" in prompt
    _who, prompt = shot_in(board, "雾渐渐散了")
    assert "fog" not in prompt and "night" in prompt
    assert "mountains" in board.shots[0].prompt
