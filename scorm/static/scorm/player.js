/* The SCORM lesson's player (scorm/templates/scorm/scorm_lesson_page.html).

   The run-time API is scorm-again's (Scorm12API / Scorm2004API), here on the lesson page. The
   package plays in a frame sandboxed without same-origin rights; its calls arrive as messages
   (frame.js), and only those from that frame (or frames inside it), from an opaque origin, of
   the SCORM methods, are answered.

   Every commit, LMSFinish / Terminate, and values set (a few seconds after the last) are saved on
   the server, numbered (launch, seq): kept in this browser first (localStorage), sent, and sent
   again until the server has it; the server keeps only what is newer than what it holds, so
   sending twice is harmless. A commit kept here from an earlier visit and never received is sent
   before the package starts again. */
(function () {
  "use strict";

  var root = document.getElementById("scorm-player");
  if (!root) {
    return;
  }
  var config = JSON.parse(document.getElementById("scorm-config").textContent);
  var frame = document.getElementById("scorm-frame").content.querySelector("iframe").cloneNode(true);
  var statusLine = root.querySelector("[data-scorm-status]");
  var is2004 = config.version === "2004";
  var METHODS = is2004
    ? ["Initialize", "Terminate", "GetValue", "SetValue", "Commit", "GetLastError", "GetErrorString", "GetDiagnostic"]
    : ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic"];
  METHODS.push("getFlattenedCMI");
  var SAVING = is2004 ? ["Commit", "Terminate"] : ["LMSCommit", "LMSFinish"];
  var SETTING = is2004 ? "SetValue" : "LMSSetValue";
  var TERMINATE = SAVING[1];
  var started = Date.now();

  function show(state, result) {
    root.setAttribute("data-state", state);
    if (result && result.done) {
      root.setAttribute("data-done", "true");
      var done = document.querySelector("[data-scorm-done]");
      var pending = document.querySelector("[data-scorm-pending]");
      if (done) {
        done.hidden = false;
      }
      if (pending) {
        pending.hidden = true;
      }
    }
    statusLine.textContent = config.messages[state] || "";
  }

  function readKept() {
    try {
      return JSON.parse(window.localStorage.getItem(config.storageKey) || "null");
    } catch (error) {
      return null;
    }
  }

  function isNewer(commit, saved) {
    return !!commit && (commit.launch > saved[0] || (commit.launch === saved[0] && commit.seq > saved[1]));
  }

  var saver = {
    seq: 0,
    latest: null,
    sending: false,
    delay: 1000,
    timer: null,

    record: function (api, terminate) {
      var commit = {
        launch: config.launch,
        seq: ++this.seq,
        package: config.package,
        cmi: api.renderCommitCMI(terminate).cmi,
        elapsed: Math.round((Date.now() - started) / 1000)
      };
      try {
        window.localStorage.setItem(config.storageKey, JSON.stringify(commit));
      } catch (error) {
        // Storage full or refused: the commit is still sent, only not kept across a reload.
      }
      this.latest = commit;
      this.send();
    },

    // onSaved: after the server has it; onFailed: after a failed attempt (the commit is then
    // sent again, later); onRefused: the server will never take it.
    send: function (onSaved, onFailed, onRefused) {
      if (this.sending || !this.latest) {
        return;
      }
      var self = this;
      var commit = this.latest;
      var body = JSON.stringify(commit);
      this.sending = true;
      clearTimeout(this.timer);
      show("saving");
      window
        .fetch(config.commitUrl, {
          method: "POST",
          credentials: "same-origin",
          keepalive: body.length < 60000,
          headers: { "Content-Type": "application/json", "X-CSRFToken": config.csrfToken },
          body: body
        })
        .then(function (response) {
          if (response.ok) {
            return response.json();
          }
          if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
            throw { refused: response.status };
          }
          throw { retry: response.status };
        })
        .then(function (result) {
          self.sending = false;
          self.delay = 1000;
          if (self.latest === commit) {
            self.latest = null;
            var kept = readKept();
            if (kept && kept.launch === commit.launch && kept.seq === commit.seq) {
              window.localStorage.removeItem(config.storageKey);
            }
          }
          show("saved", result);
          if (onSaved) {
            onSaved(result);
          }
          self.send();
        })
        .catch(function (error) {
          self.sending = false;
          if (error && error.refused) {
            if (onRefused) {
              onRefused();
              return;
            }
            show("refused");
            return;
          }
          show("offline");
          self.timer = setTimeout(function () {
            self.send(onSaved);
          }, self.delay);
          self.delay = Math.min(self.delay * 2, 30000);
          if (onFailed) {
            onFailed();
          }
        });
    }
  };

  var playing = false;

  // The package's frame, or a frame inside it (a package whose pages are framesets): a window's
  // frames can be listed across origins. Bounded, whatever the package nests.
  function isPackageWindow(source) {
    var queue = [frame.contentWindow];
    for (var visited = 0; queue.length && visited < 100; visited++) {
      var candidate = queue.shift();
      if (candidate === source) {
        return true;
      }
      for (var i = 0; i < candidate.frames.length; i++) {
        queue.push(candidate.frames[i]);
      }
    }
    return false;
  }

  function play(start) {
    var API = is2004 ? window.Scorm2004API : window.Scorm12API;
    var settings = { autocommit: false, lmsCommitUrl: false, logLevel: 5 };
    var api = new API(settings);
    playing = true;
    try {
      api.loadFromJSON(start, "cmi");
    } catch (error) {
      api = new API(settings);
      api.loadFromJSON(config.cmi, "cmi");
    }
    var settle = null;
    var unsaved = false; // values set since the last commit recorded

    function saveNow(terminate) {
      clearTimeout(settle);
      settle = null;
      unsaved = false;
      saver.record(api, terminate);
    }

    function afterCall(method) {
      if (!config.commitUrl) {
        return;
      }
      if (SAVING.indexOf(method) !== -1) {
        saveNow(method === TERMINATE);
      } else if (method === SETTING) {
        unsaved = true;
        clearTimeout(settle);
        settle = setTimeout(function () {
          saveNow(false);
        }, 3000);
      }
    }

    window.addEventListener("message", function (event) {
      if (event.origin !== config.contentOrigin || !isPackageWindow(event.source)) {
        return;
      }
      var message = event.data;
      if (!message || typeof message.messageId !== "string" || typeof message.method !== "string") {
        return;
      }
      var reply = { messageId: message.messageId };
      if (message.isHeartbeat) {
        reply.isHeartbeat = true;
      } else if (METHODS.indexOf(message.method) === -1) {
        reply.error = { message: "Method not allowed: " + message.method, code: "101" };
      } else {
        var params = (Array.isArray(message.params) ? message.params.slice(0, 2) : []).map(function (param) {
          return typeof param === "string" || typeof param === "number" ? String(param) : "";
        });
        try {
          reply.result = api[message.method].apply(api, params);
        } catch (error) {
          reply.error = { message: String((error && error.message) || error), code: "101" };
        }
        afterCall(message.method);
      }
      event.source.postMessage(reply, "*");
    });

    window.addEventListener("online", function () {
      saver.send();
    });
    window.addEventListener("pagehide", function () {
      if (unsaved && api.isInitialized()) {
        saveNow(false);
      }
    });

    // Named and addressed before it is in the page: a frame's name set afterwards does not reach
    // the package's window (frame.js reads it).
    frame.name = JSON.stringify(api.getFlattenedCMI());
    frame.src = config.contentUrl;
    root.querySelector("[data-scorm-stage]").appendChild(frame);
  }

  if (!config.commitUrl) {
    show("preview");
    play(config.cmi);
    return;
  }
  var kept = readKept();
  if (kept && kept.package !== config.package) {
    // Kept while an earlier version of the package played: the server refuses it.
    window.localStorage.removeItem(config.storageKey);
    kept = null;
  }
  if (isNewer(kept, config.saved)) {
    // A commit of an earlier visit that never reached the server: send it first, then start
    // again from what the server holds; still offline, start from it (and keep sending it).
    saver.latest = kept;
    saver.send(
      function () {
        if (!playing) {
          window.location.reload();
        }
      },
      function () {
        if (!playing) {
          play(kept.cmi);
        }
      },
      function () {
        // Refused for good (the learner left the course, or the run is unknown): start from
        // what the server holds rather than stay stuck on it.
        window.localStorage.removeItem(config.storageKey);
        saver.latest = null;
        if (!playing) {
          play(config.cmi);
        }
      }
    );
    return;
  }
  play(config.cmi);
})();
