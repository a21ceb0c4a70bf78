"""docker-py 7.1 scenarios against a Docker-compatible engine (run by Tests/interop/docker-py.sh).

Env: DOCKER_HOST (unix://...), BPY_IMAGE (default busybox:latest, must exist), BPY_RUN_ID (makes names and
labels unique), BPY_SCENARIOS (comma-separated names: run only those), BPY_TIMEOUT (seconds per scenario,
default 60). Prints PASS/FAIL per scenario (with the failing request, status and message for API errors) and
exits 1 if any scenario failed. Every container a scenario makes is force-removed when it ends.
"""

import io
import os
import signal
import socket
import sys
import tarfile
import time
import traceback

import docker
import docker.errors
from docker.utils.socket import consume_socket_output, demux_adaptor, frames_iter

IMAGE = os.environ.get("BPY_IMAGE", "busybox:latest")
RUN_ID = os.environ.get("BPY_RUN_ID", str(os.getpid()))
PREFIX = "bpy-%s" % RUN_ID
LABEL = "berth-pytest"
TIMEOUT = int(os.environ.get("BPY_TIMEOUT", "60"))

client = docker.from_env(timeout=30)
api = client.api
SCENARIOS = []
_made = []  # containers of the running scenario, removed after it


def scenario(fn):
    SCENARIOS.append(fn)
    return fn


def name(suffix):
    return "%s-%s" % (PREFIX, suffix)


def track(container):
    _made.append(container.id)
    return container


def create(cmd, suffix, **kw):
    kw.setdefault("labels", {LABEL: RUN_ID})
    return track(client.containers.create(IMAGE, cmd, name=name(suffix), **kw))


def run_detached(cmd, suffix, **kw):
    kw.setdefault("labels", {LABEL: RUN_ID})
    return track(client.containers.run(IMAGE, cmd, name=name(suffix), detach=True, **kw))


def expect_raises(exc_type, fn, *args, **kw):
    try:
        fn(*args, **kw)
    except exc_type as e:
        return e
    raise AssertionError("expected %s from %s" % (exc_type.__name__, getattr(fn, "__name__", fn)))


def eq(actual, expected, what):
    assert actual == expected, "%s: expected %r, got %r" % (what, expected, actual)


# --- scenarios -------------------------------------------------------------------------------------------------

@scenario
def ping_version():
    assert client.ping() is True, "ping() did not return True"
    v = client.version()
    assert v.get("ApiVersion"), "version() has no ApiVersion: %r" % v
    assert float(v["ApiVersion"]) >= 1.24, "ApiVersion %s < 1.24" % v["ApiVersion"]


@scenario
def run_not_detached():
    out = client.containers.run(IMAGE, ["echo", "hi"], name=name("run"), labels={LABEL: RUN_ID}, remove=True)
    eq(out, b"hi\n", "containers.run output")
    expect_raises(docker.errors.NotFound, client.containers.get, name("run"))


@scenario
def run_detached_logs_stream():
    c = run_detached(["sh", "-c", "echo one; sleep 0.5; echo two; sleep 0.5; echo three"], "logs")
    eq(c.status, "created", "status of the Container returned by run(detach=True) (from create)")
    chunks = []
    for line in c.logs(stream=True, follow=True):
        chunks.append(line)
    eq(chunks, [b"one\n", b"two\n", b"three\n"], "logs(stream=True, follow=True) chunks")
    eq(c.wait(timeout=20)["StatusCode"], 0, "exit status")
    eq(c.logs(), b"one\ntwo\nthree\n", "logs() after exit")
    eq(c.logs(tail=1), b"three\n", "logs(tail=1)")


