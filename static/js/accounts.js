// Accounts: Show toggles on password fields, and the "generate a User ID" link without a page reload.
// Every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
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
