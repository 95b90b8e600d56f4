"""Runs a lesson's Python lines for real and compares each step with the C result.

Reads a `sockettutor learn --record` file (docs/recording-format.md) on stdin and
writes one JSON line per mismatch on stdout, then a summary line. It talks only through
stdin and stdout: its own descriptors must not shift the lesson's numbers (first socket 3).
Exit status 0 when every step matched.
"""
import ast, base64, json, os, queue, re, sys, threading, time

# Before anything else: only 0, 1 and 2 may be open, or the fd numbers cannot match.
def open_fds():
    fds = []
    for fd in range(3, 64):
        try:
            os.fstat(fd)
            fds.append(fd)
        except OSError:
            pass
    return fds

START_FDS = open_fds()
LESSON = sys.argv[1] if len(sys.argv) > 1 else "?"
PROMPT = 2.0      # a call not shown blocked must return within this
ASLEEP = 0.3      # a call shown blocked must still sleep after this
RELEASE = 3.0     # a blocked call must return within this after its releasing step
mismatches = []

def mismatch(step, python, c, py, why):
    mismatches.append({"lesson": LESSON, "step": step, "python": python, "c": c, "python_result": py, "why": why})

lines = [json.loads(line) for line in sys.stdin.read().splitlines() if line.strip()]
assert lines and lines[0].get("format") == "sockettutor-recording", "not a recording"
events = [e for e in lines[1:] if "seq" in e]

# ---- the C run, step by step -------------------------------------------------------
class Step:
    def __init__(self, sid, actor, python, seq):
        self.id, self.actor, self.python, self.seq = sid, actor, python, seq
        self.calls = []          # (callID, call kind, call args, outcome)
        self.blocked = False
        self.result = None       # StepOutcome
        self.release = None      # id of the step that released it, when blocked

steps, by_id, call_step, last_started = [], {}, {}, None
for e in events:
    kind = e["kind"]
    if kind == "step_started":
        st = Step(e["step"], e["actor"], e["python"], e["seq"])
        steps.append(st); by_id[st.id] = st; last_started = st
    elif kind == "call_started":
        # A thread that start_thread made makes its calls under its own actor, with that
        # step's id: they belong to the Python thread the line starts, not to the line.
        st = by_id.get(e["step"])
        call_step[e["call_id"]] = (st if st and st.actor == e["actor"] else None, e["call"]["op"], e["call"])
    elif kind == "call_blocked":
        st = call_step.get(e["call_id"], (None,))[0]
        if st: st.blocked = True
    elif kind == "call_finished":
        st, ck, cargs = call_step.get(e["call_id"], (None, None, None))
        if st:
            st.calls.append((e["call_id"], ck, cargs, e["result"]))
            if st.blocked and st.release is None and last_started is not st:
                st.release = last_started.id
    elif kind == "step_finished":
        st = by_id.get(e["step"])
        if st: st.result = e["outcome"]

# ---- ports: the C run's are mapped to this run's, in address literals only -----------
port_map = {}
ADDRESS = re.compile(r"\(('[^']*'|\"[^\"]*\"),\s*(\d+)")

# ---- AF_UNIX paths: the C run's private directory (gone now) becomes one of this run's ----
# (a recording writes $HOME as ~, so a directory under it starts with ~/)
PRIVATE_DIR = re.compile(r"~?/[^'\"\s]*?sockettutor\.[A-Za-z0-9]{6}(?=/)")
private_dir = None

def own_private_dir(_match):
    global private_dir
    if private_dir is None:
        import tempfile
        private_dir = tempfile.mkdtemp(prefix="truth.")   # mkdir only: no descriptor stays open
    return private_dir

def substitute(code):
    code = PRIVATE_DIR.sub(own_private_dir, code)
    return ADDRESS.sub(lambda m: "(%s, %s" % (m.group(1), port_map.get(int(m.group(2)), int(m.group(2)))), code)

def learn_port(c_address, py_address):
    if not c_address or c_address.get("family") not in ("AF_INET", "AF_INET6"): return
    cp = c_address.get("port")
    if isinstance(py_address, tuple) and len(py_address) >= 2 and isinstance(py_address[1], int) and cp:
        port_map[cp] = py_address[1]