@scenario
def exec_run():
    c = run_detached(["sleep", "1000"], "exec")
    r = c.exec_run(["sh", "-c", "echo out; echo err >&2; exit 3"])
    eq(r.exit_code, 3, "exec_run exit_code")
    assert b"out\n" in r.output and b"err\n" in r.output, "exec_run output %r lacks out/err" % r.output
    r = c.exec_run(["sh", "-c", "echo out; sleep 0.2; echo err >&2"], demux=True)
    eq(r.exit_code, 0, "exec_run(demux=True) exit_code")
    eq(r.output, (b"out\n", b"err\n"), "exec_run(demux=True) output")
    r = c.exec_run(["sh", "-c", "echo a; sleep 0.3; echo b"], stream=True)
    eq(r.exit_code, None, "exec_run(stream=True) exit_code")
    eq(b"".join(r.output), b"a\nb\n", "exec_run(stream=True) output")
    r = c.exec_run(["sh", "-c", "echo so; sleep 0.2; echo se >&2"], stream=True, demux=True)
    got = list(r.output)
    eq(b"".join(o for o, _ in got if o), b"so\n", "exec_run(stream=True, demux=True) stdout")
    eq(b"".join(e for _, e in got if e), b"se\n", "exec_run(stream=True, demux=True) stderr")
    r = c.exec_run(["sh", "-c", "echo $BPY_X; pwd; id -u"], environment={"BPY_X": "x1"}, workdir="/tmp", user="65534")
    eq(r.output, b"x1\n/tmp\n65534\n", "exec_run with environment/workdir/user")


@scenario
def attach_socket():
    c = create(["sh", "-c", "sleep 1; echo attached; echo to-stderr >&2"], "attach")
    sock = c.attach_socket(params={"stdout": 1, "stderr": 1, "stream": 1, "logs": 1})
    try:
        c.start()
        out = consume_socket_output((demux_adaptor(*f) for f in frames_iter(sock, tty=False)), demux=True)
    finally:
        sock.close()
    eq(out, (b"attached\n", b"to-stderr\n"), "attach_socket frames (stdout, stderr)")
    eq(c.wait(timeout=20)["StatusCode"], 0, "exit status")
    # logs=1 on an exited container replays its output over the socket, stdout only when asked so.
    sock = c.attach_socket(params={"stdout": 1, "logs": 1})
    try:
        out = consume_socket_output((demux_adaptor(*f) for f in frames_iter(sock, tty=False)), demux=True)
    finally:
        sock.close()
    eq(out, (b"attached\n", None), "attach_socket(stdout, logs) replay after exit")


@scenario
def put_get_archive():
    c = run_detached(["sleep", "1000"], "archive")
    buf = io.BytesIO()
    data = b"archive-data\n"
    with tarfile.open(fileobj=buf, mode="w") as tar:
        info = tarfile.TarInfo("hello.txt")
        info.size = len(data)
        info.mode = 0o640
        info.mtime = int(time.time())
        tar.addfile(info, io.BytesIO(data))
    eq(c.put_archive("/tmp", buf.getvalue()), True, "put_archive result")
    r = c.exec_run(["sh", "-c", "cat /tmp/hello.txt; stat -c %a /tmp/hello.txt"])
    eq(r.output, data + b"640\n", "file content and mode in the container after put_archive")
    bits, stat = c.get_archive("/tmp/hello.txt")
    eq(stat.get("name"), "hello.txt", "get_archive stat name")
    eq(stat.get("size"), len(data), "get_archive stat size")
    raw = b"".join(bits)
    with tarfile.open(fileobj=io.BytesIO(raw)) as tar:
        member = tar.getmember("hello.txt")
        eq(tar.extractfile(member).read(), data, "get_archive content")
    e = expect_raises(docker.errors.NotFound, c.get_archive, "/no/such/path")
    eq(e.status_code, 404, "get_archive of a missing path")


