"""Who is in a shot when a story has people it does not name, people who are only talked
about, and people who are somewhere else (on stories written for this test)."""

from __future__ import annotations

from story_pairs import shot_in, storyboard_of

from storyreel.contract import Language

EN_HONEY = (
    "Every summer, Grandma Ruth kept bees in the orchard behind her cottage. Her grandson "
    "Theo, who was nine, wore a white veil that was far too big for him.\n\n"
    '"Don\'t swat at them," Ruth said. "They only sting when they\'re frightened."\n\n'
    "On Saturday they carried twelve jars to the market square in a wooden wagon. A tall man "
    "in a grey suit tasted the honey and bought six jars at once.\n\n"
    '"My wife used to make honey cakes," he said quietly.\n\n'
    "Halfway home, black clouds rolled over the hills. Thunder shook the bridge, and the "
    "wagon's wheel stuck between two boards.\n\n"
    "Theo pushed with all his strength until the wheel came free. They reached the kitchen "
    "soaked to the skin, laughing.\n\nThat night Ruth gave him a small jar with his name on "
    "the lid."
)
ZH_POSTMAN = (
    "老周是山里的邮递员，今年五十多岁，总是穿着一件绿色的旧制服。\n\n"
    "这一年冬天，雪下得特别大。邮局的小刘劝他：“周叔，路太滑了，等雪停了再去吧。”\n\n"
    "老周摇摇头：“村里有个孩子在等她爸爸的信。”\n\n"
    "村口的大槐树下，一个穿红棉袄的小女孩正踮着脚张望。她叫阿花，七岁，爸爸在城里的工地上干活。\n\n"
    "“周爷爷！”阿花跑过来，“有我的信吗？”\n\n"
    "老周从怀里掏出一个信封。阿花拆开信，里面有一张照片，照片上的爸爸在笑。\n\n"
    "那天晚上，老周住在阿花家。阿花的奶奶煮了一锅热腾腾的面条。"
)


def test_a_passer_by_is_cast_is_he_and_stays_where_he_was_met() -> None:
    board = storyboard_of(EN_HONEY, Language.EN)
    looks = {member.name: member.look for member in board.cast}
    assert set(looks) == {"Grandma Ruth", "Theo", "the man"}  # "A tall man in a grey suit"
    assert "tall" in looks["the man"] and "grey suit" in looks["the man"]
    assert "white veil" in looks["Theo"]
    assert shot_in(board, "honey cakes")[0] == ["the man"]  # "he said": the last one to come in
    assert set(shot_in(board, "They reached the kitchen")[0]) == {"Theo", "Grandma Ruth"}
    assert "the man" not in shot_in(board, "That night")[0]  # "him" is Theo, at home
    assert (
        "storm" in shot_in(board, "black clouds")[1] and "wooden cart" in shot_in(board, "wheel")[1]
    )


def test_a_chinese_cast_by_what_the_narrator_calls_them() -> None:
    board = storyboard_of(ZH_POSTMAN, Language.ZH)
    looks = {member.name: member.look for member in board.cast}
    # 老周, as the narrator says, not 周爷爷 as a child does; 小刘, named once as he speaks
    assert {"Lao Zhou", "Xiao Liu", "Ahua"} <= set(looks)
    assert "green uniform" in looks["Lao Zhou"]
    assert all(" a o" not in look for look in looks.values())  # "an orange scarf"


def test_who_is_talked_about_pictured_or_elsewhere_is_not_in_the_shot() -> None:
    board = storyboard_of(ZH_POSTMAN, Language.ZH)
    cast, prompt = shot_in(board, "小刘劝他")
    assert set(cast) == {"Xiao Liu", "Lao Zhou"}  # 周叔 is called: he is there
    assert "post office" in prompt and "snow" in prompt  # "等雪停了" is said, it still snows
    assert shot_in(board, "她爸爸的信")[0] == ["Lao Zhou"]  # her father is only talked about
    cast, prompt = shot_in(board, "她叫阿花")
    assert cast == ["Ahua"] and "village" in prompt and "city" not in prompt  # he works there
    cast, prompt = shot_in(board, "照片上的爸爸")
    assert "the father" not in cast and "photograph" in prompt
    cast, prompt = shot_in(board, "奶奶煮了")
    assert "flowers" not in prompt and "noodles" in prompt  # 阿花 is a name, not 花
    assert "room" in shot_in(board, "住在阿花家")[1]


