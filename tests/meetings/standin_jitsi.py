"""A stand-in for Jitsi's external_api.js, served by a local HTTP server that records what the
page gave it (the options of `new JitsiMeetExternalAPI(...)`, commands, dispose)."""

from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
import json
import threading


SCRIPT = r"""
(function () {
  var BASE = "%(base)s";
  function send(kind, data) {
    fetch(BASE + "/record", {method: "POST", mode: "no-cors", keepalive: true,
      body: JSON.stringify({kind: kind, data: data})});
  }
  function Api(domain, options) {
    this.handlers = {};
    this.options = options;
    var frame = document.createElement("iframe");
    frame.title = "Jitsi stand-in";
    frame.srcdoc = "<body style='background:#233;color:#cde;font:16px sans-serif;display:flex;" +
      "align-items:center;justify-content:center;height:90vh'>Jitsi: " + options.roomName + "</body>";
    options.parentNode.appendChild(frame);
    this.frame = frame;
    send("constructed", {domain: domain, roomName: options.roomName, jwt: options.jwt,
      lang: options.lang, configOverwrite: options.configOverwrite, userInfo: options.userInfo,
      parentNode: options.parentNode && options.parentNode.id});
    var self = this;
    window.__jitsi = this;
    setTimeout(function () {
      self.emit("videoConferenceJoined", {roomName: options.roomName});
      self.emit("participantRoleChanged", {id: "me", role: "moderator"});
      self.emit("knockingParticipant", {participant: {id: "knock-1", name: "Гост Гостев"}});
    }, 50);
  }
  Api.prototype.on = function (name, handler) {
    (this.handlers[name] = this.handlers[name] || []).push(handler);
  };
  Api.prototype.emit = function (name, event) {
    (this.handlers[name] || []).forEach(function (handler) { handler(event); });
  };
  Api.prototype.executeCommand = function () {
    var args = Array.prototype.slice.call(arguments);
    send("command", args);
    var self = this;
    if (args[0] === "hangup") { setTimeout(function () { self.emit("readyToClose", {}); }, 20); }
  };
  Api.prototype.dispose = function () { this.frame.remove(); send("dispose", {}); };
  window.JitsiMeetExternalAPI = Api;
}());
"""


class StandIn:
    def __init__(self):
        self.records = []
        self.lock = threading.Lock()
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                if self.path != "/external_api.js":
                    self.send_error(404)
                    return
                body = (SCRIPT % {"base": recorder.base}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/javascript")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                data = json.loads(self.rfile.read(length) or b"{}")
                with recorder.lock:
                    recorder.records.append(data)
                self.send_response(204)
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def script_url(self):
        return f"{self.base}/external_api.js"

    def of(self, kind):
        with self.lock:
            return [r["data"] for r in self.records if r["kind"] == kind]

    def clear(self):
        with self.lock:
            self.records.clear()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
