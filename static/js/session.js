// Idle-session warning. The server ends a session after <body data-session-idle-seconds> without
// a request; shortly before that (data-session-warning-seconds) this opens an alert dialog with
// "Stay signed in" (a POST to the keepalive endpoint, which refreshes the session) and "Sign out".
// Tabs share the time of the last activity through localStorage, so working in one tab keeps the
// warning away in the others. Loaded only for signed-in people.
(() => {
  "use strict";

  const KEY = "finpro.session.lastActivity";
  const body = document.body;
  const idleSeconds = Number(body.dataset.sessionIdleSeconds);
  const warningSeconds = Number(body.dataset.sessionWarningSeconds);
  const keepaliveUrl = body.dataset.sessionKeepaliveUrl;
  const loginUrl = body.dataset.sessionLoginUrl;
  const dialog = document.getElementById("session-warning");
  if (!idleSeconds || !dialog || typeof dialog.showModal !== "function") return;

  const stay = dialog.querySelector("[data-session-stay]");
  const left = dialog.querySelector("[data-session-left]");
  const csrf = dialog.querySelector("input[name=csrfmiddlewaretoken]");
  let lastActivity = Date.now();
  let announced = "";
  let ended = false;
  let timer = null;

  function remember(time) {
    lastActivity = time;
    try {
      localStorage.setItem(KEY, String(time));
    } catch (error) {
      // Private windows may refuse storage; this tab still keeps its own time.
    }
  }

  function inWords(seconds) {
    if (seconds > 90) return `${Math.round(seconds / 60)} minutes`;
    if (seconds > 45) return "1 minute";
    if (seconds > 20) return "30 seconds";
    return "a few seconds";
  }

  function open(secondsLeft) {
    // Announce coarse steps only, so screen readers are not flooded every second.
    const words = inWords(secondsLeft);
    if (words !== announced) {
      announced = words;
      left.textContent = `You will be signed out in ${words}.`;
    }
    if (!dialog.open) {
      dialog.showModal();
      stay.focus();
    }
  }

  function close() {
    announced = "";
    if (dialog.open) dialog.close();
  }

  function end() {
    ended = true;
    window.clearInterval(timer);
    const next = encodeURIComponent(window.location.pathname + window.location.search);
    window.location.assign(`${loginUrl}?next=${next}`);
  }

  function tick() {
    if (ended) return;
    const secondsLeft = idleSeconds - (Date.now() - lastActivity) / 1000;
    if (secondsLeft <= 0) {
      end();
    } else if (secondsLeft <= warningSeconds) {
      open(secondsLeft);
    } else {
      close();
    }
  }

  async function keepAlive() {
    stay.disabled = true;
    try {
      const response = await fetch(keepaliveUrl, {
        method: "POST",
        headers: { "X-CSRFToken": csrf ? csrf.value : "", "X-Requested-With": "fetch" },
        credentials: "same-origin",
        redirect: "manual",
      });
      if (response.status !== 204) {
        end();
        return;
      }
      remember(Date.now());
      close();
    } catch (error) {
      left.textContent = "We could not reach FinPro. Check your connection and try again.";
    } finally {
      stay.disabled = false;
    }
  }

  stay.addEventListener("click", keepAlive);
  // Escape on the dialog means "I am here": stay signed in rather than leave the warning half-closed.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    keepAlive();
  });
  window.addEventListener("storage", (event) => {
    if (event.key === KEY && Number(event.newValue) > lastActivity) {
      lastActivity = Number(event.newValue);
      tick();
    }
  });
  // htmx requests reach the server, so they count as activity too.
  document.addEventListener("htmx:afterRequest", () => remember(Date.now()));

  remember(Date.now());
  timer = window.setInterval(tick, 1000);
})();