# ---- the Python run: one thread per actor, one shared namespace --------------------------
namespace = {"__name__": "__lesson__"}

def compile_line(code):
    """The line verbatim, its last statement's value kept in __value (the call's result)."""
    tree = ast.parse(code)
    last = tree.body[-1] if tree.body else None
    has_value = isinstance(last, (ast.Assign, ast.Expr))
    if isinstance(last, ast.Assign):
        tmp = ast.Name("__value", ast.Store())
        tree.body[-1:] = [ast.Assign([tmp], last.value), ast.Assign(last.targets, ast.Name("__value", ast.Load()))]
    elif isinstance(last, ast.Expr):
        tree.body[-1] = ast.Assign([ast.Name("__value", ast.Store())], last.value)
    ast.fix_missing_locations(tree)
    return compile(tree, "<lesson>", "exec"), has_value

class Actor(threading.Thread):
    def __init__(self, name):
        super().__init__(name=name, daemon=True)
        self.inbox = queue.Queue()
        self.tid = None
        self.ready = threading.Event()
    def run(self):
        self.tid = threading.get_native_id()
        self.ready.set()
        while True:
            job = self.inbox.get()
            if job is None: return
            code, done = job
            try:
                namespace.pop("__value", None)
                exec(code, namespace)
                done["value"] = namespace.get("__value")
            except BaseException as ex:   # the call's own exception is the result to compare
                done["error"] = ex
            done["event"].set()

actors = {}
def actor(name):
    if name not in actors:
        a = Actor(name); a.start(); a.ready.wait(2); actors[name] = a
    return actors[name]

def asleep_in_kernel(tid):
    """The thread's state from /proc (S or D) and the syscall it sleeps in (not -1/running)."""
    try:
        with open("/proc/self/task/%d/stat" % tid) as f: stat = f.read()
        state = stat[stat.rindex(")") + 2]
        with open("/proc/self/task/%d/syscall" % tid) as f: sc = f.read().split()[0]
        return state in "SD" and sc not in ("running", "-1")
    except OSError:
        return False

# ---- comparing a step by the shape of its call's result ------------------------------
def describe_c(st):
    last = st.calls[-1][3] if st.calls else {}
    return {"result": st.result, "returnValue": last.get("return"), "error": (last.get("errno") or {}).get("name"),
            "bytes": last.get("bytes"), "blocked": st.blocked}

def describe_py(done):
    if "error" in done:
        ex = done["error"]
        return {"exception": type(ex).__name__, "errno": getattr(ex, "errno", None), "text": str(ex)}
    v = done.get("value")
    return {"value": repr(v)[:200]}

def fileno(v):
    try: return v.fileno()
    except Exception: return None

