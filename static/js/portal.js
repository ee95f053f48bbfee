/*
 * The portal's own behaviour; no inline scripts anywhere (the CSP forbids them).
 * - Idle-session warning with a way to stay signed in (WCAG 2.2.1).
 * - After an htmx swap, focus moves to the first error or the new heading.
 * - Live regions are marked aria-busy while they load.
 */
(function () {
  "use strict";

  var body = document.body;

  // ---- session time-out warning --------------------------------------
  var warning = document.getElementById("session-warning");
  if (warning && body.dataset.sessionSeconds) {
    var idleSeconds = parseInt(body.dataset.sessionIdle, 10);
    var warnBefore = parseInt(body.dataset.sessionWarning, 10);
    var deadline = Date.now() + parseInt(body.dataset.sessionSeconds, 10) * 1000;
    var countdown = document.getElementById("session-warning-seconds");
    var statusUrl = body.dataset.sessionStatusUrl;
    var loginUrl = body.dataset.loginUrl;
    var checking = false;

    var resetDeadline = function (seconds) {
      deadline = Date.now() + seconds * 1000;
      warning.hidden = true;
    };

    var checkServer = function () {
      // Another tab may have kept the session alive: ask before warning.
      if (checking) { return; }
      checking = true;
      fetch(statusUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          checking = false;
          if (!data.authenticated) { window.location.assign(loginUrl); return; }
          deadline = Date.now() + data.seconds_left * 1000;
          if (data.seconds_left > warnBefore) { warning.hidden = true; }
        })
        .catch(function () { checking = false; });
    };

    var tick = function () {
      var left = Math.round((deadline - Date.now()) / 1000);
      if (left <= 0) {
        window.location.assign(loginUrl);
        return;
      }
      if (left <= warnBefore) {
        if (warning.hidden) {
          checkServer();
          warning.hidden = false;
          var button = warning.querySelector("button");
          if (button) { button.focus(); }
        }
        if (countdown) {
          var minutes = Math.floor(left / 60);
          var seconds = left % 60;
          countdown.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
        }
      }
    };
    window.setInterval(tick, 1000);

    document.body.addEventListener("htmx:afterRequest", function (event) {
      var path = event.detail.requestConfig && event.detail.requestConfig.path;
      if (path && path.indexOf(statusUrl) === 0) { return; }
      // Live regions that poll by themselves (data-background) are not the person's activity.
      if (event.detail.elt && event.detail.elt.closest("[data-background]")) { return; }
      if (event.detail.successful) { resetDeadline(idleSeconds); }
    });
  }

  // ---- focus after swaps ------------------------------------------------
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.hasAttribute("data-no-focus")) { return; }
    var invalid = target.querySelector("[aria-invalid='true'], .alert-danger");
    var heading = target.querySelector("h1, h2, h3");
    var focusable = invalid || (target.id === "portal-alerts" ? target.firstElementChild : heading);
    if (focusable) {
      if (!focusable.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(focusable.tagName)) {
        focusable.setAttribute("tabindex", "-1");
      }
      focusable.focus();
    }
  });

  // ---- aria-busy on loading live regions -----------------------------
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var target = event.detail.target;
    if (target) { target.setAttribute("aria-busy", "true"); }
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var target = event.detail.target;
    if (target) { target.removeAttribute("aria-busy"); }
  });

  // ---- live search fields submit as you type (progressive enhancement) --
  // They carry hx-get/hx-trigger in the markup; nothing to do here.
})();
