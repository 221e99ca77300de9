// Studying offline on a phone (staff_lms/offline.py): registers the service worker (/sw.js), tells
// it who is signed in, saves a course for offline study ("Download for offline study"), keeps the
// "Mark as done" clicks made without a connection in a queue on the phone (IndexedDB) and sends
// them, in order and once each, when the connection returns; logging out deletes the kept pages
// and this account's queue.
// Without a service worker or IndexedDB the page stays as the server sent it: plain forms.
(function () {
  "use strict";
  var data = document.getElementById("lms-offline");
  if (!data || !("serviceWorker" in navigator) || !window.indexedDB || !window.caches) return;
  var config = JSON.parse(data.textContent);
  var texts = config.texts;
  var root = document.documentElement;
  var DB_NAME = "lms-offline";
  var STORE = "queue";
  // How long logging out waits for the server to take the queue, then for the phone to delete.
  var SEND_WAIT_MS = 10000;
  var CLEAR_WAIT_MS = 3000;

  function format(text, value) {
    return text.replace("%s", value);
  }

  // The queue ------------------------------------------------------------------------------------

  var database = null;

  function openDatabase() {
    if (database) return Promise.resolve(database);
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { autoIncrement: true });
      };
      request.onsuccess = function () {
        database = request.result;
        // A newer page script upgrading the database in another tab: let it.
        database.onversionchange = function () {
          database.close();
          database = null;
        };
        resolve(database);
      };
      request.onerror = function () {
        reject(request.error);
      };
    });
  }

  function transact(mode, work) {
    return openDatabase().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var result = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () {
          resolve(result && "value" in result ? result.value : undefined);
        };
        transaction.onerror = transaction.onabort = function () {
          reject(transaction.error);
        };
      });
    });
  }

  // This account's clicks, oldest first: [{key, item}]. Nobody signed in has none. Other
  // accounts' clicks stay until that account signs in again on this phone.
  function queued() {
    if (!config.user) return Promise.resolve([]);
    return transact("readonly", function (store) {
      var found = { value: [] };
      store.openCursor().onsuccess = function (event) {
        var cursor = event.target.result;
        if (!cursor) return;
        if (cursor.value.owner === config.user) found.value.push({ key: cursor.key, item: cursor.value });
        cursor.continue();
      };
      return found;
    });
  }

  function enqueue(item) {
    return transact("readwrite", function (store) {
      store.add(item);
    });
  }

  function dequeue(key) {
    return transact("readwrite", function (store) {
      store.delete(key);
    });
  }

  // Sending: one page at a time (a lock across tabs where the browser has one), oldest first,
  // each removed from the queue once the server has recorded it; the first that cannot be sent
  // stops the round, so the order holds. The server records a lesson once however often it is
  // sent (a page closed between its answer and the removal sends it again, harmlessly).
  var sending = null;

  function send() {
    if (!sending) {
      var round = function () {
        return sendQueued();
      };
      sending = (navigator.locks ? navigator.locks.request("lms-offline-queue", round) : round()).then(
        function (result) {
          sending = null;
          return showQueue().then(function () {
            return result;
          });
        },
        function (error) {
          sending = null;
          throw error;
        },
      );
    }
    return sending;
  }

  function sendQueued() {
    return queued().then(function (entries) {
      if (!entries.length) return { status: "sent", sent: [] };
      // A token of the session as it is now: one kept in a page from hours ago may be stale.
      return fetch(config.state, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          return response.json();
        })
        .then(
          function (state) {
            if (state.user !== config.user) return { status: "login", sent: [] };
            return sendEach(entries, state.csrfToken, []);
          },
          function () {
            return { status: "offline", sent: [] };
          },
        );
    });
  }

  function sendEach(entries, token, sent) {
    if (!entries.length) return Promise.resolve({ status: "sent", sent: sent });
    var entry = entries[0];
    var body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    return fetch(entry.item.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual",
      headers: { Accept: "application/json", "X-CSRFToken": token },
    }).then(
      function (response) {
        // Signed out meanwhile (sent to the login page) or refused for the token: kept for later.
        if (response.type === "opaqueredirect" || response.status === 403) return { status: "login", sent: sent };
        if (response.status >= 500) return { status: "offline", sent: sent };
        return response
          .json()
          .catch(function () {
            return {};
          })
          .then(function (answer) {
            // A lesson unpublished meanwhile (404) or refused (400) is dropped, and said so.
            if (answer.error || !response.ok) tell(format(texts.refused, answer.error || response.status));
            return dequeue(entry.key).then(function () {
              sent.push({ item: entry.item, answer: answer });
              return sendEach(entries.slice(1), token, sent);
            });
          });
      },
      function () {
        return { status: "offline", sent: sent };
      },
    );
  }

  // What the page shows --------------------------------------------------------------------------

  var notice = null;

  function tell(text) {
    if (!notice) {
      notice = document.createElement("p");
      notice.className = "message message--info offline-notice";
      notice.setAttribute("role", "status");
      var lms = document.querySelector(".lms") || document.body;
      lms.insertBefore(notice, lms.firstChild);
    }
    notice.textContent = text;
  }

  function showConnection() {
    if (!navigator.onLine && config.user) tell(texts.offline);
    else if (notice && notice.textContent === texts.offline) notice.textContent = "";
  }

  // The progress shown is the server's; the lessons waiting to sync are a second, lighter part
  // of the bar and a line of their own, never counted as done.
  function showQueue() {
    return queued().then(function (entries) {
      root.dataset.offlinePending = String(entries.length);
      var waiting = {};
      entries.forEach(function (entry) {
        waiting[entry.item.lesson] = entry.item.course;
      });
      document.querySelectorAll("form[data-offline-queue]").forEach(function (form) {
        if (!(form.dataset.offlineQueue in waiting)) return;
        var mark = document.createElement("p");
        mark.className = "sync-mark";
        mark.dataset.offlineWaiting = "";
        mark.textContent = texts.queued;
        form.replaceWith(mark);
      });
      document.querySelectorAll("li[data-lesson]").forEach(function (item) {
        if (!(item.dataset.lesson in waiting) || item.classList.contains("done")) return;
        if (item.querySelector("[data-offline-waiting]")) return;
        var mark = document.createElement("span");
        mark.className = "sync-mark";
        mark.dataset.offlineWaiting = "";
        mark.textContent = texts.queuedShort;
        item.appendChild(document.createTextNode(" "));
        item.appendChild(mark);
      });
      document.querySelectorAll(".progress[data-course]").forEach(function (progress) {
        var pending = 0;
        Object.keys(waiting).forEach(function (lesson) {
          var listed = document.querySelector("li[data-lesson='" + lesson + "']");
          if (String(waiting[lesson]) === progress.dataset.course && !(listed && listed.classList.contains("done"))) {
            pending += 1;
          }
        });
        var total = Number(progress.dataset.total) || 0;
        var done = Number(progress.dataset.done) || 0;
        pending = Math.max(0, Math.min(pending, total - done));
        var bar = progress.querySelector(".progress__bar");
        var part = bar.querySelector(".progress__pending");
        var line = progress.querySelector(".progress__sync");
        if (!pending) {
          if (part) part.remove();
          if (line) line.remove();
          return;
        }
        if (!part) {
          part = document.createElement("span");
          part.className = "progress__pending";
          bar.appendChild(part);
        }
        part.style.left = (100 * done) / total + "%";
        part.style.width = (100 * pending) / total + "%";
        if (!line) {
          line = document.createElement("span");
          line.className = "progress__sync";
          progress.appendChild(line);
        }
        line.textContent = format(texts.pending, pending);
      });
    });
  }

  // "Mark as done" -------------------------------------------------------------------------------

  function nextPage() {
    var next = document.querySelector(".pager a[rel=next]") || document.querySelector(".pager a:last-child");
    return next ? next.href : window.location.href;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("form[data-offline-queue]")) {
      event.preventDefault();
      var item = {
        owner: config.user,
        lesson: Number(form.dataset.offlineQueue),
        course: Number(form.dataset.course),
        action: form.action,
        at: new Date().toISOString(),
      };
      var next = nextPage();
      // Every click goes through the queue, so that one made online waits for those before it.
      enqueue(item)
        .then(send)
        .then(function (result) {
          var mine = result.sent.filter(function (entry) {
            return entry.item.lesson === item.lesson;
          })[0];
          if (result.status === "login") {
            tell(texts.logInAgain);
            return showQueue();
          }
          window.location.assign(mine && mine.answer.next ? mine.answer.next : next);
        })
        .catch(function () {
          // No queue on this phone (storage refused): the plain form, as without JavaScript.
          form.submit();
        });
      return;
    }
    if (form.matches("[data-offline-logout], form[action$='/logout/']")) {
      logOut(event, form);
      return;
    }
    // Any other form (a quiz answer) needs the server: offline, nothing leaves the page.
    if ((form.getAttribute("method") || "").toLowerCase() === "post" && !navigator.onLine) {
      event.preventDefault();
      tell(texts.notSent);
    }
  });

  // Logging out ----------------------------------------------------------------------------------

  // Each step is tried even when one before it failed; the promise settles once all have.
  function forgetAll(entries) {
    var steps = [
      tellWorker({ type: "forget" }),
      Promise.all(
        entries.map(function (entry) {
          return dequeue(entry.key);
        }),
      ),
      caches.keys().then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name.indexOf(config.caches.private) === 0 || name === config.caches.meta;
            })
            .map(function (name) {
              return caches.delete(name);
            }),
        );
      }),
    ];
    return Promise.all(
      steps.map(function (step) {
        return step.catch(function () {});
      }),
    );
  }

  // At most `ms` milliseconds of `promise`, which may never settle (a worker that does not
  // answer); its failure counts as settling.
  function within(promise, ms) {
    return Promise.race([
      Promise.resolve(promise).catch(function () {}),
      new Promise(function (resolve) {
        setTimeout(resolve, ms);
      }),
    ]);
  }

  // A failure or a silence while sending or deleting never stops the logout: the worker deletes
  // the kept pages again when it sees the logout form sent.
  function logOut(event, form) {
    if (form.dataset.offlineForgotten) return;
    event.preventDefault();
    within(navigator.onLine ? send() : null, SEND_WAIT_MS)
      .then(function () {
        return within(queued(), CLEAR_WAIT_MS);
      })
      .then(function (entries) {
        entries = entries || [];
        if (entries.length && !window.confirm(format(texts.logoutLoses, entries.length))) return;
        return within(forgetAll(entries), CLEAR_WAIT_MS).then(function () {
          form.dataset.offlineForgotten = "true";
          form.submit();
        });
      });
  }

  // Saving a course ------------------------------------------------------------------------------

  function fetchKept(url, headers) {
    return fetch(url, { credentials: "same-origin", headers: headers || {} });
  }

  function download(box) {
    var status = box.querySelector("[role=status]");
    var button = box.querySelector("button");
    button.disabled = true;
    status.textContent = texts.downloading;
    var headers = {};
    headers[config.downloadHeader] = "1";
    var pages = [window.location.pathname].concat(
      Array.prototype.map.call(document.querySelectorAll(".lesson-list li[data-lesson] a[href]"), function (link) {
        return link.getAttribute("href");
      }),
    );
    var kept = 0;
    return Promise.all(
      pages.map(function (url, index) {
        return fetchKept(url, headers).then(function (response) {
          if (!response.ok || !response.headers.get(config.header)) return null;
          if (index > 0) kept += 1;
          return response.text().then(function (html) {
            // The images and documents the lesson offers are kept with it.
            var page = new DOMParser().parseFromString(html, "text/html");
            var assets = [];
            page.querySelectorAll(".lesson__body img[src], .lesson img[src], .course img[src]").forEach(function (image) {
              assets.push(image.getAttribute("src"));
            });
            if (config.documentsPrefix) {
              page.querySelectorAll("a[href^='" + config.documentsPrefix + "']").forEach(function (link) {
                assets.push(link.getAttribute("href"));
              });
            }
            return Promise.all(
              assets.map(function (asset) {
                return fetchKept(asset);
              }),
            );
          });
        });
      }),
    ).then(
      function () {
        status.textContent = format(texts.downloaded, kept);
        box.dataset.offlineSaved = String(kept);
        button.disabled = false;
      },
      function () {
        status.textContent = texts.downloadFailed;
        button.disabled = false;
      },
    );
  }

  // The service worker ---------------------------------------------------------------------------

  // Resolves once the worker has done what it was told; at once when no worker is installed
  // (a browser that refused it), so that logging out never waits for one.
  function tellWorker(message) {
    return navigator.serviceWorker.getRegistration().then(function (registration) {
      if (!registration || !registration.active) return;
      return new Promise(function (resolve) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function () {
          resolve();
        };
        registration.active.postMessage(message, [channel.port2]);
      });
    });
  }

  // Pages fetched to be kept must go through the worker. A page opened while the worker was
  // still installing is not its own yet: told who is signed in, the worker takes over every page
  // (clients.claim), and this one hears of it here.
  var controlled = new Promise(function (resolve) {
    if (navigator.serviceWorker.controller) resolve();
    navigator.serviceWorker.addEventListener("controllerchange", function () {
      resolve();
    });
  });

  var ready = navigator.serviceWorker
    .register(config.worker, { scope: "/" })
    .then(function () {
      return navigator.serviceWorker.ready;
    })
    .then(function () {
      return tellWorker({ type: "user", key: config.user });
    })
    .then(function () {
      return controlled;
    })
    .then(function () {
      root.dataset.offlineReady = "true";
    });

  document.querySelectorAll("[data-offline-download]").forEach(function (box) {
    box.hidden = false;
    box.querySelector("button").addEventListener("click", function () {
      ready.then(function () {
        download(box);
      });
    });
  });

  function sendIfOnline() {
    if (!navigator.onLine || !config.user) return;
    send().then(function (result) {
      if (result.status === "login") tell(texts.logInAgain);
      // What the server now says replaces what this page showed.
      else if (result.sent.length && document.querySelector(".progress[data-course]")) window.location.reload();
    });
  }

  window.addEventListener("online", function () {
    showConnection();
    sendIfOnline();
  });
  window.addEventListener("offline", showConnection);
  showConnection();
  showQueue().then(sendIfOnline);
})();
