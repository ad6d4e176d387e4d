/* Ratusha: the video page. Asks the server for a token (POST @jitsi-join or
   @jitsi-guest-join), then embeds Jitsi Meet with its IFrame API. Browser events only drive
   this page; attendance comes from the Jitsi server itself. */
(function () {
  "use strict";
  var stage = document.getElementById("ratusha-video");
  if (!stage) { return; }
  var texts = JSON.parse(stage.getAttribute("data-texts") || "{}");
  var message = document.getElementById("video-message");
  var statusLine = document.getElementById("video-status");
  var hostControls = document.getElementById("host-controls");
  var leaveButton = document.getElementById("leave-call");
  var knocking = document.getElementById("knocking");
  var api = null;

  function say(text) { if (statusLine) { statusLine.textContent = text || ""; } }
  function show(text, withRejoin) {
    message.textContent = text || "";
    if (withRejoin) {
      var again = document.createElement("button");
      again.type = "button";
      again.className = "btn btn-primary ms-2";
      again.textContent = texts.rejoin;
      again.addEventListener("click", start);
      message.appendChild(again);
    }
  }

  function dispose() {
    if (api) {
      try { api.dispose(); } catch (e) { /* already gone */ }
      api = null;
    }
    hostControls.hidden = true;
    leaveButton.hidden = true;
    knocking.hidden = true;
    knocking.innerHTML = "";
  }

  function knock(participant) {
    var item = document.createElement("li");
    var name = document.createElement("span");
    name.textContent = (participant.name || "?") + " — " + texts.knocking;
    item.appendChild(name);
    [[texts.admit, true, "btn-success"], [texts.reject, false, "btn-outline-light"]].forEach(
      function (choice) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-sm " + choice[2];
        button.textContent = choice[0];
        button.addEventListener("click", function () {
          api.executeCommand("answerKnockingParticipant", participant.id, choice[1]);
          item.remove();
          knocking.hidden = !knocking.children.length;
        });
        item.appendChild(button);
      });
    knocking.appendChild(item);
    knocking.hidden = false;
  }

  function embed(data) {
    if (typeof window.JitsiMeetExternalAPI !== "function") {
      show(texts.noScript, true);
      return;
    }
    show("");
    api = new window.JitsiMeetExternalAPI(data.domain, {
      roomName: data.roomName,
      jwt: data.jwt,
      parentNode: stage,
      width: "100%",
      height: "100%",
      lang: data.lang,
      configOverwrite: data.configOverwrite,
      interfaceConfigOverwrite: { SHOW_JITSI_WATERMARK: false, SHOW_BRAND_WATERMARK: false },
      userInfo: { displayName: data.displayName, email: data.email }
    });
    leaveButton.hidden = false;
    api.on("videoConferenceJoined", function () { say(texts.inCall); });
    api.on("readyToClose", function () { dispose(); say(""); show(texts.left, true); });
    if (data.moderator) {
      hostControls.hidden = false;
      api.on("participantRoleChanged", function (event) {
        if (event && event.role === "moderator" && data.lobby) {
          api.executeCommand("toggleLobby", true);
          say(texts.lobbyOn);
        }
      });
      api.on("knockingParticipant", function (event) {
        if (event && event.participant) { knock(event.participant); }
      });
    }
  }

  function start() {
    dispose();
    show(texts.joining);
    var body = {};
    var invitation = stage.getAttribute("data-invitation");
    if (invitation) { body.invitation = invitation; }
    fetch(stage.getAttribute("data-endpoint"), {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      headers: { "Accept": "application/json", "Content-Type": "application/json" },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (!result.ok) {
        var error = result.data && result.data.error;
        show((error && error.message) || texts.failed, false);
        return;
      }
      embed(result.data);
    }).catch(function () { show(texts.failed, true); });
  }

  document.getElementById("lobby-on").addEventListener("click", function () {
    if (api) { api.executeCommand("toggleLobby", true); say(texts.lobbyOn); }
  });
  document.getElementById("mute-all").addEventListener("click", function () {
    if (api) { api.executeCommand("muteEveryone", "audio"); say(texts.mutedAll); }
  });
  leaveButton.addEventListener("click", function () {
    if (api) { api.executeCommand("hangup"); }
  });
  window.addEventListener("pagehide", dispose);
  start();
}());
