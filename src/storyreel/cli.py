"""The `storyreel` command line. Transport only: it parses, calls services, prints."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from storyreel.contract import (
    AspectRatio,
    Language,
    SubtitlePosition,
    SubtitlePreset,
    SubtitleSize,
    SubtitleStyle,
    Transition,
    VideoOrder,
    VideoSummary,
)
from storyreel.errors import StoryInputError, StoryReelError


def _read_story(path: Path | None, language: Language | None = None) -> tuple[str, str]:
    """The story text and a title for it; without a file, the bundled sample in the
    language asked for (English unless Chinese was)."""
    if path is None:
        from storyreel.samples import sample_story

        if language is Language.ZH:
            return sample_story(Language.ZH), "灯笼"
        return sample_story(Language.EN), "The Last Light"
    try:
        raw = path.read_bytes()
    except FileNotFoundError as error:
        raise StoryInputError(f"story file not found: {path}") from error
    except IsADirectoryError as error:
        raise StoryInputError(f"{path} is a folder; give a text file") from error
    except PermissionError as error:
        raise StoryInputError(f"cannot read {path}: permission denied") from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise StoryInputError(
            f"{path} is not UTF-8 text; save it as UTF-8 and try again"
        ) from error
    return text, path.stem.replace("_", " ").strip() or "Untitled"


def _order(args: argparse.Namespace) -> tuple[VideoOrder, Path]:
    """Read and check everything a person typed before any work starts."""
    from storyreel.media.compositor import check_output_path

    order = _video_order(args)
    output = args.out or Path("out") / f"{(args.story.stem if args.story else 'sample')}.mp4"
    check_output_path(output)
    return order, output


def _video_order(args: argparse.Namespace) -> VideoOrder:
    """The story and how the video should look and sound, checked (unknown voice, a voice
    for another language, a story too long: one line each)."""
    from storyreel.narration.voices import resolve_voice
    from storyreel.settings import Settings
    from storyreel.text.language import detect_language
    from storyreel.text.story import check_story

    language = None if args.lang == "auto" else Language(args.lang)
    story, title = _read_story(args.story, language)
    check_story(story, Settings.from_env().max_story_chars, language)
    resolve_voice(args.voice, language or detect_language(story))  # unknown voice: fail now
    return VideoOrder(
        story=story,
        title=title[:200],
        language=language,
        aspect=AspectRatio(args.aspect),
        voice=args.voice,
        style=args.style,
        seed=args.seed,
        short_side=args.size,
        loudness_lufs=args.loudness,
        music=_music(args.music),
        music_volume_db=args.music_volume,
        duck_db=args.duck,
        transition=Transition(args.transition),
        subtitles=SubtitleStyle(
            preset=SubtitlePreset(args.subtitles),
            position=SubtitlePosition(args.subtitle_position),
            size=SubtitleSize(args.subtitle_size),
            highlight_words=args.highlight_words,
        ),
    )


def _music(choice: str | None) -> str | None:
    """A bundled bed's name, a sound file that exists, or None for none."""
    from storyreel.media.music import music_names

    if not choice or choice.lower() == "none":
        return None
    if choice in music_names():
        return choice
    path = Path(choice).expanduser()
    if not path.is_file():
        raise StoryInputError(
            f"no music {choice!r}: give a sound file, none, or one of: {', '.join(music_names())}"
        )
    return str(path.resolve())


def _print_summary(summary: VideoSummary, where: str) -> None:
    print(summary.video)
    print(
        f"{summary.shots} shots, {summary.duration_s:.1f} s of video, made in "
        f"{summary.elapsed_s:.1f} s{where}; subtitles: {summary.subtitles.name}, "
        f"storyboard: {summary.storyboard.name}"
    )


