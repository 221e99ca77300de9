/* In each page of a SCORM package (scorm.views adds it): the package's window.API (SCORM 1.2)
   and window.API_1484_11 (SCORM 2004) are scorm-again's CrossFrameAPI, which relays every call to
   the lesson page by postMessage. The frame is sandboxed without same-origin rights, so the
   package reaches the LMS only through those calls.

   CrossFrameAPI answers GetValue from its cache, filled by the lesson page's answers as they
   come back; the lesson page also hands the data the run starts from in the frame's name, read
   here into that cache, so that a package reading its suspend data right after LMSInitialize
   resumes where the learner left off. */
(function () {
  "use strict";
  var script = document.currentScript;
  // window.top: the lesson page, also from a frame inside the package's page.
  var api = new window.CrossFrameAPI(script.getAttribute("data-lms-origin"), window.top, { timeout: 15000 });
  try {
    var start = JSON.parse(window.name || "{}");
    Object.keys(start).forEach(function (element) {
      if (start[element] !== null && typeof start[element] !== "object") {
        api._cache.set(element, String(start[element]));
      }
    });
  } catch (error) {
    // A name the package gave its own window: the cache fills from the lesson page's answers.
  }
  window.API = api;
  window.API_1484_11 = api;
})();
