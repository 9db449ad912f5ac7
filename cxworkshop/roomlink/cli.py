"""``cxworkshop serve FILE``: the room link without the GUI.

Prints the join link, the code and a QR code, then takes the facilitator's
commands on standard input (``help`` lists them) until ``quit``, Ctrl+C or
SIGTERM. Every answer is written to FILE as it arrives.
"""
from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path

from ..cli import BadInput, command
from ..i18n import N_, tr
from .steps import HIDDEN, LOCKED, OPEN

# the command words themselves (status, approve, …) stay English in every language
HELP = N_("""commands:
  status              who joined, who answered, each step's state
  approve N | reject N   a join request ("I'm not on the list")
  release NAME        let another phone take this name
  lock STEP | unlock STEP | hide STEP   STEP: story, vote, note, callout
  quit                stop the room link""")
STATE_WORDS = {OPEN: N_("open"), LOCKED: N_("locked"), HIDDEN: N_("hidden")}


def _state(value: str) -> str:
    return tr(STATE_WORDS.get(value, value))


@command("serve", N_("run the room link (phones answer and vote) without the GUI"))
def _serve(p):
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--host", default=None,
                   help=tr("the address to listen on (default: the first network "
                           "interface's)"))
    p.add_argument("--port", type=int, default=None,
                   help=tr("port (default 8765 or the next free)"))
    p.add_argument("--no-qr", action="store_true", help=tr("do not draw the QR code"))
    return _run


def _run(a) -> int:
    from ..document import SessionDocument
    from .interfaces import lan_interfaces
    from .owner import ThreadOwner
    from .qr import qr_text
    from .server import DEFAULT_PORT, RefusedAddress, start_server

    host = a.host
    if host is None:
        found = lan_interfaces()
        host = found[0].address if found else "127.0.0.1"
    port = DEFAULT_PORT if a.port is None else a.port
    if not 0 <= port <= 65535:
        raise BadInput(tr("--port {port}: must be 0-65535").format(port=port))
    document = SessionDocument.open(a.file)
    owner = ThreadOwner(document)
    try:
        server = start_server(owner, host, port)
    except RefusedAddress as e:
        owner.stop()
        document.close()
        raise BadInput(f"--host {e}") from None
    except OSError as e:
        owner.stop()
        document.close()
        raise BadInput(str(e)) from None
    state = server.state
    seen: set[str] = set()
    lock = threading.Lock()

    def on_change() -> None:
        with lock:
            for request in list(state.requests.values()):
                if request.id not in seen:
                    seen.add(request.id)
                    number = len(seen)
                    numbers[str(number)] = request.id
                    print(tr("join request {number}: {name} is not on the list — type "
                             "'approve {number}' or 'reject {number}'").format(
                        number=number, name=repr(request.name)), flush=True)

    numbers: dict[str, str] = {}
    state.listeners.append(on_change)
    print(tr("Room link for {title} is on.").format(title=repr(document.info.title)),
          flush=True)
    print(tr("Join: {url}").format(url=server.join_url))
    print(tr("Or open {url} and type the code {code}").format(url=server.base_url,
                                                              code=state.join_code))
    if not a.no_qr:
        print(qr_text(server.join_url))
    print(tr("Type 'help' for commands; Ctrl+C stops."), flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    reader = threading.Thread(target=_read_commands, args=(server, numbers, stop), daemon=True)
    reader.start()
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        document.close()
        print(tr("Room link stopped."), flush=True)
    return 0


def _read_commands(server, numbers: dict[str, str], stop: threading.Event) -> None:
    from .steps import STEP_LABELS, STEPS
    state = server.state
    for line in sys.stdin:
        words = line.split(maxsplit=1)
        if not words:
            continue
        verb, rest = words[0].lower(), (words[1].strip() if len(words) > 1 else "")
        try:
            if verb in ("quit", "exit", "stop"):
                break
            if verb == "help":
                print(tr(HELP))
            elif verb == "status":
                counts = state.counts()
                names = server.owner.read(lambda w: {p.id: p.name for p in w.participants})
                joined = sorted(names.get(pid, "?") for pid in state.taken())
                print(tr("joined: {n} ({names})").format(n=len(joined), names=", ".join(joined)))
                for step in STEPS:
                    print("  " + tr("{step}: {n} answered, {state}").format(
                        step=tr(STEP_LABELS[step]), n=counts[step],
                        state=_state(state.steps[step])))
            elif verb in ("approve", "reject"):
                request_id = numbers.get(rest)
                if request_id is None or request_id not in state.requests:
                    print(tr("no open join request {number}").format(number=repr(rest)))
                elif verb == "approve":
                    server.app.approve(request_id)
                    print(tr("approved"))
                else:
                    state.take_request(request_id)
                    print(tr("refused"))
            elif verb == "release":
                found = server.owner.read(
                    lambda w, rest=rest: [p.id for p in w.participants if p.name == rest])
                print(tr("released") if found and state.release(found[0]) else
                      tr("{name} is not on a phone").format(name=repr(rest)))
            elif verb in ("lock", "unlock", "hide") and rest in STEPS:
                state.set_step(rest, {"lock": LOCKED, "unlock": OPEN, "hide": HIDDEN}[verb])
                print(f"{tr(STEP_LABELS[rest])}: {_state(state.steps[rest])}")
            else:
                print(tr("unknown command {command}; type 'help'").format(
                    command=repr(line.strip())))
        except Exception as e:  # noqa: BLE001 - a typo must not stop the room
            print(tr("could not do that: {error}").format(error=e))
        sys.stdout.flush()
    else:
        return  # standard input closed: keep serving until a signal
    stop.set()