@scenario
def images_save_load():
    img = client.images.get(IMAGE)
    repo = name("save")
    tag = repo + ":v1"
    assert img.tag(repo, "v1"), "tag() returned False"
    saved = client.images.get(tag)
    eq(saved.id, img.id, "id of the new tag")
    data = b"".join(saved.save(named=True))
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        names = tar.getnames()
    assert "manifest.json" in names, "saved tar has no manifest.json: %r" % names[:20]
    client.images.remove(tag)
    expect_raises(docker.errors.ImageNotFound, client.images.get, tag)
    loaded = client.images.load(data)
    assert loaded, "images.load returned no image"
    assert any(tag in i.tags for i in loaded), "loaded images %r lack %s" % ([i.tags for i in loaded], tag)
    eq(client.images.get(tag).id, img.id, "id of the loaded image")
    client.images.remove(tag)


@scenario
def images_get_list_remove():
    img = client.images.get(IMAGE)
    assert img.id.startswith("sha256:"), "image id %r" % img.id
    assert IMAGE in img.tags, "%s not in tags %r" % (IMAGE, img.tags)
    repo = name("tag")
    tag = repo + ":t1"
    assert img.tag(repo, tag="t1"), "tag() returned False"
    eq(client.images.get(tag).id, img.id, "images.get of the new tag")
    assert any(tag in i.tags for i in client.images.list()), "images.list() lacks %s" % tag
    listed = client.images.list(name=repo)
    eq([i.id for i in listed], [img.id], "images.list(name=repo) ids")
    assert img.history(), "history() is empty"
    client.images.remove(tag)
    expect_raises(docker.errors.ImageNotFound, client.images.get, tag)
    eq(client.images.get(IMAGE).id, img.id, "%s survives the removal of another tag" % IMAGE)


@scenario
def wait_status():
    c = run_detached(["sh", "-c", "exit 5"], "wait")
    r = c.wait(timeout=20)
    eq(r.get("StatusCode"), 5, "wait() StatusCode")
    r = c.wait(timeout=20, condition="not-running")
    eq(r.get("StatusCode"), 5, "wait(condition=not-running) on an exited container")
    c.reload()
    eq(c.status, "exited", "status after exit")
    eq(c.attrs["State"]["ExitCode"], 5, "State.ExitCode")


@scenario
def kill_then_wait():
    c = run_detached(["sleep", "1000"], "kill")
    c.reload()
    eq(c.status, "running", "status before kill")
    c.kill()
    eq(c.wait(timeout=20)["StatusCode"], 137, "wait() StatusCode after kill")
    c.reload()
    eq(c.status, "exited", "status after kill")
    e = expect_raises(docker.errors.APIError, c.kill)
    eq(e.status_code, 409, "kill of a stopped container")


@scenario
def remove_force():
    c = run_detached(["sleep", "1000"], "rmf")
    c.remove(force=True)
    expect_raises(docker.errors.NotFound, client.containers.get, c.id)
    assert c.id not in [x.id for x in client.containers.list(all=True)], "removed container still listed"


@scenario
def remove_running_conflict():
    c = run_detached(["sleep", "1000"], "rm409")
    e = expect_raises(docker.errors.APIError, c.remove)
    eq(e.status_code, 409, "status of removing a running container without force")
    c.reload()
    eq(c.status, "running", "status after the refused removal")
    c.remove(force=True)


@scenario
def events_with_label_filter():
    label = "bpy-ev=%s" % RUN_ID
    since = int(time.time()) - 1
    other = run_detached(["true"], "ev-other")  # unlabelled for this filter: must not show up
    c = run_detached(["true"], "ev", labels={LABEL: RUN_ID, "bpy-ev": RUN_ID})
    eq(c.wait(timeout=20)["StatusCode"], 0, "exit status")
    other.wait(timeout=20)
    c.remove()
    time.sleep(0.2)
    until = int(time.time()) + 1
    seen = list(client.events(decode=True, since=since, until=until, filters={"label": label}))
    ids = {e.get("id") or e.get("Actor", {}).get("ID") for e in seen}
    assert other.id not in ids, "label filter let through the other container's events"
    mine = [e for e in seen if e.get("Actor", {}).get("ID") == c.id]
    actions = [e.get("Action") for e in mine]
    want = ["create", "start", "die", "destroy"]
    it = iter(actions)
    assert all(a in it for a in want), "actions %r lack %r in order" % (actions, want)
    for e in mine:
        eq(e.get("Type"), "container", "event Type")
        eq(e["Actor"]["Attributes"].get("bpy-ev"), RUN_ID, "label in the event attributes")
        eq(e["Actor"]["Attributes"].get("name"), name("ev"), "name in the event attributes")
        assert isinstance(e.get("time"), int) and since <= e["time"] <= until, "event time %r" % e.get("time")
    die = [e for e in mine if e.get("Action") == "die"][0]
    eq(die["Actor"]["Attributes"].get("exitCode"), "0", "die event exitCode")


