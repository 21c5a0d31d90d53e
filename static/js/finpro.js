// FinPro's small progressive enhancements. Every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Close the account menu when clicking elsewhere or pressing Escape.
  document.addEventListener("click", (event) => {
    document.querySelectorAll("details.user-menu[open]").forEach((menu) => {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      document.querySelectorAll("details.user-menu[open]").forEach((menu) => menu.removeAttribute("open"));
    }
  });
});