EN_MAP = (
    "On the last day of school, Priya found an old map tucked inside a library book. She was "
    "eleven and wore round glasses and a green cardigan.\n\n"
    '"Look at this," she whispered to her friend Marco.\n\n'
    "After the bell rang, they ran to the park with Marco's dog, Biscuit. The fountain was dry.\n\n"
    "Biscuit began to dig under a bench. Marco knelt beside him and pulled out a tin box.\n\n"
    "Inside were photographs of children from long ago.\n\n"
    "Mr. Okafor, the school caretaker, was sweeping the path nearby. He smiled.\n\n"
    "At sunset the three of them walked home together."
)
ZH_LAKE = (
    "暑假的一天早上，哥哥大海和弟弟小山跟着外公去湖边钓鱼。外公戴着一顶旧草帽。\n\n"
    "小山才六岁，一条鱼也钓不到。大海把自己的鱼竿递给他：“你用我的，我去捡柴火。”\n\n"
    "中午，湖面上刮起了大风。外公赶紧收起渔网，带着兄弟俩躲进湖边的小木屋。\n\n"
    "雨点噼里啪啦地打在屋顶上。外公点起一盏油灯，给他们讲起了年轻时打鱼的故事。\n\n"
    "雨停以后，湖面上出现了一道彩虹。小山的鱼竿突然一沉，他钓上了一条大鲤鱼。\n\n"
    "傍晚，三个人提着满满一篮鱼回到家。"
)


def test_looks_from_what_a_story_says_around_a_name() -> None:
    looks = {m.name: m.look for m in storyboard_of(EN_MAP, Language.EN).cast}
    # "She was eleven and wore round glasses": the sentence after her name is hers
    assert looks["Priya"].startswith("a girl of eleven") and "green cardigan" in looks["Priya"]
    assert "glasses" in looks["Priya"]
    assert "boy" in looks["Marco"]  # no "he" in the story: his name, and her friend's age
    assert looks["Biscuit"].startswith("a ") and " dog " in looks["Biscuit"]  # not "a Biscuit"
    zh = {m.name: (m.look, m.story_names) for m in storyboard_of(ZH_LAKE, Language.ZH).cast}
    assert "弟弟" in zh["Xiaoshan"][1] and "弟弟" not in zh["Dahai"][1]  # two brothers
    assert "boy" in zh["Dahai"][0]  # the older brother of a boy of six is a boy
    assert "yellow straw hat" in zh["the grandfather"][0]  # 戴着一顶旧草帽


def test_groups_and_places_said_in_passing() -> None:
    board = storyboard_of(EN_MAP, Language.EN)
    assert "room" not in shot_in(board, "Inside were")[1]  # inside the box, not a room
    cast, prompt = shot_in(board, "school caretaker")
    assert "classroom" not in prompt and "road" not in prompt and "park" in prompt
    assert len(shot_in(board, "the three of them")[0]) == 3
    zh = storyboard_of(ZH_LAKE, Language.ZH)
    cast, prompt = shot_in(zh, "带着兄弟俩")
    assert set(cast) == {"the grandfather", "Dahai", "Xiaoshan"} and "storm" in prompt
    assert len(shot_in(zh, "给他们讲")[0]) == 3  # he tells them, the two boys
    assert len(shot_in(zh, "三个人")[0]) == 3
    assert "rain" in shot_in(zh, "雨点")[1]
    cast, prompt = shot_in(zh, "鲤鱼")
    assert cast == ["Xiaoshan"] and "lake" in prompt  # 他 after 小山 is 小山
    assert "firewood" in shot_in(zh, "柴火")[1] and "fishing rod" in shot_in(zh, "柴火")[1]