@scenario
def container_error():
    e = expect_raises(docker.errors.ContainerError, client.containers.run, IMAGE,
                      ["sh", "-c", "echo partial; echo oops >&2; exit 3"], name=name("cerr"),
                      labels={LABEL: RUN_ID})
    _made.append(e.container.id)
    eq(e.exit_status, 3, "ContainerError.exit_status")
    eq(e.stderr, b"oops\n", "ContainerError.stderr")


@scenario
def not_found_errors():
    e = expect_raises(docker.errors.NotFound, client.containers.get, name("missing"))
    eq(e.status_code, 404, "containers.get of a missing container")
    assert "No such container" in str(e.explanation), "message %r" % e.explanation
    e = expect_raises(docker.errors.ImageNotFound, client.images.get, name("missing-image") + ":nope")
    eq(e.status_code, 404, "images.get of a missing image")
    e = expect_raises(docker.errors.NotFound, api.remove_container, name("missing"))
    eq(e.status_code, 404, "remove_container of a missing container")
    e = expect_raises(docker.errors.ImageNotFound, client.images.remove, name("missing-image") + ":nope")
    eq(e.status_code, 404, "images.remove of a missing image")


@scenario
def name_conflict():
    c = create(["true"], "dup")
    e = expect_raises(docker.errors.APIError, client.containers.create, IMAGE, ["true"], name=name("dup"),
                      labels={LABEL: RUN_ID})
    eq(e.status_code, 409, "status of creating a second container with the same name")
    assert c.id in str(e.explanation), "conflict message %r does not name %s" % (e.explanation, c.id)


@scenario
def list_filters():
    a = run_detached(["sleep", "1000"], "list-a", labels={LABEL: RUN_ID, "bpy-list": "a"})
    b = create(["true"], "list-b", labels={LABEL: RUN_ID, "bpy-list": "b"})
    running = {x.id for x in client.containers.list(filters={"label": "bpy-list"})}
    eq(running, {a.id}, "list(filters=label) running only")
    both = {x.id for x in client.containers.list(all=True, filters={"label": "bpy-list"})}
    eq(both, {a.id, b.id}, "list(all=True, filters=label)")
    byname = [x.name for x in client.containers.list(all=True, filters={"name": name("list-b")})]
    eq(byname, [name("list-b")], "list(all=True, filters=name)")
    eq(client.containers.get(name("list-a")).id, a.id, "get by name")
    eq(client.containers.get(a.id[:12]).id, a.id, "get by short id")


@scenario
def stop_restart_top():
    c = run_detached(["sleep", "1000"], "stop")
    procs = c.top()
    assert any("sleep" in " ".join(p) for p in procs.get("Processes") or []), "top() lacks sleep: %r" % procs
    t0 = time.time()
    c.stop(timeout=1)
    took = time.time() - t0
    c.reload()
    eq(c.status, "exited", "status after stop")
    eq(c.attrs["State"]["ExitCode"], 137, "ExitCode of sleep (ignores TERM as pid 1) after stop(timeout=1)")
    assert took < 15, "stop(timeout=1) took %.1fs" % took
    c.restart(timeout=1)
    c.reload()
    eq(c.status, "running", "status after restart")
    c.rename(name("stop-renamed"))
    eq(client.containers.get(name("stop-renamed")).id, c.id, "get by the new name")
    expect_raises(docker.errors.NotFound, client.containers.get, name("stop"))


