// The desk's little script; every page works without it.
// - colour swatches show their colour;
// - as the counselor types in a career form, it asks /check/<career> what validate would say
//   and puts the count in the status area (announced), without saving anything.
"use strict";
document.querySelectorAll(".swatch[data-color]").forEach((el) => {
  el.style.backgroundColor = el.dataset.color;
});
const form = document.getElementById("career-form");
if (form && form.dataset.check && window.fetch) {
  let timer = null;
  const live = document.createElement("p");
  live.className = "hint";
  live.id = "live-check";
  live.setAttribute("role", "status");
  form.prepend(live);
  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const body = new FormData(form);
      body.delete("_action");
      try {
        const answer = await fetch(form.dataset.check, { method: "POST", body, credentials: "same-origin" });
        if (!answer.ok) return;
        const said = await answer.json();
        document.querySelectorAll(".live-error").forEach((el) => el.remove());
        for (const [id, messages] of Object.entries(said.problems)) {
          const input = document.getElementById(id);
          if (!input) continue;
          const p = document.createElement("p");
          p.className = "error live-error";
          p.textContent = "Problem: " + messages.join("; ");
          (input.closest(".field") || input).append(p);
        }
        live.textContent = said.count ? `${said.count} problem${said.count === 1 ? "" : "s"} so far (not saved yet).`
                                      : "No problems so far (not saved yet).";
      } catch (e) { /* the form still works by saving */ }
    }, 700);
  });
}
