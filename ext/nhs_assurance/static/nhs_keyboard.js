/*
 * nhs_assurance: Furo's drawers and landmarks, for keyboard and screen-reader users
 * (WCAG 2.1.1 Keyboard, 2.4.3 Focus Order, 2.4.11 Focus Not Obscured, 4.1.2 Name, Role, Value).
 *
 * Furo opens its navigation and "On this page" drawers with <label>s for hidden checkboxes
 * (#__navigation, #__toc): a keyboard cannot reach them, a screen reader does not know them
 * as controls. Here each label becomes a real <button> with the same look, which says what it
 * controls (aria-controls) and whether that is open (aria-expanded). The checkboxes stay
 * the single record of what is open, so Furo's own styles still slide the drawers in and out,
 * and a click on the dimmed page (Furo's overlay) still closes them.
 *
 * - Enter or Space on a toggle opens its drawer and moves focus to the drawer's first link:
 *   the open drawer covers the toggle, and focus must never sit where it cannot be seen.
 * - Escape closes an open drawer and puts focus back on the toggle that opened it.
 * - Tab past an open drawer's last link, or Shift+Tab before its first, closes it and puts
 *   focus back on its toggle; focus moving out of it any other way closes it too. So focus
 *   never lands on the page under the overlay, nor jumps to the end of the page.
 * - While a drawer is closed, nhs_accessibility.css hides it (visibility: hidden): its links
 *   leave the Tab order instead of taking focus off-screen.
 *
 * It also names the two <aside> landmarks, which axe requires to differ (landmark-unique), and
 * moves the page's tools ("View this page", the colour-scheme toggle) and "Back to top" into
 * the main landmark, so that no content sits outside every landmark (axe: region).
 */
(function () {
  "use strict";

  var DRAWERS = [
    {
      checkbox: "__navigation",
      drawer: ".sidebar-drawer",
      toggles: "label.nav-overlay-icon",
      id: "nhs-navigation-drawer",
      toggleName: "Navigation",
      landmarkName: "Site navigation",
    },
    {
      checkbox: "__toc",
      drawer: ".toc-drawer",
      toggles: "label.toc-overlay-icon",
      id: "nhs-contents-drawer",
      toggleName: "On this page",
      landmarkName: "On this page",
    },
  ];

  var FOCUSABLE = "a[href], button:not([disabled]), input:not([type=hidden]), [tabindex]";

  function isShown(element) {
    var style = getComputedStyle(element);
    return style.visibility === "visible" && element.getClientRects().length > 0;
  }

  function setUpDrawer(spec) {
    var checkbox = document.getElementById(spec.checkbox);
    var drawer = document.querySelector(spec.drawer);
    if (!checkbox || !drawer) {
      return;
    }
    drawer.id = drawer.id || spec.id;
    drawer.setAttribute("aria-label", spec.landmarkName);
    var toggles = [];
    var opener = null;

    function sync() {
      toggles.forEach(function (toggle) {
        toggle.setAttribute("aria-expanded", String(checkbox.checked));
      });
    }

    function visibleToggle() {
      return toggles.filter(isShown)[0] || null;
    }

    function close(returnFocus) {
      if (!checkbox.checked) {
        return;
      }
      checkbox.checked = false;
      sync();
      var target = opener && isShown(opener) ? opener : visibleToggle();
      if (returnFocus && target) {
        target.focus();
      }
    }

    function focusables() {
      return Array.prototype.filter.call(drawer.querySelectorAll(FOCUSABLE), isShown);
    }

    function open(toggle) {
      checkbox.checked = true;
      sync();
      opener = toggle;
      var first = focusables()[0];
      // The drawer slides in from the side: do not let the browser scroll the page to it.
      if (first) {
        first.focus({ preventScroll: true });
      }
    }

    document.querySelectorAll(spec.toggles).forEach(function (label) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = label.className;
      button.setAttribute("aria-controls", drawer.id);
      button.setAttribute("aria-label", spec.toggleName);
      while (label.firstChild) {
        button.appendChild(label.firstChild);
      }
      label.replaceWith(button);
      button.addEventListener("click", function () {
        if (checkbox.checked) {
          close(true);
        } else {
          open(button);
        }
      });
      toggles.push(button);
    });

    // Furo's overlay is a label for the checkbox: a click on it closes the drawer.
    checkbox.addEventListener("change", function () {
      sync();
      if (!checkbox.checked && drawer.contains(document.activeElement)) {
        var target = opener && isShown(opener) ? opener : visibleToggle();
        if (target) {
          target.focus();
        }
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && checkbox.checked) {
        close(true);
      }
    });
    drawer.addEventListener("keydown", function (event) {
      if (event.key !== "Tab" || !checkbox.checked) {
        return;
      }
      var inside = focusables();
      var edge = event.shiftKey ? inside[0] : inside[inside.length - 1];
      if (document.activeElement === edge) {
        event.preventDefault();
        close(true);
      }
    });
    document.addEventListener("focusin", function (event) {
      if (checkbox.checked && !drawer.contains(event.target)) {
        close(false);
      }
    });
    sync();
  }

  function moveIntoMain() {
    var main = document.querySelector('article[role="main"]');
    if (!main) {
      return;
    }
    // Each goes first in turn: "Back to top" ends up first, then the tools, as Furo has them.
    [".content-icon-container", ".back-to-top"].forEach(function (selector) {
      var element = document.querySelector(selector);
      if (element && !element.closest('[role="main"]')) {
        main.insertBefore(element, main.firstChild);
      }
    });
  }

  function setUp() {
    DRAWERS.forEach(setUpDrawer);
    moveIntoMain();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