def _render(args: argparse.Namespace) -> int:
    """The whole pipeline in this process: no server, no node."""
    from storyreel.pipeline.estimate import cached_speeds, estimate
    from storyreel.pipeline.story_to_video import StoryToVideo
    from storyreel.progress import ConsoleProgress
    from storyreel.settings import Settings

    order, output = _order(args)
    formats = _formats(args)
    settings = Settings.from_env()
    speeds = cached_speeds(settings, order)  # measured by an earlier `storyreel estimate`
    expected = estimate(settings, order, speeds) if speeds else None
    print(f"StoryReel (in process): {order.title!r} -> {output}", file=sys.stderr)
    if expected:
        print(f"expected: {expected.line()}", file=sys.stderr)
    summary = StoryToVideo(settings).run(order, output, ConsoleProgress())
    if summary.encoder_note:
        print(f"note: {summary.encoder_note}", file=sys.stderr)
    _print_summary(summary, " in this process")
    if expected:
        print(f"made in {summary.elapsed_s:.1f} s; expected {expected.total_s:.1f} s "
              f"({summary.elapsed_s / expected.total_s - 1:+.0%})", file=sys.stderr)  # fmt: skip
    _write_formats(args, formats, summary, order)
    return 0


def _formats(args: argparse.Namespace) -> tuple[str, ...]:
    """The --formats asked for, checked before anything starts."""
    from storyreel.media.documents import parse_formats

    return parse_formats(args.formats) if args.formats else ()


def _write_formats(
    args: argparse.Namespace, formats: tuple[str, ...], summary: VideoSummary, order: VideoOrder
) -> None:
    from storyreel.media.documents import write_formats
    from storyreel.media.pdf import PdfLayout

    layout = PdfLayout(paper=args.paper, landscape=not args.portrait, panels_per_page=args.panels)
    for path in write_formats(formats, summary, layout, order):
        print(path)


def _demo(args: argparse.Namespace) -> int:
    """Story to MP4 through the three tiers: an embedded stack (or --server), over HTTP."""
    import secrets
    import shutil
    import tempfile

    from storyreel.progress import ConsoleProgress

    order, output = _order(args)
    formats = _formats(args)
    if order.music and Path(order.music).is_file():
        from storyreel.media.music import music_names

        raise StoryInputError(
            "a music file plays with `storyreel render` (the server does not read files from "
            f"here); through the server choose a bundled bed: {', '.join(music_names())}"
        )
    pictures = tempfile.TemporaryDirectory(prefix="storyreel-keyframes-") if formats else None
    keyframes_dir = Path(pictures.name) if pictures else None
    title = order.title
    try:
        from storyreel.client.core.api import ApiClient
        from storyreel.client.core.flow import story_to_video
    except ImportError as error:  # pragma: no cover - the base install has httpx
        raise StoryReelError(f"missing {error.name}; pip install 'storyreel'") from error
    if args.server:
        if not args.token:
            raise StoryReelError("--server needs --token (printed by `storyreel up`)")
        print(f"StoryReel: {title!r} -> {output} via {args.server}", file=sys.stderr)
        with ApiClient(args.server, args.token) as api:
            result = story_to_video(api, order, output, ConsoleProgress(), keyframes_dir)
    else:
        try:
            from storyreel.devtools.stack import EmbeddedStack, StackPorts, free_port
        except ImportError as error:
            raise StoryReelError(
                f"the demo runs the server stack ({error.name} is missing): "
                "pip install 'storyreel[server]', or use `storyreel render` (in process)"
            ) from error
        data_dir = (
            Path(args.data_dir)
            if args.data_dir
            else Path(tempfile.mkdtemp(prefix="storyreel-demo-"))
        )
        log = data_dir / "stack.log"
        print(
            f"StoryReel: {title!r} -> {output}\n  starting server, worker and model node "
            f"(embedded; data in {data_dir}, logs in {log.name})",
            file=sys.stderr,
        )
        succeeded = False
        try:
            ports = StackPorts(server=free_port(), node=free_port())
            stack = EmbeddedStack(
                ports, extra_env={"STORYREEL_DATA_DIR": str(data_dir)}, log_path=log
            )
            with stack, ApiClient(stack.url) as api:
                # a new person's first steps: register, then everything with their token
                api.register("demo", secrets.token_urlsafe(16))
                result = story_to_video(api, order, output, ConsoleProgress(), keyframes_dir)
            succeeded = True
        finally:
            if not args.data_dir and succeeded:
                shutil.rmtree(data_dir, ignore_errors=True)
            elif not succeeded:
                print(f"storyreel: the stack's logs are kept in {log}", file=sys.stderr)
    _print_summary(result, f" through the server (project {result.project_id})")
    if result.expected_s:
        print(f"made in {result.elapsed_s:.1f} s; the server expected {result.expected_s:.1f} s "
              f"({result.elapsed_s / result.expected_s - 1:+.0%})"
              + (f"; {result.expected_note}" if result.expected_note else ""),
              file=sys.stderr)  # fmt: skip
    _write_formats(args, formats, result, order)
    if pictures is not None:
        pictures.cleanup()
    return 0


