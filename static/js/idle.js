/* Idle sessions end (accounts/sessions.py). A warning shows `data-idle-warning` seconds before the
 * end; then the page logs out, so nothing about a child stays on screen. "Stay logged in" makes a
 * request, which counts as activity on the server too. No inline script: the CSP is script-src 'self'. */
(function () {
  "use strict";
  var body = document.body;
  var idle = parseInt(body.dataset.idleSeconds, 10);
  var lead = parseInt(body.dataset.idleWarning, 10);
  var dialog = document.getElementById("idle-warning");
  var logoutForm = document.getElementById("logout-form");
  if (!idle || !dialog) { return; }
  var countdown = dialog.querySelector("[data-idle-countdown]");
  var main = document.getElementById("main");
  var deadline, warnTimer, tick;

  function leave() {
    // Hide the page at once, then end the session on the server.
    main.replaceChildren();
    if (logoutForm) { logoutForm.submit(); } else { window.location.assign("/login/"); }
  }

  function update() {
    var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    countdown.textContent = String(left);
    if (left <= 0) { clearInterval(tick); leave(); }
  }

  function warn() {
    // On a shared tablet whoever walks by during the warning sees the question, not the children.
    main.hidden = true;
    if (!dialog.open) { dialog.showModal(); }
    update();
    tick = setInterval(update, 1000);
  }

  function start() {
    clearTimeout(warnTimer);
    clearInterval(tick);
    deadline = Date.now() + idle * 1000;
    warnTimer = setTimeout(warn, Math.max(0, idle - lead) * 1000);
  }

  dialog.querySelector("[data-idle-stay]").addEventListener("click", function () {
    fetch(body.dataset.keepaliveUrl, { credentials: "same-origin", redirect: "manual" }).then(function (response) {
      if (response.status === 204) { main.hidden = false; dialog.close(); start(); } else { leave(); }
    }, leave);
  });
  dialog.addEventListener("cancel", function (event) { event.preventDefault(); });
  start();
})();
