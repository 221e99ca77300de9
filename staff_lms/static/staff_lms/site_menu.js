// The site header's menu button, on narrow screens: it shows and hides the main menu (the
// element its aria-controls names). Loaded in the page's head, so the page is marked before
// the header is drawn: the stylesheet folds the menu only on marked pages, and without this
// script the button stays hidden (its hidden attribute) and the menu is shown as on a wide
// screen.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("has-site-menu");

  function setUp() {
    var button = document.querySelector(".menu-button[aria-controls]");
    var menu = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) {
      root.classList.remove("has-site-menu");
      return;
    }
    button.hidden = false;
    function isOpen() {
      return button.getAttribute("aria-expanded") === "true";
    }
    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
    }
    button.addEventListener("click", function () {
      setOpen(!isOpen());
    });
    // Escape closes the open menu and gives the focus back to its button.
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && isOpen()) {
        setOpen(false);
        button.focus();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
