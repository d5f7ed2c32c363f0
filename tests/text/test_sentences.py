from __future__ import annotations

from storyreel.text.sentences import display_width, split_sentences, split_to_width


def texts(story: str) -> list[str]:
    return [span.text for span in split_sentences(story)]


def test_english_sentences_keep_abbreviations_decimals_and_quoted_speech() -> None:
    story = 'Mr. Hale walked 3.5 miles. "Is anyone there?" he called. Nobody! Then silence…'
    assert texts(story) == [
        "Mr. Hale walked 3.5 miles.",
        '"Is anyone there?" he called.',
        "Nobody!",
        "Then silence…",
    ]


def test_chinese_sentences_split_on_full_width_punctuation_and_quotes() -> None:
    story = "从前有座山。山里有座庙！庙里有谁？他说：“没有人。”然后走了"
    assert texts(story) == [
        "从前有座山。",
        "山里有座庙！",
        "庙里有谁？",
        "他说：“没有人。”",
        "然后走了",
    ]


def test_spans_point_back_into_the_story() -> None:
    story = "  First line.\n\nSecond line without a stop\nThird. "
    for span in split_sentences(story):
        assert story[span.start : span.end] == span.text
    assert texts(story) == ["First line.", "Second line without a stop", "Third."]


def test_long_sentences_split_at_clauses_within_the_width() -> None:
    story = (
        "The boat fought the waves, its lantern blinking like a tired star, "
        "and the keeper knew, with the certainty of forty years, that the light must burn."
    )
    (sentence,) = split_sentences(story)
    pieces = split_to_width(sentence, story, 60)
    assert len(pieces) > 1
    assert all(display_width(piece.text) <= 60 for piece in pieces)
    assert " ".join(piece.text for piece in pieces) == story
    assert pieces[0].text.endswith(",")


def test_clause_free_text_is_cut_at_spaces_or_between_cjk_characters() -> None:
    english = "word " * 40
    (sentence,) = split_sentences(english)
    pieces = split_to_width(sentence, english, 30)
    assert all(display_width(p.text) <= 30 for p in pieces)
    assert " ".join(p.text for p in pieces) == english.strip()
    chinese = "山" * 50
    (sentence,) = split_sentences(chinese)
    pieces = split_to_width(sentence, chinese, 20)
    assert [len(p.text) for p in pieces] == [10, 10, 10, 10, 10]
