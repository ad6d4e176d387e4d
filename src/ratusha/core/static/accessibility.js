/* What WCAG 2.1 asks and the markup alone cannot give:
   - names for the controls that Plone's widgets draw without one (4.1.2): the "remove" cross of
     each choice in a select2 field, and TinyMCE's "more" button on a narrow toolbar (its
     Bulgarian name is an empty string); the names come translated on the script element;
   - a wide table that scrolls sideways on a phone can be scrolled with the keyboard (2.1.1):
     its scrolling box takes the focus, named after the table's heading. */
(function () {
  "use strict";
  var script = document.currentScript;
  var remove = script && script.getAttribute("data-remove");
  var more = script && script.getAttribute("data-more");
  function name(root) {
    if (!remove) { return; }
    root.querySelectorAll(".tox-tbtn[data-mce-name='overflow-button'][aria-label='']").forEach(function (button) {
      button.setAttribute("aria-label", more);
    });
    root.querySelectorAll(".select2-search-choice-close:not([aria-label])").forEach(function (link) {
      var choice = link.parentElement && link.parentElement.textContent.trim();
      link.setAttribute("aria-label", choice ? remove + ": " + choice : remove);
    });
  }
  function scrollable() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) {
        var table = box.querySelector("table");
        var caption = table && table.caption;
        var heading = caption || box.previousElementSibling;
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (heading && heading.textContent.trim()) {
          box.setAttribute("aria-label", heading.textContent.trim().slice(0, 120));
        }
      }
    });
  }
  function start() {
    name(document);
    scrollable();
    new MutationObserver(function () { name(document); })
      .observe(document.body, {childList: true, subtree: true});
    window.addEventListener("resize", scrollable);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
}());
