"""The fourteenth unseen pair (a night train held up by a fallen tree; a grandmother teaching
paper cutting at New Year), read before any rule was changed for it: each mistake it showed,
as a test."""

from __future__ import annotations

from story_pairs import shot_in, storyboard_of

from storyreel.contract import Language

EN_TRAIN = (
    "The Last Train\n\n"
    "Ruth Calloway was the conductor on the last train from Dunmore. She was sixty, small and "
    "quick, and wore a navy coat with brass buttons. One winter night only two passengers got "
    "on: a tired nurse called Helen and a boy of seven holding a paper bag.\n\n"
    '"Where are your parents?" Ruth asked the boy. He pointed at the window. "My dad is '
    'waiting at Elm Station," he said. His name was Sami.\n\n'
    "Halfway through the valley, the train stopped. A fallen tree lay across the tracks, and "
    "snow was coming down hard. The driver, a bearded man named Oskar, climbed down with a "
    "saw.\n\n"
    "Ruth gave Sami her scarf and a cup of cocoa from her flask. Helen sat beside him and told "
    "him stories about the hospital.\n\n"
    "It took an hour to clear the line. When the train reached Elm Station, a man in a yellow "
    "jacket was running along the platform. Sami jumped into his arms. Ruth blew her whistle, "
    "and the train rolled on into the dark."
)
ZH_PAPERCUT = (
    "剪窗花\n\n"
    "腊月里，王奶奶坐在炕上剪窗花。她七十多岁了，头发全白，总是穿一件深蓝色的棉袄。"
    "孙女妞妞放寒假回来，趴在炕边看。\n\n"
    "“奶奶，你教我剪一只兔子吧。”妞妞说。王奶奶把红纸对折，递给她一把小剪刀。\n\n"
    "妞妞剪坏了三张纸，急得快哭了。奶奶笑着说：“慢慢来，手稳了就好。”\n\n"
    "傍晚，隔壁的李大爷来串门，手里提着一篮鸡蛋。他看见窗上的兔子，夸妞妞剪得好。\n\n"
    "过年那天，下起了大雪。妞妞把自己剪的兔子贴在窗户上，一家人围着火炉吃饺子。"
)


def test_who_is_on_the_last_train() -> None:
    """ "from Dunmore" is a place, not a second Ruth; "His name was Sami", three sentences
    after "the boy", names the boy of seven (not a young woman); "The driver, a bearded man
    named Oskar" is one bearded man, and "a man in a yellow jacket" later someone new (not
    Oskar in another coat); "a tired nurse called Helen" wears a nurse's uniform and is not
    "calling out"; "She was sixty, small and quick" is small."""
    board = storyboard_of(EN_TRAIN, Language.EN)
    cast = {m.name: (m.look, m.story_names) for m in board.cast}
    assert set(cast) == {"Ruth", "Sami", "Helen", "Oskar", "the man"}
    assert cast["Ruth"][0].startswith("an old woman of sixty, small")
    assert "the conductor" in cast["Ruth"][1]
    assert cast["Sami"][0].startswith("a boy of seven")
    assert "the boy" in cast["Sami"][1]
    assert "nurse's uniform" in cast["Helen"][0]
    assert "beard" in cast["Oskar"][0] and "yellow" not in cast["Oskar"][0]
    assert "The driver" in cast["Oskar"][1]
    assert "yellow jacket" in cast["the man"][0] and "beard" not in cast["the man"][0]
    who, prompt = shot_in(board, "a tired nurse")
    assert who == ["Helen", "Sami"] and "calling" not in prompt and "a paper bag" in prompt


def test_where_the_last_train_is_and_what_it_shows() -> None:
    """On the train is inside its carriage (no "train" beside them); the fallen tree lies on
    the railway line, not a station, and Oskar has his saw; stories about the hospital do
    not take the shot there; "jumped into his arms" brings in the man, and "her whistle" is
    Ruth's, not Helen's."""
    board = storyboard_of(EN_TRAIN, Language.EN)
    _who, prompt = shot_in(board, "the conductor on the last train")
    assert "train carriage" in prompt and "with a train" not in prompt
    who, prompt = shot_in(board, "A fallen tree")
    assert who == ["Oskar"] and "railway line" in prompt and "station" not in prompt
    assert "a fallen tree" in prompt and "a handsaw" in prompt
    who, prompt = shot_in(board, "stories about the hospital")
    assert set(who) == {"Ruth", "Sami", "Helen"} and "hospital" not in prompt
    assert "a flask" in prompt
    who, prompt = shot_in(board, "jumped into his arms")
    assert set(who) == {"Sami", "the man", "Ruth"} and "a whistle" in prompt


def test_paper_cutting_at_new_year() -> None:
    """窗花 are paper cuttings (no flowers); 坐在炕上 is in a room (no meadow); 头发全白 is
    white hair; 串门 brings no door, 一篮鸡蛋 eggs; 过年那天 is a new day (not the evening
    before), and 一家人围着火炉 is the family, by the stove, with the dumplings."""
    board = storyboard_of(ZH_PAPERCUT, Language.ZH)
    cast = {m.name: m.look for m in board.cast}
    assert set(cast) == {"Wang Nainai", "Niuniu", "Li Daye"}
    assert "white hair" in cast["Wang Nainai"]
    assert "flowers" not in " ".join(s.prompt for s in board.shots)
    who, prompt = shot_in(board, "坐在炕上剪窗花")
    assert who == ["Wang Nainai"] and "paper cuttings" in prompt and "room" in prompt
    _who, prompt = shot_in(board, "递给她一把小剪刀")
    assert "scissors" in prompt
    who, prompt = shot_in(board, "来串门")
    assert "door" not in prompt and "eggs" in prompt and "dusk" in prompt
    who, prompt = shot_in(board, "一家人")
    assert set(who) == {"Niuniu", "Wang Nainai"}
    assert "a stove" in prompt and "dumplings" in prompt and "dusk" not in prompt
