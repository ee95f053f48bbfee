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
  // They carry data-hx-get/data-hx-trigger in the markup; nothing to do here.

  // ---- show/hide a password ---------------------------------------------
  // The button (templates/macros/forms.html) says what it will do: "Show password", then "Hide password"
  // (its visible word and its icon change with it). Sending the form hides every password again.
  var setPassword = function (button, visible) {
    var input = document.getElementById(button.getAttribute("aria-controls"));
    if (!input) { return; }
    input.type = visible ? "text" : "password";
    button.setAttribute("aria-label", visible ? button.dataset.hideLabel : button.dataset.showLabel);
    button.dataset.visible = visible ? "true" : "false";
    var word = button.querySelector("span");
    if (word) { word.textContent = visible ? button.dataset.hideText : button.dataset.showText; }
    var use = button.querySelector("use");
    if (use) {
      var href = use.getAttribute("href");
      use.setAttribute("href", href.replace(/#.*$/, visible ? "#it-password-invisible" : "#it-password-visible"));
    }
  };
  var hidePasswords = function (root) {
    root.querySelectorAll("[data-password-toggle][data-visible='true']").forEach(function (button) {
      setPassword(button, false);
    });
  };
  var showToggles = function () {
    document.querySelectorAll("[data-password-toggle][hidden]").forEach(function (button) {
      button.hidden = false;
    });
  };
  showToggles();
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-password-toggle]");
    if (button) { setPassword(button, button.dataset.visible !== "true"); }
  });
  // Capture: before htmx or the browser sends it, and before a password manager reads the field.
  document.addEventListener("submit", function (event) { hidePasswords(event.target); }, true);
  // A page restored from the back/forward cache never shows a password left readable.
  window.addEventListener("pagehide", function () { hidePasswords(document); });
  document.body.addEventListener("htmx:afterSwap", showToggles);

  // ---- installable app: the service worker --------------------------------
  // It keeps the static files and an offline page, never pages (templates/site/service-worker.js).
  var manifest = document.querySelector("link[rel='manifest'][data-service-worker]");
  if (manifest && "serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register(manifest.dataset.serviceWorker, { scope: manifest.dataset.scope })
        .catch(function () { /* the portal works the same without it */ });
    });
  }
  // The offline page comes back to the page asked for as soon as the network does.
  if (body.hasAttribute("data-offline-page")) {
    window.addEventListener("online", function () { window.location.reload(); });
  }

  // ---- section tabs that scroll sideways: the current one in view -----------
  // Scrolled only when the current tab is cut, and then only as far as needed: a current tab already in view leaves
  // the first tabs where they are, instead of centring it and cutting the first one off.
  document.querySelectorAll(".portal-tabs").forEach(function (row) {
    var current = row.querySelector("[aria-current='page']");
    if (current && row.scrollWidth > row.clientWidth) {
      var item = current.parentElement || current;
      var right = item.offsetLeft + item.offsetWidth;  // the row is positioned: offsets are within it
      if (right > row.clientWidth) {
        row.scrollLeft = Math.min(right - row.clientWidth + 24, row.scrollWidth - row.clientWidth);
      }
    }
  });
})();
