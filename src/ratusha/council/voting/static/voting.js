/* Ratusha: the voting panel of the live session page. The panel's HTML is refreshed by the
   live page (live.js) whenever its state changes; this script only sends the acts: a vote,
   open/close, a roll-call answer, show-of-hands totals, a new poll, a declaration of a
   conflict of interest. Listeners sit on the document, so a refreshed panel needs nothing. */
(function () {
  "use strict";
  if (window.ratushaVoting || !window.fetch) { return; }
  window.ratushaVoting = true;

  function panel(node) { return node.closest("#ratusha-voting"); }

  function say(root, text) {
    var box = root.querySelector(".ratusha-voting-message");
    if (!box) { return; }
    box.textContent = text || "";
    box.hidden = !text;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      headers: { "Accept": "application/json", "Content-Type": "application/json" },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          throw new Error((data.error && data.error.message) || String(response.status));
        }
        return data;
      });
    });
  }

  function pollUrl(root, button, action) {
    var poll = (button && button.getAttribute("data-poll")) || root.getAttribute("data-poll");
    return root.getAttribute("data-item-url") + "/@polls/" + poll + "/" + action;
  }

  var ACTIONS = {
    vote: function (root, button) {
      return post(root.getAttribute("data-item-url") + "/@vote",
                  { poll: root.getAttribute("data-poll"),
                    choice: button.getAttribute("data-choice") })
        .then(function (data) {
          root.querySelectorAll(".ratusha-vote-button").forEach(function (other) {
            other.setAttribute("aria-pressed", other === button ? "true" : "false");
          });
          return data;
        });
    },
    open: function (root, button) { return post(pollUrl(root, button, "open")); },
    close: function (root, button) { return post(pollUrl(root, button, "close")); },
    record: function (root, button) {
      return post(pollUrl(root, null, "record"), { voter: button.getAttribute("data-voter"),
                                                  choice: button.getAttribute("data-choice") });
    }
  };

  var FORMS = {
    totals: function (root, form) {
      var number = function (name) { return parseInt(form.elements[name].value, 10); };
      return post(pollUrl(root, null, "totals"),
                  { yes: number("yes"), no: number("no"), abstain: number("abstain") });
    },
    create: function (root, form) {
      var body = { kind: form.elements.kind.value, title: form.elements.title.value,
                   text: form.elements.text.value };
      if (form.elements.mode.value) { body.mode = form.elements.mode.value; }
      var options = form.elements.options.value.split("\n").map(function (line) {
        return line.trim();
      }).filter(Boolean);
      if (options.length) { body.options = options; }
      return post(root.getAttribute("data-item-url") + "/@polls", body);
    },
    basis: function (root, form) {
      var body = {};
      ["ground", "act", "number", "date"].forEach(function (name) {
        body[name] = form.elements[name].value;
      });
      return post(root.getAttribute("data-session-url") + "/@remote-basis", body);
    },
    conflict: function (root, form) {
      return post(root.getAttribute("data-item-url") + "/@conflict-of-interest",
                  { text: form.elements.text.value });
    }
  };

  function run(root, control, promise) {
    control.disabled = true;
    promise.then(function () { say(root, ""); }, function (error) { say(root, error.message); })
      .then(function () { control.disabled = false; });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-vote-action]");
    var root = button && panel(button);
    if (!root || button.disabled) { return; }
    var action = ACTIONS[button.getAttribute("data-vote-action")];
    if (!action) { return; }
    event.preventDefault();
    run(root, button, action(root, button));
  });

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-vote-form]");
    var root = form && panel(form);
    if (!root) { return; }
    event.preventDefault();
    var handler = FORMS[form.getAttribute("data-vote-form")];
    var submit = form.querySelector("[type=submit]") || form;
    if (handler) { run(root, submit, handler(root, form)); }
  });
}());
