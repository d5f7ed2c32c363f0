"""The storyboard bench's labelled stories: 6 English, 6 Chinese, written for it (not the
bundled samples), with dialogue, 2-4 characters and changes of place.

Each line is (sentence, who is seen, which key props are seen); `None` is a paragraph break.
Who is written as the story names them ("Mei", "the keeper", "林小月", "灯笼匠"); a shot
expects everyone and everything labelled on the sentences it narrates. Props are the
English words a prompt should name (the storyboard's prop vocabulary: "lantern", "boat").
"""

from __future__ import annotations

# fmt: off

Line = tuple[str, list[str], list[str]] | None

STORIES: list[dict[str, object]] = [
    {
        "language": "en",
        "title": "The Ferry",
        "cast": ["Anna", "Tom"],
        "lines": [
            ("Anna waited on the pier with a red umbrella.", ["Anna"], ["umbrella"]),
            ("The rain fell on the harbour all morning.", [], []),
            ("At noon Tom rowed his small boat across the bay.", ["Tom"], ["boat"]),
            ('"You came," Anna said, and she smiled.', ["Anna"], []),
            ('"I always do," Tom answered.', ["Tom"], []),
            None,
            ("They crossed the water together.", ["Anna", "Tom"], ["boat"]),
            ("On the far shore, a lamp burned in the window of a cottage.", [], ["lamp"]),
            ("Inside, Anna hung the umbrella by the door.", ["Anna"], ["umbrella", "door"]),
            ("Tom lit the fire and made tea.", ["Tom"], ["fire"]),
        ],
    },
    {
        "language": "en",
        "title": "The Clockmaker",
        "cast": ["Oskar", "Lena"],
        "lines": [
            ("Oskar was an old clockmaker with white hair.", ["Oskar"], []),
            ("His workshop stood at the end of a narrow street.", ["Oskar"], []),
            ("Every day he mended clocks at his table.", ["Oskar"], ["clock", "table"]),
            ("One winter evening, a girl named Lena opened the door.", ["Lena"], ["door"]),
            ("She carried a broken clock wrapped in a scarf.", ["Lena"], ["clock"]),
            ('"It was my grandmother\'s," Lena whispered.', ["Lena"], []),
            None,
            ("Oskar worked through the night by candlelight.", ["Oskar"], ["candle"]),
            ("At dawn the clock began to tick.", [], ["clock"]),
            ("Lena laughed when she heard it.", ["Lena"], []),
        ],
    },
    {
        "language": "en",
        "title": "Kites",
        "cast": ["Sam", "Maya", "Grandpa Joe"],
        "lines": [
            ("Sam and Maya ran up the green hill with a yellow kite.", ["Sam", "Maya"], ["kite"]),
            ("The wind was strong that afternoon.", [], []),
            (
                "Maya held the string while Sam threw the kite into the air.",
                ["Maya", "Sam"],
                ["kite"],
            ),
            ("It climbed higher and higher over the field.", [], ["kite"]),
            ("Then the string snapped.", [], []),
            ('"Follow it!" Sam shouted.', ["Sam"], []),
            None,
            ("The kite fell into the forest.", [], ["kite"]),
            ("Grandpa Joe found it caught in an old tree.", ["Grandpa Joe"], ["kite"]),
            ("He climbed a ladder and brought it down.", ["Grandpa Joe"], []),
            ("The children hugged him.", ["Sam", "Maya", "Grandpa Joe"], []),
        ],
    },
    {
        "language": "en",
        "title": "The Letter",
        "cast": ["Clara", "the postman"],
        "lines": [
            ("Clara lived alone in a cottage in the village.", ["Clara"], []),
            ("Every morning the postman rode past on his bicycle.", ["the postman"], ["bicycle"]),
            ("For years he never stopped at her gate.", ["the postman"], ["door"]),
            (
                "One spring morning, he rang his bell and held up a letter.",
                ["the postman"],
                ["bell", "letter"],
            ),
            ("Clara opened it at the kitchen table.", ["Clara"], ["letter", "table"]),
            ("It was from her brother, who had sailed away long ago.", ["Clara"], []),
            None,
            ("She read it twice, and tears fell on the paper.", ["Clara"], ["paper"]),
            ('"He is coming home," she told the postman.', ["Clara", "the postman"], []),
            ("That evening she put flowers on the table.", ["Clara"], ["flowers", "table"]),
        ],
    },
    {
        "language": "en",
        "title": "Night Market",
        "cast": ["Ravi", "Mrs. Chen"],
        "lines": [
            ("The night market opened when the sun went down.", [], []),
            ("Ravi walked between the stalls with a basket.", ["Ravi"], ["basket"]),
            ("Mrs. Chen sold fish from a cart near the bridge.", ["Mrs. Chen"], ["fish"]),
            ('"Two fish, please," Ravi said.', ["Ravi"], ["fish"]),
            (
                '"The last two," Mrs. Chen replied, and she wrapped them in paper.',
                ["Mrs. Chen"],
                ["fish", "paper"],
            ),
            None,
            ("On his way home, Ravi stopped on the bridge over the river.", ["Ravi"], []),
            ("Lanterns floated on the water below.", [], ["lantern"]),
            ("He watched them drift until the bell rang midnight.", ["Ravi"], ["lantern", "bell"]),
        ],
    },
    {
        "language": "en",
        "title": "The Snow Fox",
        "cast": ["Ivan", "the fox"],
        "lines": [
            ("Snow covered the mountains for a week.", [], []),
            ("Ivan, a young hunter, walked into the forest with a lantern.", ["Ivan"], ["lantern"]),
            (
                "Near a frozen stream he found a white fox caught in a net.",
                ["Ivan", "the fox"],
                ["net"],
            ),
            ("He cut the net with his knife.", ["Ivan"], ["net"]),
            ("The fox looked at him and ran into the trees.", ["the fox"], []),
            None,
            ("That night a storm came, and Ivan lost his way.", ["Ivan"], []),
            ("Then he saw two bright eyes in the dark.", ["Ivan"], []),
            ("The white fox led him back to his hut.", ["the fox", "Ivan"], []),
            ("In the morning the sky was clear.", [], []),
        ],
    },
    {
        "language": "zh",
        "title": "灯笼匠的女儿",
        "cast": ["林小月", "灯笼匠"],
        "lines": [
            ("河边的小镇上住着一位灯笼匠。", ["灯笼匠"], []),
            ("他的女儿林小月每天帮他扎灯笼。", ["林小月", "灯笼匠"], ["lantern"]),
            ("小月穿着红色的外套，手很巧。", ["林小月"], []),
            ("元宵节前一夜，下起了大雨。", [], []),
            ("灯笼匠病倒了，躺在床上。", ["灯笼匠"], ["bed"]),
            ("“爸爸，我来做。”小月说。", ["林小月"], []),
            None,
            ("她在作坊里点起蜡烛，一直做到天快亮。", ["林小月"], ["candle"]),
            ("雨停了，小镇的街上挂满了她做的灯笼。", [], ["lantern"]),
            ("灯笼匠站在门口，笑了。", ["灯笼匠"], ["door"]),
        ],
    },
    {
        "language": "zh",
        "title": "渡口",
        "cast": ["老周", "阿明"],
        "lines": [
            ("江边有一个小渡口。", [], []),
            ("船夫老周在这里撑船三十年了。", ["老周"], ["boat"]),
            ("一天傍晚，一个叫阿明的少年背着书包跑来。", ["阿明"], []),
            ("“周爷爷，我要过江去看我妈妈。”阿明说。", ["阿明", "老周"], []),
            ("老周点点头，把船推进水里。", ["老周"], ["boat"]),
            None,
            ("江上起了大雾，什么也看不见。", [], []),
            ("老周点亮了船头的灯。", ["老周"], ["lamp", "boat"]),
            ("阿明握着船舷，一句话也不说。", ["阿明"], ["boat"]),
            ("天黑的时候，他们终于到了对岸。", ["老周", "阿明"], []),
        ],
    },
    {
        "language": "zh",
        "title": "风筝",
        "cast": ["小雨", "奶奶"],
        "lines": [
            ("春天来了，村子后面的草地上开满了花。", [], ["flowers"]),
            ("小雨和奶奶一起做了一只蓝色的风筝。", ["小雨", "奶奶"], ["kite"]),
            ("奶奶说：“风大的时候，它就能飞得很高。”", ["奶奶"], []),
            ("下午起风了，小雨拉着线在草地上跑。", ["小雨"], []),
            ("风筝飞过了树林，飞向了山顶。", [], ["kite"]),
            None,
            ("线断了，小雨哭了起来。", ["小雨"], []),
            ("奶奶摸摸她的头，笑着说：“明天我们再做一只。”", ["奶奶", "小雨"], []),
            ("晚上，她们在灯下又做了一只风筝。", ["小雨", "奶奶"], ["lamp", "kite"]),
        ],
    },
    {
        "language": "zh",
        "title": "一封信",
        "cast": ["王大山", "邮递员"],
        "lines": [
            ("王大山是山村里的老师。", ["王大山"], []),
            ("学校只有一间教室和十二个学生。", [], []),
            ("一个下雪的早晨，邮递员骑着自行车来到村口。", ["邮递员"], ["bicycle"]),
            ("他把一封信交给了王大山。", ["邮递员", "王大山"], ["letter"]),
            ("信是城里的学校寄来的，请他去城里教书。", [], ["letter"]),
            None,
            ("那天晚上，王大山在桌前坐了很久。", ["王大山"], ["table"]),
            ("第二天，他把信放进了抽屉。", ["王大山"], ["letter"]),
            ("他走进教室，对学生们说：“上课了。”", ["王大山"], []),
        ],
    },
    {
        "language": "zh",
        "title": "茶馆",
        "cast": ["陈掌柜", "李婶"],
        "lines": [
            ("老街的尽头有一家小茶馆。", [], []),
            ("陈掌柜每天清晨打开门，烧好一壶茶。", ["陈掌柜"], ["door", "teacup"]),
            ("李婶总是第一个来，坐在靠窗的椅子上。", ["李婶"], ["window", "chair"]),
            ("“今天的茶真香。”李婶说。", ["李婶"], ["teacup"]),
            ("陈掌柜笑了：“是新茶。”", ["陈掌柜"], ["teacup"]),
            None,
            ("有一天，李婶没有来。", ["李婶"], []),
            ("陈掌柜提着一壶茶，穿过小巷去看她。", ["陈掌柜"], ["teacup"]),
            ("李婶躺在床上，看见他来了，眼睛亮了。", ["李婶", "陈掌柜"], ["bed"]),
        ],
    },
    {
        "language": "zh",
        "title": "海边的灯塔",
        "cast": ["海生", "阿花"],
        "lines": [
            ("海边有一座白色的灯塔。", [], []),
            ("守塔人海生每天晚上都会点亮塔顶的灯。", ["海生"], ["lamp"]),
            ("他的妹妹阿花住在对面的渔村里。", ["阿花"], []),
            ("一天夜里，暴风雨来了。", [], []),
            ("阿花的渔船还在海上。", ["阿花"], ["boat"]),
            ("海生把灯调到最亮，一直守到天亮。", ["海生"], ["lamp"]),
            None,
            ("清晨，风停了。", [], []),
            ("一条小船慢慢靠岸，阿花向他挥手。", ["阿花", "海生"], ["boat"]),
        ],
    },
]
# fmt: on
