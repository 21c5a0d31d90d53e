// Identity verification: live countdowns for passcode expiry and the question time limit,
// and resend buttons that unlock 30 seconds after the last passcode. The server enforces
// every limit; this only shows them.
(() => {
  const format = (ms) => {
    const total = Math.max(0, Math.ceil(ms / 1000));
    const minutes = Math.floor(total / 60);
    const seconds = String(total % 60).padStart(2, "0");
    return `${minutes}:${seconds}`;
  };

  const startCountdown = (el) => {
    const until = Date.parse(el.dataset.countdownUntil);
    const out = el.querySelector("[data-countdown-remaining]");
    if (Number.isNaN(until) || !out) return;
    const tick = () => {
      const left = until - Date.now();
      if (left <= 0) {
        el.classList.add("is-done");
        el.textContent = el.dataset.countdownDone || "Time is up.";
        return;
      }
      out.textContent = format(left);
      window.setTimeout(tick, 1000 - (Date.now() % 1000) || 1000);
    };
    tick();
  };

  const holdButton = (button) => {
    const at = Date.parse(button.dataset.enableAt);
    if (Number.isNaN(at)) return;
    const label = button.textContent;
    const tick = () => {
      const left = at - Date.now();
      if (left <= 0) {
        button.disabled = false;
        button.textContent = label;
        return;
      }
      button.disabled = true;
      button.textContent = `${label} (${Math.ceil(left / 1000)} s)`;
      window.setTimeout(tick, 1000);
    };
    tick();
  };

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-countdown-until]").forEach(startCountdown);
    document.querySelectorAll("button[data-enable-at]").forEach(holdButton);
  });
})();