@scenario
def attach_no_stream_after_exit():
    # docker-py's test_attach_no_stream: the replay must not share the read that brings the 101 header.
    c = run_detached(["echo", "hello"], "attach-ns")
    eq(c.wait(timeout=20)["StatusCode"], 0, "exit status")
    eq(c.attach(stream=False, logs=True), b"hello\n", "attach(stream=False, logs=True) on an exited container")


@scenario
def tty_run_and_exec():
    c = run_detached(["sh", "-c", "echo tty-out; sleep 1000"], "tty", tty=True)
    deadline = time.time() + 10
    while b"tty-out" not in c.logs() and time.time() < deadline:
        time.sleep(0.1)
    eq(c.logs(), b"tty-out\r\n", "logs of a tty container (raw, CRLF)")
    r = c.exec_run(["sh", "-c", "echo e1; echo e2 >&2; exit 4"], tty=True)
    eq(r.exit_code, 4, "exec_run(tty=True) exit_code")
    eq(r.output, b"e1\r\ne2\r\n", "exec_run(tty=True) output (raw, CRLF)")


@scenario
def exec_detached_inspect():
    c = run_detached(["sleep", "1000"], "exec-d")
    ex = api.exec_create(c.id, ["sh", "-c", "sleep 0.3; exit 6"])
    body = api.exec_start(ex["Id"], detach=True)
    assert body in (b"", ""), "exec_start(detach=True) answered %r, expected an empty body" % body
    deadline = time.time() + 10
    info = api.exec_inspect(ex["Id"])
    while info["Running"] and time.time() < deadline:
        time.sleep(0.1)
        info = api.exec_inspect(ex["Id"])
    eq((info["Running"], info["ExitCode"]), (False, 6), "exec_inspect (Running, ExitCode) after the exec ended")
    eq(info.get("ContainerID"), c.id, "exec_inspect ContainerID")


@scenario
def image_import_and_container_prune():
    repo = name("import")
    img = client.images.get(IMAGE)
    data = b"".join(img.save())
    # import_image_from_data takes a rootfs tarball: build a one-file one.
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        info = tarfile.TarInfo("imported.txt")
        content = b"imported\n"
        info.size = len(content)
        tar.addfile(info, io.BytesIO(content))
    out = api.import_image_from_data(buf.getvalue(), repository=repo, tag="v1")
    assert "sha256:" in str(out), "import answer %r has no image id" % out
    new = client.images.get(repo + ":v1")
    assert new.id != img.id, "imported image has the id of %s" % IMAGE
    client.images.remove(repo + ":v1")
    assert data, "save() of %s was empty" % IMAGE
    pl = "bpy-prune=%s" % RUN_ID
    keep = run_detached(["sleep", "1000"], "prune-keep", labels={LABEL: RUN_ID, "bpy-prune": RUN_ID})
    gone = run_detached(["true"], "prune-gone", labels={LABEL: RUN_ID, "bpy-prune": RUN_ID})
    gone.wait(timeout=20)
    res = client.containers.prune(filters={"label": pl})
    eq(res.get("ContainersDeleted"), [gone.id], "containers.prune(filters=label) ContainersDeleted")
    expect_raises(docker.errors.NotFound, client.containers.get, gone.id)
    keep.reload()
    eq(keep.status, "running", "running container survives prune")


