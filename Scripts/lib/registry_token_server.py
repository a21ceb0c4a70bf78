#!/usr/bin/env python3
"""Docker registry token server for the registry fixture (Scripts/lib/registry-fixture start --auth token).

Test-only: stdlib http.server, listening on 127.0.0.1 only. Signs RS256 JWTs with DIR/token.key; the JWT header
carries `x5c` (the base64 DER of DIR/token.crt, which is also the registry's `rootcertbundle`) and a libtrust-style
`kid`. Signing uses the `cryptography` module when it is importable, else `openssl dgst -sha256 -sign`
(BERTH_FIXTURE_SIGNER=openssl forces the latter).

Protocol (https://distribution.github.io/distribution/spec/auth/token/):
  GET  /token?service=S&scope=repository:NAME:pull,push[&scope=...][&account=U][&offline_token=true]
       with optional `Authorization: Basic base64(user:password)`.
  POST /token  (OAuth2 form: grant_type=password with username/password, or grant_type=refresh_token with a
       refresh_token this server issued; scope is space-separated, service and client_id as in the spec).
Policy:
  - credentials given and matching --user/--password: every requested action (pull, push, delete, *) is granted,
    on any repository, and `registry:catalog:*`;
  - credentials given but wrong: 401 {"errors":[{"code":"UNAUTHORIZED",...}]};
  - no credentials (anonymous): only `pull` on repositories is granted (other actions are dropped, so the registry
    answers 401 to a push), nothing on `registry:catalog`;
  - no scope: a token with an empty access list (enough for GET /v2/);
  - a `service` other than --service: 400 (a client must echo the challenge's service).
Response: {"token", "access_token", "expires_in", "issued_at"} (+ "refresh_token" for offline_token=true or a
POST). Which token field(s) appear is read from DIR/token-field on every request: `token`, `access_token` or
`both` (default both), so a client test can switch spelling without a restart.
Every request is appended as one JSON line to DIR/token-requests.jsonl (method, user or null, scopes, status),
so a test can count token fetches.
Claims: iss, sub (user, "" when anonymous), aud (= service, a string: distribution 2.8 wants a string), exp
(now + --ttl), nbf (now - 10, so a small clock skew is harmless), iat, jti, access [{type, name, actions}].
Note that distribution allows 60 s of leeway past `exp`.
"""
import argparse
import base64
import hashlib
import http.server
import json
import os
import secrets
import subprocess
import sys
import threading
import time
import urllib.parse

ALL_ACTIONS = ("pull", "push", "delete", "*")


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Signer:
    def __init__(self, key_path, cert_path):
        self.key_path = key_path
        with open(cert_path, "rb") as f:
            pem = f.read()
        self.cert_der = self._pem_to_der(pem)
        spki = subprocess.run(
            ["sh", "-c", 'openssl x509 -in "$1" -pubkey -noout | openssl pkey -pubin -outform DER', "sh", cert_path],
            check=True, capture_output=True).stdout
        self.kid = self._libtrust_kid(spki)
        self._key = None
        if os.environ.get("BERTH_FIXTURE_SIGNER", "") != "openssl":
            try:
                from cryptography.hazmat.primitives import serialization
                with open(key_path, "rb") as f:
                    self._key = serialization.load_pem_private_key(f.read(), password=None)
            except Exception:  # not importable (or unusable): fall back to openssl
                self._key = None
        self.backend = "cryptography" if self._key is not None else "openssl"

    @staticmethod
    def _pem_to_der(pem):
        lines = pem.decode().strip().splitlines()
        body = "".join(l for l in lines if l and not l.startswith("-----"))
        return base64.b64decode(body)

    @staticmethod
    def _libtrust_kid(spki_der):
        # libtrust KeyID: SHA-256 of the DER SubjectPublicKeyInfo, first 240 bits, base32, in groups of 4 joined by ':'.
        b32 = base64.b32encode(hashlib.sha256(spki_der).digest()[:30]).decode().rstrip("=")
        return ":".join(b32[i:i + 4] for i in range(0, len(b32), 4))

    def sign(self, data):
        if self._key is not None:
            from cryptography.hazmat.primitives import hashes
            from cryptography.hazmat.primitives.asymmetric import padding
            return self._key.sign(data, padding.PKCS1v15(), hashes.SHA256())
        return subprocess.run(["openssl", "dgst", "-sha256", "-sign", self.key_path], input=data, check=True,
                              capture_output=True).stdout