def compare(st, done):
    py = describe_py(done)
    c = describe_c(st)
    rv = st.result or {"result": "returned"}
    rk = rv["result"]
    if "error" in done:
        ex = done["error"]
        if rk == "raised":
            want = rv.get("exception"); code = (rv.get("errno") or {}).get("code")
            if type(ex).__name__ != want or (code is not None and getattr(ex, "errno", None) != code):
                mismatch(st.id, st.python, c, py, "a different exception")
        elif rk == "timed_out":
            if type(ex).__name__ != "TimeoutError": mismatch(st.id, st.python, c, py, "C timed out")
        else:
            mismatch(st.id, st.python, c, py, "Python raised, C did not")
        return
    if rk in ("raised", "timed_out"):
        mismatch(st.id, st.python, c, py, "C raised, Python did not"); return
    if not st.calls or not done.get("has_value"): return   # a loop (serve): its exceptions and blocking only
    _, kind, args, out = st.calls[-1]
    v = done.get("value")
    rv_c = out.get("return")
    bad = None
    if kind in ("socket",):
        if fileno(v) != rv_c: bad = "descriptor %r, C %r" % (fileno(v), rv_c)
    elif kind == "accept":
        if not isinstance(v, tuple) or fileno(v[0]) != rv_c: bad = "accepted descriptor differs"
        else: learn_port(out.get("address"), v[1])
    elif kind in ("getsockname", "getpeername"):
        learn_port(out.get("address"), v)
        a = out.get("address") or {}
        if a.get("family") in ("AF_INET", "AF_INET6") and (not isinstance(v, tuple) or v[0] != a["host"]): bad = "address differs"
    elif kind in ("send", "sendto", "write"):
        sent = len(base64.b64decode(args.get("data") or ""))
        if v is None:
            pass   # sendall (alone or in a frame) returns None: its exceptions only
        elif rv_c is not None and 0 <= rv_c < sent:
            # A short send: how much fitted depends on the buffers at that moment, in
            # each run; what must agree is that it was short and not nothing.
            if not isinstance(v, int) or not (0 < v < sent): bad = "C sent %r of %r bytes (short), Python %r" % (rv_c, sent, v)
        elif v is not None and v != rv_c: bad = "byte count differs"
    elif kind == "recv" and len([c for c in st.calls if c[1] == "recv"]) > 1:
        # A recv-exactly loop (recv_frame): the value is what its recvs returned together,
        # after the 4-byte length prefix.
        whole = b"".join(base64.b64decode(c[3].get("bytes") or "") for c in st.calls if c[1] == "recv")
        if v != whole[4:] and v != whole: bad = "data %r, C's recvs %r" % (v, whole)
    elif kind in ("recv", "read", "recvfrom"):
        data = base64.b64decode(out.get("bytes") or "")
        got = v[0] if kind == "recvfrom" and isinstance(v, tuple) else v
        if got != data: bad = "data %r, C %r" % (got, data)
        if rk == "end_of_stream" and got != b"": bad = "C saw end of stream"
    elif kind == "connect_ex":
        want = (out.get("errno") or {}).get("code", 0)
        if v != want: bad = "connect_ex %r, C errno %r" % (v, want)
    elif kind == "poll":
        if not isinstance(v, list) or len(v) != rv_c: bad = "poll returned %r, C %r ready" % (v, rv_c)
        elif "fds" in args:
            # Several sockets: the same descriptors ready, with the same revents.
            import select
            names = {n: getattr(select, n) for n in ("POLLIN", "POLLOUT", "POLLERR", "POLLHUP", "POLLNVAL", "POLLRDHUP")}
            want = {}
            for fd, ev in re.findall(r"fd=(\d+), revents=([A-Z|0-9]+)", out.get("value") or ""):
                want[int(fd)] = sum(names.get(n, 0) for n in ev.split("|"))
            if dict(v) != want: bad = "poll ready %r, C %r" % (dict(v), want)
    elif kind in ("pthread_create", "pthread_join"):
        if rv_c != 0 or v is not None: bad = "thread call: Python %r, C %r" % (v, rv_c)
    elif kind == "fileno":
        if v != rv_c: bad = "fileno %r, C %r" % (v, rv_c)
    elif kind == "gethostbyname":
        want = [a.get("host") for a in out.get("addresses") or []]
        if v not in want[:1]: bad = "address %r, C %r" % (v, want)
    elif kind == "gethostbyaddr":
        want = (out.get("value") or "").split(" ")
        name = v[0] if isinstance(v, tuple) and v else v   # (name, aliases, addresses)
        if not isinstance(name, str) or name != want[0]: bad = "name %r, C %r" % (v, want)
    elif kind in ("readlink_fd", "listdir_fds"):
        # The table below 900 (the tutor's own sit above), from descriptor 3 on (0-2 are
        # wherever each program's input and output go): the same numbers, each a socket
        # in both or in neither. Inode numbers differ: they are other sockets.
        links = {c[2]["fd"]: c[3].get("value") for c in st.calls if c[1] == "readlink_fd" and not c[3].get("errno")}
        c_table = {fd: (l or "").startswith("socket:[") for fd, l in links.items() if 3 <= fd < 900}
        py_table = {fd: l.startswith("socket:[") for fd, l in (v or {}).items() if 3 <= fd < 900} if isinstance(v, dict) else None
        if c_table != py_table: bad = "descriptor table %r, C %r" % (py_table, c_table)
    elif kind in ("getsockopt", "ioctl_siocgifmtu"):
        want = out.get("value")
        if want is not None and str(v) != str(want) and v != rv_c: bad = "value %r, C %r" % (v, want)
    if bad: mismatch(st.id, st.python, c, py, bad)

