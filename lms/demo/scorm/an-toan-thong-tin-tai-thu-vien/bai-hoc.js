/* The lesson's pages, its check and its SCORM 1.2 reporting. The LMS defines window.API in this
 * window; a classic LMS puts it in a parent frame, which may be another origin: look there too. */
(function () {
  "use strict";

  var PAGES = ["trang-1", "trang-2", "trang-3", "trang-4"];
  var RESULT = "ket-qua";
  var ANSWERS = { "cau-1": "1", "cau-2": "2", "cau-3": "0", "cau-4": "1" };
  var MASTERY = 70;
  var CORRECT_TEXT = {
    "cau-1": "Câu 1: cụm mật khẩu dài, mỗi hệ thống một mật khẩu.",
    "cau-2": "Câu 2: không bấm liên kết; xác minh và báo người phụ trách.",
    "cau-3": "Câu 3: số điện thoại của bạn đọc là dữ liệu cá nhân, không cung cấp cho người khác.",
    "cau-4": "Câu 4: 3 bản dữ liệu, trên 2 loại thiết bị, 1 bản ở nơi khác.",
  };

  var api = findApi();
  var startedAt = Date.now();
  var finished = false;
  var state = { trang: PAGES[0], tra_loi: {}, da_nop: false };

  function findApi() {
    if (window.API) {
      return window.API;
    }
    var frame = window;
    for (var depth = 0; depth < 10 && frame.parent && frame.parent !== frame; depth++) {
      frame = frame.parent;
      try {
        if (frame.API) {
          return frame.API;
        }
      } catch (error) {
        // Another origin: its API is out of reach; keep climbing.
      }
    }
    try {
      if (window.opener && window.opener.API) {
        return window.opener.API;
      }
    } catch (error) {
      // The opener is another origin.
    }
    return null;
  }

  function get(element) {
    return api ? String(api.LMSGetValue(element)) : "";
  }

  function set(element, value) {
    if (api) {
      api.LMSSetValue(element, String(value));
    }
  }

  function commit() {
    if (api) {
      api.LMSCommit("");
    }
  }

  function sessionTime() {
    var centiseconds = Math.floor((Date.now() - startedAt) / 10);
    var hours = Math.floor(centiseconds / 360000);
    var minutes = Math.floor(centiseconds / 6000) % 60;
    var seconds = Math.floor(centiseconds / 100) % 60;
    function pad(number, width) {
      var text = String(number);
      while (text.length < width) {
        text = "0" + text;
      }
      return text;
    }
    return pad(Math.min(hours, 9999), 4) + ":" + pad(minutes, 2) + ":" + pad(seconds, 2) + "." + pad(centiseconds % 100, 2);
  }

  // Saving ----------------------------------------------------------------------------------

  function save() {
    set("cmi.core.lesson_location", state.trang);
    set("cmi.suspend_data", JSON.stringify(state));
    set("cmi.core.exit", state.da_nop ? "" : "suspend");
    set("cmi.core.session_time", sessionTime());
    commit();
  }

  function finish() {
    if (finished || !api) {
      return;
    }
    finished = true;
    set("cmi.core.exit", state.da_nop ? "" : "suspend");
    set("cmi.core.session_time", sessionTime());
    commit();
    api.LMSFinish("");
  }

  function restore() {
    var saved = null;
    try {
      saved = JSON.parse(get("cmi.suspend_data") || "null");
    } catch (error) {
      saved = null;
    }
    if (saved && typeof saved === "object") {
      state.tra_loi = saved.tra_loi && typeof saved.tra_loi === "object" ? saved.tra_loi : {};
      state.da_nop = saved.da_nop === true;
    }
    var location = get("cmi.core.lesson_location");
    var entry = get("cmi.core.entry");
    if ((entry === "resume" || location) && (PAGES.indexOf(location) >= 0 || location === RESULT)) {
      state.trang = location;
    }
    if (state.trang === RESULT && !state.da_nop) {
      state.trang = PAGES[PAGES.length - 1];
    }
  }

  // Pages -----------------------------------------------------------------------------------

  function show(id, moveFocus) {
    state.trang = id;
    var sections = document.querySelectorAll(".trang");
    for (var i = 0; i < sections.length; i++) {
      sections[i].hidden = sections[i].id !== id;
    }
    var index = PAGES.indexOf(id);
    var onResult = id === RESULT;
    document.getElementById("tien-do").textContent = onResult
      ? "Kết quả bài kiểm tra"
      : "Trang " + (index + 1) + "/" + PAGES.length;
    document.getElementById("truoc").disabled = index === 0;
    document.getElementById("tiep").hidden = onResult || index === PAGES.length - 1;
    document.getElementById("dieu-huong").hidden = onResult;
    if (onResult) {
      showResult();
    }
    if (moveFocus) {
      document.querySelector("#" + id + " h2").focus();
    }
    save();
  }

  function checkAnswers() {
    var form = document.getElementById("kiem-tra");
    for (var name in ANSWERS) {
      var chosen = state.tra_loi[name];
      var inputs = form.elements[name];
      for (var i = 0; i < inputs.length; i++) {
        inputs[i].checked = inputs[i].value === chosen;
      }
    }
  }

  function score() {
    var correct = 0;
    for (var name in ANSWERS) {
      if (state.tra_loi[name] === ANSWERS[name]) {
        correct += 1;
      }
    }
    return Math.round((correct * 100) / Object.keys(ANSWERS).length);
  }

  function showResult() {
    var points = score();
    var passed = points >= MASTERY;
    var line = document.getElementById("diem");
    line.textContent = passed
      ? "Bạn đạt " + points + "/100 điểm. Chúc mừng, bạn đã hoàn thành bài học!"
      : "Bạn được " + points + "/100 điểm, chưa đạt (cần 70 điểm). Hãy xem lại bài học rồi làm lại.";
    line.className = "diem " + (passed ? "dat" : "chua-dat");
    var list = document.getElementById("dap-an");
    list.textContent = "";
    for (var name in ANSWERS) {
      var item = document.createElement("li");
      var right = state.tra_loi[name] === ANSWERS[name];
      item.textContent = (right ? "Đúng. " : "Chưa đúng. Đáp án đúng — ") + CORRECT_TEXT[name];
      list.appendChild(item);
    }
    document.getElementById("lam-lai").hidden = passed;
  }

  function submit(event) {
    event.preventDefault();
    var form = event.target;
    var missing = 0;
    for (var name in ANSWERS) {
      var chosen = form.querySelector('input[name="' + name + '"]:checked');
      if (chosen) {
        state.tra_loi[name] = chosen.value;
      } else {
        missing += 1;
      }
    }
    var error = document.getElementById("loi");
    if (missing) {
      error.textContent = "Bạn còn " + missing + " câu chưa chọn đáp án.";
      return;
    }
    error.textContent = "";
    var points = score();
    state.da_nop = true;
    set("cmi.core.score.min", 0);
    set("cmi.core.score.max", 100);
    set("cmi.core.score.raw", points);
    set("cmi.core.lesson_status", points >= MASTERY ? "passed" : "failed");
    show(RESULT, true);
  }

  function retake() {
    state.tra_loi = {};
    state.da_nop = false;
    set("cmi.core.lesson_status", "incomplete");
    checkAnswers();
    show(PAGES[PAGES.length - 1], true);
  }

  function step(offset) {
    var index = PAGES.indexOf(state.trang) + offset;
    if (index >= 0 && index < PAGES.length) {
      show(PAGES[index], true);
    }
  }

  function start() {
    if (api) {
      api.LMSInitialize("");
      restore();
      var status = get("cmi.core.lesson_status");
      if (status === "" || status === "not attempted") {
        set("cmi.core.lesson_status", "incomplete");
      }
    } else {
      document.getElementById("ngoai-lms").hidden = false;
    }
    document.getElementById("truoc").addEventListener("click", function () {
      step(-1);
    });
    document.getElementById("tiep").addEventListener("click", function () {
      step(1);
    });
    document.getElementById("kiem-tra").addEventListener("submit", submit);
    document.getElementById("lam-lai").addEventListener("click", retake);
    document.getElementById("xem-lai").addEventListener("click", function () {
      show(PAGES[0], true);
    });
    checkAnswers();
    show(state.trang, false);
    window.addEventListener("pagehide", finish);
    window.addEventListener("beforeunload", finish);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