def _estimate(args: argparse.Namespace) -> int:
    """How long `render` will take for this story, by stage, on this machine."""
    from storyreel.pipeline.estimate import cached_speeds, estimate
    from storyreel.settings import Settings

    order = _video_order(args)
    settings = Settings.from_env()
    if cached_speeds(settings, order) is None:
        print("measuring this machine's speeds with a short story (once a week) ...",
              file=sys.stderr)  # fmt: skip
    expected = estimate(settings, order)
    for stage, seconds in expected.stages.items():
        print(f"{stage:<11} {seconds:6.1f} s")
    print(f"{'total':<11} {expected.total_s:6.1f} s  ({expected.shots} shots, "
          f"{expected.video_s:.0f} s of video)")  # fmt: skip
    return 0


def _story(args: argparse.Namespace) -> int:
    """Topic to story: the LLM of `--storyboard llm` writes it; the file is the person's to
    edit before `render` or `demo`."""
    import re

    from storyreel.atomic import write_text_atomic
    from storyreel.engines import chat_model, llm_unavailable
    from storyreel.settings import Settings
    from storyreel.storyboard.llm.story import write_story

    settings = Settings.from_env()
    backend = "openai" if settings.models.llm_url else "llamacpp"
    reason = llm_unavailable(backend, settings)
    if reason is not None:
        raise StoryReelError(f"writing a story needs an LLM, and none can run here: {reason}")
    slug = re.sub(r"[^\w]+", "_", args.topic.strip().lower()).strip("_")[:40] or "story"
    out: Path = args.out or Path("out") / f"{slug}.txt"
    if out.exists():
        raise StoryReelError(f"{out} exists; name another file with --out")
    print(f"StoryReel: writing a {args.length} {args.lang} story ({backend})...", file=sys.stderr)
    text = write_story(
        args.topic, Language(args.lang), chat_model(backend, settings), args.length, args.seed
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(out, text + "\n")
    print(out)
    print(f"edit it, then: storyreel render --story {out}", file=sys.stderr)
    return 0


def _voices(_args: argparse.Namespace) -> int:
    from storyreel.narration.voices import available_voices

    for name, voice in sorted(available_voices().items()):
        print(f"{name:<22} {voice.language.value}  {voice.description}")
    return 0


def _node(args: argparse.Namespace) -> int:
    import os

    from storyreel.node.settings import NodeSettings

    try:
        from storyreel.node.serve import serve
        from storyreel.node.service import NodeService
    except ImportError as error:
        raise StoryReelError(
            f"the model node needs its extra ({error.name} is missing): "
            "pip install 'storyreel[node]'"
        ) from error

    env = dict(os.environ)
    if args.server:
        import secrets
        from urllib.parse import urlsplit

        # a pull node serves nothing and calls nobody back: no token, no webhook secret
        env.setdefault("STORYREEL_NODE_TOKEN", secrets.token_urlsafe(24))
        env.setdefault("STORYREEL_WEBHOOK_SECRET", secrets.token_urlsafe(24))
        # it fetches inputs (a keyframe to animate) from the server it leases from
        allowed = env.get("STORYREEL_NODE_CALLBACK_ALLOW", "127.0.0.1,localhost,::1")
        server = urlsplit(args.server)
        port = server.port or (443 if server.scheme == "https" else 80)
        env["STORYREEL_NODE_CALLBACK_ALLOW"] = f"{allowed},{server.hostname}:{port}"
        return _pull_node(args, NodeService(NodeSettings.from_env(env)))
    if args.node_key:
        raise StoryReelError("--node-key goes with --server (pull mode)")
    env.setdefault("STORYREEL_NODE_PUBLIC_URL", f"http://{args.host}:{args.port}")
    settings = NodeSettings.from_env(env)
    service = NodeService(settings)
    for name, variable in (
        ("token", "STORYREEL_NODE_TOKEN"),
        ("webhook secret", "STORYREEL_WEBHOOK_SECRET"),
    ):
        if not env.get(variable):
            value = settings.token if variable.endswith("TOKEN") else settings.webhook_secret
            print(f"storyreel node: no {variable}; this run's {name}: {value}", file=sys.stderr)
    print(
        f"storyreel node on http://{args.host}:{args.port} (storage: {settings.storage}; "
        f"GET /capabilities lists the backends)",
        file=sys.stderr,
    )
    serve(service, args.host, args.port, args.log_level)
    return 0


def _pull_node(args: argparse.Namespace, service: object) -> int:
    """`storyreel node --server URL --node-key K`: lease jobs from the server until stopped
    (the first Ctrl+C or SIGTERM drains, a second stops at once)."""
    import logging
    import os
    import signal

    from storyreel.node.puller import PullNode
    from storyreel.node.service import NodeService

    assert isinstance(service, NodeService)
    key = args.node_key or os.environ.get("STORYREEL_NODE_KEY", "")
    if not key:
        raise StoryReelError("--server needs --node-key (or STORYREEL_NODE_KEY): the key "
                             "`storyreel nodes add NAME` printed on the server")  # fmt: skip
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    wait_s = float(os.environ.get("STORYREEL_NODE_LEASE_WAIT_S", "20"))
    puller = PullNode(service, args.server, key, slots=args.slots, wait_s=wait_s)

    def stop(number: int, _frame: object) -> None:
        if puller.stopping:
            raise SystemExit(128 + number)
        print("storyreel node: stopping (running jobs finish, the rest go back)",
              file=sys.stderr)  # fmt: skip
        puller.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    service.start()
    try:
        puller.run()
    finally:
        service.close()
    return 0


def _nodes(args: argparse.Namespace) -> int:
    """`storyreel nodes add|list|revoke`: the server's pull nodes and their keys."""
    try:
        from storyreel.server.nodes import nodes_command
    except ImportError as error:
        raise StoryReelError(
            f"the server needs its extra ({error.name} is missing): pip install 'storyreel[server]'"
        ) from error
    return nodes_command(args.action, args.name)


def _up(args: argparse.Namespace) -> int:
    try:
        from storyreel.devtools.stack import StackPorts, run_stack
    except ImportError as error:
        raise StoryReelError(
            f"the server needs its extra ({error.name} is missing): pip install 'storyreel[server]'"
        ) from error
    return run_stack(StackPorts(server=args.port, node=args.node_port), with_node=not args.no_node)


def _doctor(args: argparse.Namespace) -> int:
    import os

    try:
        from storyreel.server.doctor import doctor, read_env_file
    except ImportError as error:
        raise StoryReelError(
            f"the server needs its extra ({error.name} is missing): pip install 'storyreel[server]'"
        ) from error
    try:
        server = read_env_file(args.env_file) if args.env_file else dict(os.environ)
        node = read_env_file(args.node_env_file) if args.node_env_file else None
    except (OSError, ValueError) as error:
        raise StoryReelError(str(error)) from error
    return doctor(server, node, live=not args.offline)


def _client(args: argparse.Namespace) -> int:
    import os

    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false;qt.qpa.*=false")
    try:
        from storyreel.client.qt.app import run
    except ImportError as error:
        raise StoryReelError(
            f"the desktop client needs its extra ({error.name} is missing): "
            "pip install 'storyreel[client]'"
        ) from error
    if args.screenshots is not None:
        from storyreel.devtools.screenshots import take_screenshots

        return take_screenshots(args)
    return run(args.server, token=args.token, language=args.lang)


EXAMPLES = """examples:
  storyreel demo --story my_story.txt          # story -> out/my_story.mp4 (+ .srt, .json)
  storyreel render --story my_story.txt        # the same in one process, no server
  storyreel voices                             # the narration voices on this machine
  storyreel up                                 # server + worker + node on :8000 / :8100
  storyreel nodes add gpu-1                    # a pull node's key (on the server)
  storyreel node --server https://host --node-key KEY   # a node that leases jobs
  storyreel client --server http://127.0.0.1:8000 --token TOKEN
  storyreel doctor --env-file /etc/storyreel/storyreel.env --node-env-file node.env
"""


def _loudness(text: str) -> float | None:
    if text.lower() == "off":
        return None
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of LUFS or off") from None
    if not -40 <= value <= -5:
        raise argparse.ArgumentTypeError("loudness is between -40 and -5 LUFS (or off)")
    return value


def _decibels(low: float, high: float) -> Any:
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number of dB") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"between {low:g} and {high:g} dB")
        return value

    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="storyreel",
        description="Turn a story into a storyboard and a narrated video.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser(
        "demo",
        help="make a narrated MP4 from a story through server, worker and model node",
        epilog="example: storyreel demo --story my_story.txt --out out/my_story.mp4 --size 480",
    )
    render = commands.add_parser(
        "render",
        help="make a narrated MP4 in this process (no server, no node)",
        epilog="example: storyreel render --story 故事.txt --lang zh --aspect 9:16",
    )
    guess = commands.add_parser(
        "estimate",
        help="how long `render` will take for a story, by stage, before anything is made",
        epilog="example: storyreel estimate --story my_story.txt --size 480",
    )
    for command in (demo, render, guess):
        command.add_argument("--story", type=Path, help="UTF-8 text file (default: a sample)")
        if command is not guess:
            command.add_argument("--out", type=Path, help="output .mp4 (default: out/<story>.mp4)")
        command.add_argument(
            "--lang",
            choices=["auto", "en", "zh"],
            default="auto",
            help="the story's language: English, Chinese, or detected from the text (default)",
        )
        command.add_argument(
            "--aspect",
            choices=[a.value for a in AspectRatio],
            default="16:9",
            help="frame shape: 16:9 landscape (default), 9:16 for phones, 1:1 square",
        )
        command.add_argument("--voice", help="narration voice (see `storyreel voices`)")
        command.add_argument("--style", default="", help="visual style added to every prompt")
        command.add_argument("--seed", type=int, default=0, help="seed for keyframes and motion")
        command.add_argument(
            "--storyboard",
            choices=["planner", "llm"],
            help="who writes the shots: the planner (rules, instant) or an LLM in process "
            "(llama.cpp with Qwen2.5-0.5B from pip) wording each shot's picture "
            "(default: STORYREEL_STORYBOARD_BACKEND, else the planner)",
        )
        if command is not guess:  # what is written beside the MP4
            command.add_argument(
                "--formats",
                metavar="LIST",
                help="also write these beside the MP4: pdf (the printable storyboard), otio, fcp7, "
                "fcpxml, edl (the cut for editors), stems (NAME.stems/: the picture without "
                "subtitles, the sound, the SRT), or all",
            )
            command.add_argument(
                "--paper", choices=["A4", "Letter"], default="A4", help="the PDF's paper (A4)"
            )
            command.add_argument(
                "--portrait", action="store_true", help="the PDF upright (default: landscape)"
            )
            command.add_argument(
                "--panels",
                type=int,
                choices=[1, 2, 3, 4, 6, 8, 9, 12],
                default=6,
                help="shots per PDF page (default 6)",
            )
        command.add_argument(
            "--loudness",
            type=_loudness,
            default=-16.0,
            metavar="LUFS|off",
            help="integrated loudness of the sound, EBU R128 (default -16 LUFS, true peak "
            "under -1 dBTP); off: as the voices made it",
        )
        command.add_argument(
            "--music",
            metavar="NAME|FILE|none",
            help="a music bed under the narration, ducked while it speaks: calm or dusk "
            "(made by StoryReel's own code, CC0), a sound file (render), or none (default)",
        )
        command.add_argument(
            "--music-volume",
            type=_decibels(-40, 0),
            default=-12.0,
            metavar="DB",
            help="the bed's level against the speech where nothing is said (default -12 dB)",
        )
        command.add_argument(
            "--duck",
            type=_decibels(0, 40),
            default=12.0,
            metavar="DB",
            help="how far the bed goes down while the narration speaks (default 12 dB)",
        )
        command.add_argument(
            "--transition",
            choices=[t.value for t in Transition],
            default=Transition.CROSSFADE.value,
            help="how each shot comes in (default crossfade, 0.5 s; dip: through black; "
            "slide: from the right; zoom: into the old shot; cut: none)",
        )
        command.add_argument(
            "--subtitles",
            choices=[p.value for p in SubtitlePreset],
            default=SubtitlePreset.OUTLINE.value,
            help="the burned subtitles' look: white with a dark outline (default), a drop "
            "shadow, or a dark box behind them",
        )
        command.add_argument(
            "--subtitle-position",
            choices=[p.value for p in SubtitlePosition],
            default=SubtitlePosition.BOTTOM.value,
            help="where they sit (default bottom; 9:16 keeps to the platforms' safe area)",
        )
        command.add_argument(
            "--subtitle-size",
            choices=[s.value for s in SubtitleSize],
            default=SubtitleSize.MEDIUM.value,
        )
        command.add_argument(
            "--highlight-words",
            action="store_true",
            help="draw the word being said in yellow, timed from the narration",
        )
        command.add_argument(
            "--size",
            type=int,
            choices=[180, 360, 480, 720, 1080],
            default=720,
            help="short side of the video in pixels (default 720)",
        )
    demo.add_argument("--server", help="use a running server (e.g. http://127.0.0.1:8000)")
    demo.add_argument("--token", help="the server's token for --server")
    demo.add_argument("--data-dir", help="keep the embedded stack's data here (default: temp)")
    render.set_defaults(handler=_render)
    demo.set_defaults(handler=_demo)
    guess.set_defaults(handler=_estimate)
    story = commands.add_parser(
        "story",
        help="an LLM writes a story from a topic, into a file you edit and then render",
        epilog='example: storyreel story --topic "a lighthouse keeper\'s last night" --lang en',
    )
    story.add_argument("--topic", required=True, help="what the story is about, in a few words")
    story.add_argument("--lang", choices=["en", "zh"], default="en", help="its language (en)")
    story.add_argument(
        "--length", choices=["short", "medium", "long"], default="short",
        help="about 6, 10 or 16 sentences (short)",
    )  # fmt: skip
    story.add_argument("--out", type=Path, help="the story file (default: out/<topic>.txt)")
    story.add_argument("--seed", type=int, default=0, help="another seed, another story")
    story.set_defaults(handler=_story)
    voices = commands.add_parser("voices", help="list the narration voices")
    voices.set_defaults(handler=_voices)
    node = commands.add_parser("node", help="run the model node (FastAPI) for a server")
    node.add_argument("--host", default="127.0.0.1", help="address to listen on")
    node.add_argument("--port", type=int, default=8100, help="port to listen on (default 8100)")
    node.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )
    node.add_argument(
        "--server",
        help="pull mode: lease jobs from this server (e.g. https://host); no port is opened",
    )
    node.add_argument("--node-key", help="pull mode: this node's key (storyreel nodes add)")
    node.add_argument(
        "--slots", type=int, default=1, help="pull mode: jobs run at once (default 1)"
    )
    node.set_defaults(handler=_node)
    nodes = commands.add_parser(
        "nodes",
        help="the server's pull nodes: add one (prints its key), list them, revoke one",
        epilog="example: storyreel nodes add gpu-1   (same settings and data dir as the server)",
    )
    nodes.add_argument("action", choices=["add", "list", "revoke"])
    nodes.add_argument("name", nargs="?", help="the node's name (add, revoke)")
    nodes.set_defaults(handler=_nodes)
    up = commands.add_parser(
        "up",
        help="run server, worker and model node on this machine",
        epilog="example: storyreel up --port 8080 --node-port 8180",
    )
    up.add_argument("--port", type=int, default=8000, help="the server's port (default 8000)")
    up.add_argument(
        "--node-port", type=int, default=8100, help="the model node's port (default 8100)"
    )
    up.add_argument(
        "--no-node",
        action="store_true",
        help="start no model node: pull nodes (storyreel node --server) do the model work",
    )
    up.set_defaults(handler=_up)
    doctor = commands.add_parser(
        "doctor",
        help="check a deployment's settings and say what is wrong, one line each",
        epilog="example: storyreel doctor --env-file /etc/storyreel/storyreel.env "
        "--node-env-file /etc/storyreel/node.env",
    )
    doctor.add_argument(
        "--env-file", type=Path, help="the server's env file (default: this environment)"
    )
    doctor.add_argument(
        "--node-env-file", type=Path, help="the node's env file, to compare its secrets and hosts"
    )
    doctor.add_argument(
        "--offline", action="store_true", help="check the settings only; ask no service"
    )
    doctor.set_defaults(handler=_doctor)
    client = commands.add_parser("client", help="the desktop app (PySide6 + QML)")
    client.add_argument("--server", default="http://127.0.0.1:8000", help="the server's URL")
    client.add_argument("--token", default="", help="sign in with this token")
    client.add_argument("--lang", choices=["en", "zh"], help="UI language (default: system)")
    client.add_argument(
        "--screenshots",
        type=Path,
        metavar="DIR",
        help="make a sample project (on an embedded stack unless --server/--token are given) "
        "and save each of the five pages and the animatic as a PNG in DIR",
    )
    client.set_defaults(handler=_client)
    return parser


def _storyboard_backend(args: argparse.Namespace) -> None:
    """`--storyboard`: the backend for this process and the stack it starts (its node reads
    the same setting); an LLM that cannot run here is an error before anything starts."""
    chosen = getattr(args, "storyboard", None)
    if chosen is None:
        return
    from storyreel.engines import llm_unavailable
    from storyreel.settings import Settings

    backend = "llamacpp" if chosen == "llm" else "planner"
    if backend == "llamacpp":
        reason = llm_unavailable(backend, Settings.from_env())
        if reason is not None:
            raise StoryReelError(f"--storyboard llm cannot run here: {reason}")
    os.environ["STORYREEL_STORYBOARD_BACKEND"] = backend


def main(argv: list[str] | None = None) -> int:
    """Entry point: errors a person can fix print as one line and exit non-zero."""
    args = build_parser().parse_args(argv)
    try:
        _storyboard_backend(args)
        code: int = args.handler(args)
        return code
    except StoryReelError as error:
        print(f"storyreel: error: {error.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("storyreel: interrupted; nothing was written", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
