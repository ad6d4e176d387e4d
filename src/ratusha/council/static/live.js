/* Ratusha: the live session page. Polls GET @live-state (ETag / If-None-Match, 304 when
   nothing changed) and puts the fresh HTML of each section whose state changed in place; no
   reloads. Buttons of the chair and staff (and the councillors' own check-in) post to the
   REST API and poll at once. Sections of other features listen to `ratusha:live-state`. */
(function () {
  "use strict";
  var root = document.getElementById("ratusha-live");
  if (!root || !window.fetch) { return; }
  var stateUrl = root.getAttribute("data-state-url");
  var sessionUrl = root.getAttribute("data-session-url");
  var me = root.getAttribute("data-user");
  var every = parseInt(root.getAttribute("data-interval") || "1000", 10);
  var texts = JSON.parse(root.getAttribute("data-texts") || "{}");
  var message = document.getElementById("live-message");
  var badge = document.getElementById("session-state");
  var compliance = document.getElementById("live-compliance");
  var etag = root.getAttribute("data-etag");
  var seen = {};
  var busy = false;
  Array.prototype.forEach.call(root.querySelectorAll("[data-live-section]"), function (section) {
    try {
      seen[section.getAttribute("data-live-section")] =
        JSON.stringify(JSON.parse(section.getAttribute("data-live-state")));
    } catch (e) { /* rendered without a state: the first poll fills it */ }
  });

  function busyWith(body) {
    /* someone is typing in the section: its new HTML waits for the next poll */
    var active = document.activeElement;
    return active && body.contains(active) && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName);
  }

  function replace(body, html) {
    var details = body.querySelectorAll("details");
    var open = [];
    Array.prototype.forEach.call(details, function (item, index) {
      if (item.open) { open.push(item.id ? "#" + item.id : index); }
    });
    body.innerHTML = html;
    var fresh = body.querySelectorAll("details");
    open.forEach(function (key) {
      var item = typeof key === "string" ? body.querySelector(key) : fresh[key];
      if (item) { item.open = true; }
    });
  }

  function say(text) {
    message.textContent = text || "";
    message.hidden = !text;
  }

  function showCompliance(warnings) {
    if (!compliance || !warnings) { return; }
    compliance.innerHTML = "";
    warnings.forEach(function (warning) {
      var item = document.createElement("li");
      item.setAttribute("data-code", warning.code);
      item.textContent = warning.message;
      compliance.appendChild(item);
    });
    compliance.hidden = !warnings.length;
  }

  function refreshToolbarState() {
    /* Plone's toolbar shows the workflow state and its transitions as rendered with the page:
       after a change it is fetched afresh, so it never contradicts the page */
    var menu = document.getElementById("plone-contentmenu-workflow");
    if (!menu || !window.DOMParser) { return; }
    fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html")
          .getElementById("plone-contentmenu-workflow");
        var current = document.getElementById("plone-contentmenu-workflow");
        if (fresh && current) { current.replaceWith(document.importNode(fresh, true)); }
      })
      .catch(function () { /* the next change tries again */ });
  }

  function apply(data) {
    if (root.getAttribute("data-state") !== data.session.state) { refreshToolbarState(); }
    root.setAttribute("data-state", data.session.state);
    if (badge) { badge.textContent = data.session.state_title; }
    Object.keys(data.sections).forEach(function (name) {
      var section = data.sections[name];
      var key = JSON.stringify(section.state);
      if (seen[name] === key) { return; }
      var body = root.querySelector("[data-live-section='" + name + "'] .ratusha-live-body");
      if (body && busyWith(body)) { etag = null; return; }
      seen[name] = key;
      if (body && typeof section.html === "string") { replace(body, section.html); }
    });
    showCompliance(data.compliance);
    document.dispatchEvent(new CustomEvent("ratusha:live-state", { detail: data }));
  }

  function poll() {
    if (busy) { return; }
    busy = true;
    var headers = { "Accept": "application/json" };
    if (etag) { headers["If-None-Match"] = etag; }
    fetch(stateUrl + "?html=1", { credentials: "same-origin", cache: "no-store", headers: headers })
      .then(function (response) {
        if (response.status === 304) { return null; }
        if (!response.ok) { throw new Error(String(response.status)); }
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (data) {
        if (data) { apply(data); }
        root.setAttribute("data-live", "ok");
      })
      .catch(function () { root.setAttribute("data-live", "offline"); })
      .then(function () { busy = false; });
  }

  function post(path, body) {
    return fetch(sessionUrl + "/" + path, {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      headers: { "Accept": "application/json", "Content-Type": "application/json" },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          throw new Error((data.error && data.error.message) || texts.failed || "Error");
        }
        return data;
      });
    });
  }

  var ACTIONS = {
    transition: function (button) {
      var name = button.getAttribute("data-transition");
      var reason = root.querySelector("[data-live-reason='" + name + "']");
      return post("@workflow/" + name, reason ? { reason: reason.value } : {});
    },
    control: function (button) {
      return post("@live-control", { action: button.getAttribute("data-control") });
    },
    quorum: function () { return post("@quorum"); },
    presence: function (button) {
      return post("@presence", { user: button.getAttribute("data-user"),
                                 present: button.getAttribute("data-present") === "true" });
    },
    checkin: function (button) {
      return post("@presence", { user: me, source: "self",
                                 present: button.getAttribute("data-present") === "true" });
    }
  };

  root.addEventListener("click", function (event) {
    var button = event.target.closest("[data-live-action]");
    if (!button || button.disabled) { return; }
    var action = ACTIONS[button.getAttribute("data-live-action")];
    if (!action) { return; }
    event.preventDefault();
    button.disabled = true;
    action(button).then(function () { say(""); }, function (error) { say(error.message); })
      .then(function () { button.disabled = false; poll(); });
  });

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) { poll(); }
  });
  window.setInterval(function () { if (!document.hidden) { poll(); } }, every);
  poll();
}());
