"""The project as an editor's timeline (OpenTimelineIO), cut exactly as the MP4 is.

A video track of the shots (each keyframe held for its length, crossfades as transitions
centred on the cut), an audio track of each shot's narration where the MP4 speaks it, the
subtitles as markers with their text, and each clip's StoryReel metadata (prompt, shot size,
seed, narration). The media is copied into a folder beside the file (`NAME.media/`). Through
OTIO's adapters the same timeline is written as FCP 7 XML (Premiere, Resolve), FCPXML
(Final Cut Pro), a CMX 3600 EDL and a Kdenlive project (MLT XML, KDE's own adapter; the
transitions become cuts at their middle, where the other formats keep them as dissolves).
A cut stays a cut; a dip, slide or zoom goes out as a dissolve of the same length (the
formats share no name for them) with its kind in the transition's metadata.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import opentimelineio as otio

from storyreel.contract import Storyboard, Transition
from storyreel.errors import StoryReelError
from storyreel.media.timeline import build_timeline as video_timeline
from storyreel.media.timeline import runs_on

# format -> (OTIO adapter, file suffix)
ADAPTERS = {
    "otio": ("otio_json", ".otio"),
    "fcp7": ("fcp_xml", ".xml"),
    "fcpxml": ("fcpx_xml", ".fcpxml"),
    "edl": ("cmx_3600", ".edl"),
    "kdenlive": ("kdenlive", ".kdenlive"),
}


_TRANSITION_NAMES = {
    Transition.CROSSFADE: "Crossfade",
    Transition.DIP: "Dip to black",
    Transition.SLIDE: "Slide",
    Transition.ZOOM: "Zoom",
}


@dataclass(frozen=True)
class Cue:
    start_s: float
    end_s: float
    text: str


def read_srt(path: Path) -> list[Cue]:
    """The cues of an SRT file (what the export wrote beside the MP4)."""

    def seconds(stamp: str) -> float:
        hours, minutes, rest = stamp.strip().replace(",", ".").split(":")
        return int(hours) * 3600 + int(minutes) * 60 + float(rest)

    cues = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        lines = block.strip().splitlines()
        if len(lines) >= 3 and " --> " in lines[1]:
            start, end = lines[1].split(" --> ")
            cues.append(Cue(seconds(start), seconds(end), "\n".join(lines[2:])))
    return cues


def _time(frames: float, fps: int) -> otio.opentime.RationalTime:
    return otio.opentime.RationalTime(frames, fps)


def _range(start: float, duration: float, fps: int) -> otio.opentime.TimeRange:
    return otio.opentime.TimeRange(_time(start, fps), _time(duration, fps))


def _copied(path: Path | None, folder: Path) -> str | None:
    if path is None or not path.is_file():
        return None
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    if not target.exists():
        shutil.copyfile(path, target)
    return target.resolve().as_uri()


def build_timeline(
    storyboard: Storyboard,
    pictures: list[Path | None],
    narrations: list[Path | None],
    cues: list[Cue],
    media_dir: Path,
    fps: int = 24,
) -> otio.schema.Timeline:
    """The OTIO timeline of a composited storyboard (each shot's `duration_s` its length in
    the MP4, crossfades included), with its media copied into `media_dir`."""
    shots = storyboard.shots
    if any(s.duration_s is None for s in shots):
        raise StoryReelError("the storyboard has no lengths yet: export the video first")
    # the export's own layout of these lengths (where each shot starts, its transition in)
    transitions = [s.transition or Transition.CROSSFADE for s in shots]
    layout = video_timeline(
        [s.duration_s or 0.0 for s in shots],
        [0.0] * len(shots),
        fps,
        transitions,
        runs_on([s.narration for s in shots]),
    )
    lengths = [timing.frames for timing in layout.shots]
    starts = [timing.start_frame for timing in layout.shots]
    overlaps = [timing.overlap_in for timing in layout.shots]
    total = layout.total_frames
    # the cut between shot i and i+1 is the middle of their transition
    cuts = [start + overlap // 2 for start, overlap in zip(starts[1:], overlaps[1:])] + [total]

    timeline = otio.schema.Timeline(name=storyboard.title)
    timeline.global_start_time = _time(0, fps)
    video = otio.schema.Track(name="Shots", kind=otio.schema.TrackKind.Video)
    audio = otio.schema.Track(name="Narration", kind=otio.schema.TrackKind.Audio)
    previous_cut = 0
    audio_at = 0  # frames of the audio track laid so far
    for index, shot in enumerate(shots):
        fade = overlaps[index]
        head = fade // 2  # media before the cut, for the transition
        on_track = cuts[index] - previous_cut
        url = _copied(pictures[index], media_dir)
        reference: otio.core.MediaReference = (
            otio.schema.ExternalReference(
                target_url=url, available_range=_range(0, lengths[index] + fade, fps)
            )
            if url
            else otio.schema.MissingReference()
        )
        clip = otio.schema.Clip(
            name=f"Shot {index + 1}",
            media_reference=reference,
            source_range=_range(head, on_track, fps),
        )
        clip.metadata["storyreel"] = {
            "index": index,
            "prompt": shot.prompt,
            "narration": shot.narration,
            "shot_size": shot.shot_size.value,
            "seed": shot.seed,
            "length_s": shot.duration_s,
        }
        if fade:
            kind = transitions[index]
            video.append(
                otio.schema.Transition(
                    name=_TRANSITION_NAMES[kind],
                    # the formats name only the dissolve; the others are written as
                    # dissolves of the same length, their own kind in the metadata
                    transition_type=otio.schema.TransitionTypes.SMPTE_Dissolve,
                    in_offset=_time(fade // 2, fps),
                    out_offset=_time(fade - fade // 2, fps),
                    metadata={"storyreel": {"transition": kind.value}},
                )
            )
        video.append(clip)
        previous_cut = cuts[index]

        # the narration starts where the MP4's does: the first shot's once it has faded in,
        # a later one's in its transition in (a J-cut), or just after a cut (later when the
        # sentence before runs on into it)
        voice = narrations[index] if index < len(narrations) else None
        voice_url = _copied(voice, media_dir)
        if voice_url is not None and voice is not None:
            speech_at = round(layout.shots[index].speech_start_s * fps)
            if speech_at > audio_at:
                audio.append(otio.schema.Gap(source_range=_range(0, speech_at - audio_at, fps)))
                audio_at = speech_at
            frames = round(_wav_seconds(voice) * fps)
            audio.append(
                otio.schema.Clip(
                    name=f"Narration {index + 1}",
                    media_reference=otio.schema.ExternalReference(
                        target_url=voice_url, available_range=_range(0, frames, fps)
                    ),
                    source_range=_range(0, frames, fps),
                )
            )
            audio_at += frames
    for cue in cues:
        video.markers.append(
            otio.schema.Marker(
                name=cue.text,
                marked_range=_range(
                    round(cue.start_s * fps), round((cue.end_s - cue.start_s) * fps), fps
                ),
                color=otio.schema.MarkerColor.YELLOW,
                metadata={"storyreel": {"subtitle": cue.text}},
            )
        )
    timeline.tracks.append(video)
    if len(audio):
        timeline.tracks.append(audio)
    return timeline


def _wav_seconds(path: Path) -> float:
    import wave

    with wave.open(str(path), "rb") as sound:
        return sound.getnframes() / sound.getframerate()


def write_timeline(
    timeline: otio.schema.Timeline,
    kind: str,
    output: Path,
    frame: tuple[int, int] = (1280, 720),
    fps: int = 24,
) -> Path:
    """Write the timeline in one of ADAPTERS' formats, atomically; `frame` and `fps` are
    the MP4's (a Kdenlive project carries them in its profile)."""
    adapter, _suffix = ADAPTERS[kind]
    partial = output.with_name(f".{output.name}.partial")
    # the Kdenlive adapter prints to stdout and stderr as it writes; the CLI's stdout is
    # the list of files made, so that stays out of it
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        otio.adapters.write_to_file(timeline, str(partial), adapter_name=adapter)
    if kind == "kdenlive":
        _finish_kdenlive(partial, timeline, frame, fps)
    os.replace(partial, output)
    return output