@scenario
def stdin_over_sockets():
    # attach with stdin (StdinOnce: docker-py sets it with stdin_open): the client's half-close reaches cat.
    c = create(["cat"], "stdin", stdin_open=True)
    eq(c.attrs["Config"]["StdinOnce"], True, "Config.StdinOnce")
    sock = c.attach_socket(params={"stdin": 1, "stdout": 1, "stream": 1})
    try:
        c.start()
        sock._sock.sendall(b"hello-stdin\n")
        sock._sock.shutdown(socket.SHUT_WR)
        out = b"".join(d for _, d in frames_iter(sock, tty=False))
    finally:
        sock.close()
    eq(out, b"hello-stdin\n", "cat's output over the attach socket")
    eq(c.wait(timeout=20)["StatusCode"], 0, "exit status of cat after stdin EOF")
    # exec with stdin over exec_start(socket=True)
    d = run_detached(["sleep", "1000"], "stdin-exec")
    ex = api.exec_create(d.id, ["cat"], stdin=True)
    sock = api.exec_start(ex["Id"], socket=True)
    try:
        sock._sock.sendall(b"exec-in\n")
        sock._sock.shutdown(socket.SHUT_WR)
        out = b"".join(d for _, d in frames_iter(sock, tty=False))
    finally:
        sock.close()
    eq(out, b"exec-in\n", "exec cat's output over the socket")
    info = api.exec_inspect(ex["Id"])
    eq((info["Running"], info["ExitCode"]), (False, 0), "exec_inspect right after the stream closed")


@scenario
def start_missing_executable():
    # dockerd: 400 "... exec: \"/nonexistent\": stat /nonexistent: no such file or directory", exit code 127.
    c = create(["/nonexistent"], "noexec")
    e = expect_raises(docker.errors.APIError, c.start)
    assert "no such file or directory" in str(e.explanation), "message %r" % e.explanation
    c.reload()
    eq(c.attrs["State"]["ExitCode"], 127, "State.ExitCode after the failed start")
    eq(e.status_code, 400, "status of starting a container whose executable is missing (dockerd: 400)")


