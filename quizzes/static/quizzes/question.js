/* The question page's script (quizzes/question.html), a file rather than inline so that the
   Content-Security-Policy can forbid inline scripts. Its messages come translated in the
   form's data-saved-text and data-not-saved-text. */
/* Progressive enhancement: save each change at once, so a lost connection or a closed tab
   loses nothing; and count the time down. Without JavaScript the buttons save instead. */
(function () {
    var form = document.querySelector(".question-form");
    var status = document.querySelector(".autosave-status");
    if (form && window.fetch) {
        // One save at a time: saves sent together could be taken in another order, and an
        // earlier choice kept. A change made while one is on its way is sent after it, as the
        // form then stands.
        var sending = false, again = false;
        var save = function () {
            if (sending) { again = true; return; }
            sending = true;
            again = false;
            var data = new FormData(form);
            data.delete("action");
            var next = function () { sending = false; if (again) { save(); } };
            fetch(form.dataset.autosaveUrl, {method: "POST", body: data, credentials: "same-origin"})
                .then(function (r) { return r.json(); })
                .then(function (body) { status.textContent = body.saved ? form.dataset.savedText : body.error; if (body.submitted) { window.location.reload(); } })
                .catch(function () { status.textContent = form.dataset.notSavedText; })
                .then(next);
        };
        form.addEventListener("change", save);
        var timer;
        form.addEventListener("input", function (e) { if (e.target.tagName === "TEXTAREA") { clearTimeout(timer); timer = setTimeout(save, 1500); } });
    }
    var clock = document.querySelector(".timer");
    if (clock) {
        var left = parseInt(clock.dataset.secondsLeft, 10), out = clock.querySelector("strong");
        var tick = function () {
            if (left <= 0) { window.location.reload(); return; }
            out.textContent = Math.floor(left / 60) + ":" + ("0" + (left % 60)).slice(-2);
            left -= 1;
        };
        tick(); setInterval(tick, 1000);
    }
})();