class State:
    def __init__(self, args):
        self.args = args
        self.signer = Signer(os.path.join(args.dir, "token.key"), os.path.join(args.dir, "token.crt"))
        self.refresh_tokens = {}
        self.lock = threading.Lock()

    def token_field(self):
        try:
            with open(os.path.join(self.args.dir, "token-field")) as f:
                v = f.read().strip()
        except OSError:
            v = ""
        return v if v in ("token", "access_token", "both") else "both"

    def log_request(self, entry):
        line = json.dumps(entry, sort_keys=True) + "\n"
        with self.lock, open(os.path.join(self.args.dir, "token-requests.jsonl"), "a") as f:
            f.write(line)

    def grant(self, scopes, user):
        access = []
        for scope in scopes:
            # TYPE[(CLASS)]:NAME:ACTIONS, where NAME may itself contain ':' (host:port/repo).
            parts = scope.split(":")
            if len(parts) < 3:
                continue
            rtype, name, actions = parts[0], ":".join(parts[1:-1]), [a for a in parts[-1].split(",") if a]
            rtype_base = rtype.split("(", 1)[0]
            if user is None:
                granted = [a for a in actions if a == "pull"] if rtype_base == "repository" else []
            else:
                granted = [a for a in actions if a in ALL_ACTIONS]
            access.append({"type": rtype, "name": name, "actions": granted})
        return access

    def make_token(self, user, scopes):
        now = int(time.time())
        ttl = self.args.ttl
        header = {"typ": "JWT", "alg": "RS256", "kid": self.signer.kid,
                  "x5c": [base64.b64encode(self.signer.cert_der).decode()]}
        claims = {"iss": self.args.issuer, "sub": user or "", "aud": self.args.service, "exp": now + ttl,
                  "nbf": now - 10, "iat": now, "jti": secrets.token_hex(16), "access": self.grant(scopes, user)}
        signing_input = (b64url(json.dumps(header, separators=(",", ":")).encode()) + "." +
                         b64url(json.dumps(claims, separators=(",", ":")).encode()))
        sig = self.signer.sign(signing_input.encode())
        return signing_input + "." + b64url(sig), now, ttl


def split_scopes(values):
    out = []
    for v in values:
        out.extend(s for s in v.split(" ") if s)
    return out


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "berth-token-fixture/1"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (time.strftime("%Y-%m-%dT%H:%M:%S"), fmt % args))

    def _send(self, status, body, extra_headers=()):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in extra_headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status, code, message, entry):
        entry["status"] = status
        self.server.state.log_request(entry)
        headers = [("WWW-Authenticate", 'Basic realm="berth-token"')] if status == 401 else []
        self._send(status, {"errors": [{"code": code, "message": message, "detail": None}]}, headers)

    def _basic_credentials(self):
        h = self.headers.get("Authorization", "")
        if not h.lower().startswith("basic "):
            return None
        try:
            user, _, password = base64.b64decode(h[6:].strip()).decode().partition(":")
        except Exception:
            return ("", "\0invalid")
        return (user, password)

    def _issue(self, entry, user, scopes, service, offline):
        st = self.server.state
        if service and service != st.args.service:
            return self._error(400, "UNSUPPORTED", "unknown service %r" % service, entry)
        token, now, ttl = st.make_token(user, scopes)
        body = {"expires_in": ttl, "issued_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now))}
        field = st.token_field()
        if field in ("token", "both"):
            body["token"] = token
        if field in ("access_token", "both"):
            body["access_token"] = token
        if offline and user is not None:
            rt = secrets.token_hex(24)
            with st.lock:
                st.refresh_tokens[rt] = user
            body["refresh_token"] = rt
        entry["status"] = 200
        st.log_request(entry)
        self._send(200, body)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        scopes = split_scopes(q.get("scope", []))
        entry = {"method": "GET", "path": url.path, "scopes": scopes, "user": None}
        if url.path == "/healthz":
            return self._send(200, {})
        if url.path != "/token":
            return self._error(404, "NOT_FOUND", "no such endpoint", entry)
        st = self.server.state
        creds = self._basic_credentials()
        user = None
        if creds is not None:
            entry["user"] = creds[0]
            if creds != (st.args.user, st.args.password):
                return self._error(401, "UNAUTHORIZED", "invalid username or password", entry)
            user = creds[0]
        offline = q.get("offline_token", ["false"])[0].lower() == "true"
        self._issue(entry, user, scopes, q.get("service", [""])[0], offline)

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        form = urllib.parse.parse_qs(self.rfile.read(length).decode(errors="replace"), keep_blank_values=True)
        get = lambda k: form.get(k, [""])[0]
        scopes = split_scopes(form.get("scope", []))
        entry = {"method": "POST", "path": url.path, "scopes": scopes, "user": None, "grant_type": get("grant_type")}
        if url.path != "/token":
            return self._error(404, "NOT_FOUND", "no such endpoint", entry)
        st = self.server.state
        grant = get("grant_type")
        if grant == "password":
            entry["user"] = get("username")
            if (get("username"), get("password")) != (st.args.user, st.args.password):
                return self._error(401, "UNAUTHORIZED", "invalid username or password", entry)
            user = get("username")
        elif grant == "refresh_token":
            with st.lock:
                user = st.refresh_tokens.get(get("refresh_token"))
            entry["user"] = user
            if user is None:
                return self._error(401, "UNAUTHORIZED", "invalid refresh token", entry)
        else:
            return self._error(400, "UNSUPPORTED", "unsupported grant_type %r" % grant, entry)
        self._issue(entry, user, scopes, get("service"), grant == "password")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dir", required=True)
    p.add_argument("--port", type=int, default=0, help="0: let the kernel pick")
    p.add_argument("--port-file", help="written (atomically) once listening")
    p.add_argument("--user", default="berth")
    p.add_argument("--password", default="berth-pass")
    p.add_argument("--service", default="berth-registry")
    p.add_argument("--issuer", default="berth-token-issuer")
    p.add_argument("--ttl", type=int, default=300)
    args = p.parse_args()
    state = State(args)
    srv = Server(("127.0.0.1", args.port), Handler)
    srv.state = state
    port = srv.server_address[1]
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.replace(tmp, args.port_file)
    sys.stderr.write("token server on 127.0.0.1:%d (signer: %s, kid %s)\n" % (port, state.signer.backend,
                                                                             state.signer.kid))
    sys.stderr.flush()
    srv.serve_forever()


if __name__ == "__main__":
    main()