@scenario
def networks_and_volumes():
    """A user network where a client reaches a server by name, a published port read from the host's loopback,
    connect/disconnect, in-use refusal, and a named volume that outlives its container."""
    import socket, urllib.request
    net = client.networks.create(name("net"), driver="bridge", labels={LABEL: RUN_ID})
    try:
        eq(client.networks.get(net.id).attrs["Driver"], "bridge", "driver of the new network")
        server = run_detached(["sh", "-c", "while true; do echo PONG | nc -l -p 6379; done"], "kv", network=net.name)
        out = b""
        for _ in range(10):
            out = client.containers.run(IMAGE, ["sh", "-c", "echo PING | nc -w 2 %s 6379" % name("kv")], network=net.name, remove=True)
            if out == b"PONG\n":
                break
            time.sleep(0.2)
        eq(out, b"PONG\n", "answer of the server, reached by its name")
        net.reload()
        eq(list(net.attrs["Containers"].keys()), [server.id], "containers of the network")
        e = expect_raises(docker.errors.APIError, net.remove)
        eq(e.status_code, 403, "status of removing a network with an active endpoint")
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        web = run_detached(["sh", "-c", "mkdir -p /w && echo web-ok > /w/index.html && httpd -f -p 80 -h /w"], "web",
                           ports={"80/tcp": ("127.0.0.1", port)})
        web.reload()
        eq(web.attrs["NetworkSettings"]["Ports"]["80/tcp"], [{"HostIp": "127.0.0.1", "HostPort": str(port)}], "Ports of the web container")
        body = b""
        for _ in range(20):
            try:
                body = urllib.request.urlopen("http://127.0.0.1:%d/" % port, timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        eq(body, b"web-ok\n", "page served through the published port")
        net.connect(web, aliases=["frontend"])
        web.reload()
        assert net.name in web.attrs["NetworkSettings"]["Networks"], "connected network in inspect"
        net.disconnect(web)
        server.remove(force=True)
        _made.remove(server.id)
    finally:
        net.remove()
    vol = client.volumes.create(name("data"), labels={LABEL: RUN_ID})
    try:
        client.containers.run(IMAGE, ["sh", "-c", "echo row1 > /var/lib/mysql/t"], volumes={vol.name: {"bind": "/var/lib/mysql", "mode": "rw"}}, remove=True)
        eq(client.containers.run(IMAGE, ["cat", "/var/lib/mysql/t"], volumes={vol.name: {"bind": "/var/lib/mysql", "mode": "ro"}}, remove=True),
           b"row1\n", "data read back from the named volume by a new container")
    finally:
        vol.remove()


# --- runner ----------------------------------------------------------------------------------------------------

@scenario
def registry_login_push_pull():
    """login (right and wrong password), push with auth_config, remove, pull back: the same image id and the
    pushed digest in RepoDigests. The registry is the basic-auth fixture docker-py.sh starts."""
    registry = os.environ.get("BPY_REGISTRY", "")
    if not registry:
        raise AssertionError("BPY_REGISTRY is not set: docker-py.sh starts the registry this scenario needs")
    auth = {"username": os.environ.get("BPY_REGISTRY_USER", "berth"), "password": os.environ.get("BPY_REGISTRY_PASSWORD", "berth-pass")}
    e = expect_raises(docker.errors.APIError, client.login, username=auth["username"], password="wrong",
                      registry=registry, reauth=True)
    eq(e.status_code, 401, "status of a login with a wrong password")
    answer = client.login(username=auth["username"], password=auth["password"], registry=registry, reauth=True)
    eq(answer.get("Status"), "Login Succeeded", "login answer")
    repo = "%s/bpy/%s" % (registry, name("pushed"))
    image = client.images.get(IMAGE)
    image.tag(repo, "p1")
    messages = list(client.images.push(repo, "p1", stream=True, decode=True, auth_config=auth))
    eq([m for m in messages if "error" in m], [], "errors in the push stream")
    digests = [m["aux"]["Digest"] for m in messages if isinstance(m.get("aux"), dict) and "Digest" in m["aux"]]
    eq(len(digests), 1, "aux digests in the push stream")
    client.images.remove("%s:p1" % repo)
    expect_raises(docker.errors.ImageNotFound, client.images.get, "%s:p1" % repo)
    pulled = client.images.pull(repo, tag="p1", auth_config=auth)
    eq(pulled.id, image.id, "id of the pulled image")
    eq("%s@%s" % (repo, digests[0]) in pulled.attrs["RepoDigests"], True, "pushed digest in RepoDigests")
    client.images.remove("%s:p1" % repo)


def describe(exc):
    if isinstance(exc, docker.errors.APIError) and exc.response is not None:
        req = exc.response.request
        return "%s: %s %s -> %s %r" % (type(exc).__name__, req.method, req.url, exc.response.status_code,
                                      exc.explanation)
    return "%s: %s" % (type(exc).__name__, exc)


class ScenarioTimeout(Exception):
    pass


def _alarm(signum, frame):
    raise ScenarioTimeout("scenario took longer than %ds" % TIMEOUT)


def main():
    only = [s for s in os.environ.get("BPY_SCENARIOS", "").split(",") if s]
    signal.signal(signal.SIGALRM, _alarm)
    results = []
    for fn in SCENARIOS:
        if only and fn.__name__ not in only:
            continue
        del _made[:]
        t0 = time.time()
        signal.alarm(TIMEOUT)
        try:
            fn()
            err = None
        except BaseException as e:  # noqa: B902 - report everything, including the timeout
            if isinstance(e, KeyboardInterrupt):
                raise
            err = e
            tb = traceback.format_exc()
        finally:
            signal.alarm(0)
        for cid in _made:
            try:
                api.remove_container(cid, force=True)
            except docker.errors.NotFound:
                pass
            except Exception as e:
                print("  cleanup of %s failed: %s" % (cid[:12], describe(e)))
        ms = (time.time() - t0) * 1000
        if err is None:
            print("PASS %s (%.0f ms)" % (fn.__name__, ms))
            results.append(True)
        else:
            print("FAIL %s (%.0f ms): %s" % (fn.__name__, ms, describe(err)))
            print("  " + tb.rstrip().replace("\n", "\n  "))
            results.append(False)
    failed = results.count(False)
    print("%d passed, %d failed" % (results.count(True), failed))
    return 1 if failed or not results else 0


if __name__ == "__main__":
    sys.exit(main())