def _finish_kdenlive(
    path: Path, timeline: otio.schema.Timeline, frame: tuple[int, int], fps: int
) -> None:
    """What the adapter leaves out: the video's own size and rate in the profile (it writes
    1080p), and an end to the black background track and the main tractor (without one MLT
    plays the background for its default 10 minutes after the last shot). And a still that
    enters past its first frame (the half crossfade before a cut) starts at frame 0 for the
    same length: MLT's image producer draws nothing for a later `in` (the picture is the
    same on every frame)."""
    tree = ElementTree.parse(path)
    root = tree.getroot()
    width, height = frame
    profile = root.find("profile")
    if profile is not None:
        divisor = _gcd(width, height)
        profile.attrib.update(
            description=f"{width}x{height} {fps} fps", width=str(width), height=str(height),
            frame_rate_num=str(fps), frame_rate_den="1",
            display_aspect_num=str(width // divisor), display_aspect_den=str(height // divisor),
            sample_aspect_num="1", sample_aspect_den="1",
        )  # fmt: skip
    frames = round(timeline.duration().to_seconds() * fps)
    last = str(max(0, frames - 1))
    stills = {
        producer.get("id")
        for producer in root.iter("producer")
        if any(p.get("name") == "mlt_service" and p.text == "qimage" for p in producer)
    }
    for entry in root.iter("entry"):
        if entry.get("producer") in stills and entry.get("in") not in (None, "0"):
            first, end = _frames(entry.get("in", "0"), fps), _frames(entry.get("out", "0"), fps)
            entry.set("in", "0")
            entry.set("out", str(end - first))
    for element in root.iter():
        if element.tag == "producer" and element.get("id") == "black_track":
            element.set("in", "0")
            element.set("out", last)
            length = ElementTree.SubElement(element, "property", name="length")
            length.text = str(frames)
        elif element.tag == "tractor" and element.get("global_feed") == "1":
            element.set("in", "0")
            element.set("out", last)
    tree.write(path, encoding="utf-8", xml_declaration=True)


def _frames(clock: str, fps: int) -> int:
    """An MLT time ("00:00:02.167", or frames) in frames."""
    if ":" not in clock:
        return int(clock)
    hours, minutes, seconds = clock.split(":")
    return round((int(hours) * 3600 + int(minutes) * 60 + float(seconds)) * fps)


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a