# ---- drive the steps in the lesson's order -------------------------------------------
if START_FDS:
    mismatch("(start)", "", {}, {"open": START_FDS}, "python3 started with descriptors besides 0, 1, 2")
pending = {}    # step id -> (step, done)
checked_asleep = set()   # pending steps seen still asleep when the next step started
for st in steps:
    try:
        code, has_value = compile_line(substitute(st.python))
    except SyntaxError as ex:
        mismatch(st.id, st.python, describe_c(st), {"exception": "SyntaxError", "text": str(ex)}, "not valid Python"); continue
    a = actor(st.actor)
    # A blocked step must not have returned on its own before the next step ran. The C run
    # tells only the last step started before the call returned (an upper bound: a step that
    # returned at once may have started in between), so the release may come earlier.
    for pid, (pst, pdone) in list(pending.items()):
        if pid not in checked_asleep:
            checked_asleep.add(pid)
            if pdone["event"].is_set():
                mismatch(pst.id, pst.python, describe_c(pst), describe_py(pdone), "returned on its own before the next step (%s)" % st.id)
                pending.pop(pid)
    done = {"event": threading.Event(), "has_value": has_value}
    a.inbox.put((code, done))
    if st.blocked and st.release is None:
        # Blocked, then returned on its own (a poll timeout): asleep at first, then done.
        if done["event"].wait(0.05):
            mismatch(st.id, st.python, describe_c(st), describe_py(done), "C blocked, Python returned at once")
        elif not asleep_in_kernel(a.tid):
            mismatch(st.id, st.python, describe_c(st), {}, "C blocked, Python's thread is not asleep in the kernel")
        if not done["event"].wait(10):
            mismatch(st.id, st.python, describe_c(st), {"blocked": True}, "C returned on its own, Python did not")
            continue
        compare(st, done)
    elif st.blocked:
        if done["event"].wait(ASLEEP):
            mismatch(st.id, st.python, describe_c(st), describe_py(done), "C blocked, Python returned at once")
            compare(st, done)
        elif not asleep_in_kernel(a.tid):
            mismatch(st.id, st.python, describe_c(st), {}, "C blocked, Python's thread is not asleep in the kernel")
            pending[st.id] = (st, done)
        else:
            pending[st.id] = (st, done)
    else:
        if not done["event"].wait(PROMPT):
            mismatch(st.id, st.python, describe_c(st), {"blocked": True}, "C returned, Python did not return promptly")
            continue
        compare(st, done)
    # The steps this one releases (at the latest) return now; any released earlier return too.
    for pid, (pst, pdone) in list(pending.items()):
        if pst.release != st.id and pid in checked_asleep and pdone["event"].is_set():
            pending.pop(pid)
            compare(pst, pdone)
        elif pst.release == st.id:
            pending.pop(pid)
            if not pdone["event"].wait(RELEASE):
                mismatch(pst.id, pst.python, describe_c(pst), {"blocked": True}, "still blocked after %s released it in C" % st.id)
            else:
                compare(pst, pdone)

for pid, (pst, pdone) in pending.items():
    if pst.release is not None or pst.calls:
        mismatch(pst.id, pst.python, describe_c(pst), {"blocked": True}, "never released")

# Clean up: close the lesson's sockets (that wakes any thread still blocked), then a bounded join.
import socket as _socket
for v in list(namespace.values()):
    if isinstance(v, _socket.socket):
        try: v.close()
        except OSError: pass
for a in actors.values():
    a.inbox.put(None)
for a in actors.values():
    a.join(1.0)

if private_dir is not None:
    import shutil
    shutil.rmtree(private_dir, ignore_errors=True)

for m in mismatches:
    print(json.dumps(m, default=repr))
print(json.dumps({"lesson": LESSON, "steps": len(steps), "mismatches": len(mismatches)}))
sys.stdout.flush()
os._exit(0 if not mismatches else 1)
