from __future__ import annotations

import pytest

from storyreel.text.scene import Setting, Subject, TimeOfDay, Weather, read_scene


@pytest.mark.parametrize(
    ("text", "setting", "time", "weather"),
    [
        ("A storm hit the lighthouse at midnight", Setting.SEA, TimeOfDay.NIGHT, Weather.STORM),
        ("暴风雨的夜晚，灯塔在海边", Setting.SEA, TimeOfDay.NIGHT, Weather.STORM),
        ("Snow fell on the village at dawn", Setting.VILLAGE, TimeOfDay.DAWN, Weather.SNOW),
        ("清晨，村庄下起了雪", Setting.VILLAGE, TimeOfDay.DAWN, Weather.SNOW),
        ("Fog in the forest at sunset", Setting.FOREST, TimeOfDay.DUSK, Weather.FOG),
        ("黄昏的森林里有雾", Setting.FOREST, TimeOfDay.DUSK, Weather.FOG),
    ],
)
def test_reads_setting_time_and_weather_in_both_languages(
    text: str, setting: Setting, time: TimeOfDay, weather: Weather
) -> None:
    scene = read_scene(text)
    assert (scene.setting, scene.time, scene.weather) == (setting, time, weather)


def test_subjects_prefer_specific_words() -> None:
    assert read_scene("The old man and his dog").subjects == (Subject.ELDER, Subject.ANIMAL)
    assert read_scene("老爷爷和小女孩").subjects == (Subject.ELDER, Subject.CHILD)


def test_scene_carries_forward_but_a_new_time_clears_weather() -> None:
    stormy = read_scene("A storm at night in the city")
    later = read_scene("He waited.").carried_from(stormy)
    assert (later.setting, later.time, later.weather) == (
        Setting.CITY,
        TimeOfDay.NIGHT,
        Weather.STORM,
    )
    morning = read_scene("Morning came.").carried_from(stormy)
    assert morning.time is TimeOfDay.DAWN and morning.weather is None


def test_every_place_reads_back_from_its_own_english_words() -> None:
    """The sketch renderer reads the planner's English prompts: "seashore" must draw the sea."""
    from storyreel.text.scene import PLACES

    for english, setting, _en, _zh in PLACES:
        reading = read_scene(f"wide shot of the {english}, dusk")
        assert (reading.setting, reading.place) == (setting, english)


def test_the_most_particular_place_of_a_kind_wins() -> None:
    text = "At the edge of the sea, an old keeper tended the lighthouse."
    assert read_scene(text).place == "lighthouse by the sea"
    assert read_scene("她走到河边，看见了小镇。").setting is Setting.RIVER  # another kind first
    # ... but a place word before 的 says which (the town by the river) or whose (the
    # family's cows), not where: the words after it do
    assert read_scene("河边的小镇上").place == "town street"
    assert read_scene("他赶着家里的牛去河边吃草。").place == "riverbank"
    assert read_scene("家里的灯亮了。").place == "room"  # nothing after it: still a place
