// Accounts: Show toggles on password fields, and the "generate a User ID" link without a page reload.
// Every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Fields required only for some answers (data-required-when="other:value", e.g. SSN when
  // "Do you have an SSN?" is Yes): keep required/aria-required in step with the answer.
  document.querySelectorAll("[data-required-when]").forEach((input) => {
    const [other, value] = input.dataset.requiredWhen.split(":");
    const form = input.form;
    const control = form && form.elements[other];
    if (!control) return;
    const sync = () => {
      const required = control.value === value;
      input.required = required;
      if (required) input.setAttribute("aria-required", "true");
      else input.removeAttribute("aria-required");
    };
    form.addEventListener("change", (event) => {
      if (event.target.name === other) sync();
    });
    sync();
  });

  document.querySelectorAll("[data-show-for]").forEach((button) => {
    const input = document.getElementById(button.dataset.showFor);
    if (!input) return;
    button.hidden = false;
    button.addEventListener("click", () => {
      const showing = input.type === "text";
      input.type = showing ? "password" : "text";
      button.setAttribute("aria-pressed", String(!showing));
      button.firstChild.textContent = showing ? "Show" : "Hide";
    });
  });

  const form = document.querySelector("form[data-suggest-url]");
  const generate = document.getElementById("generate-user-id");
  if (form && generate) {
    generate.addEventListener("click", async (event) => {
      event.preventDefault();
      const params = new URLSearchParams({
        first_name: form.elements.first_name.value,
        last_name: form.elements.last_name.value,
      });
      try {
        const response = await fetch(`${form.dataset.suggestUrl}?${params}`, { headers: { Accept: "application/json" } });
        if (!response.ok) throw new Error(String(response.status));
        const data = await response.json();
        form.elements.username.value = data.user_id;
        form.elements.username.focus();
      } catch (error) {
        form.requestSubmit(generate);  // fall back to the server round trip
      }
    });
  }
});
