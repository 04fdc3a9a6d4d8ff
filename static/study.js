// Study by keyboard (progressive enhancement): number keys choose or tick, Enter checks; then 1 2 3 rate.
(() => {
  "use strict";
  const study = document.querySelector("form.study");
  const rating = document.querySelector("form.rating");
  if (!study && !rating) return;
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.target.closest("a, button")) return;
    if (rating) {
      rating.querySelector(`button[data-key="${event.key}"]`)?.click();
      return;
    }
    const radios = study.querySelectorAll("input[name=choice]");
    const n = Number(event.key);
    if (Number.isInteger(n) && n >= 1 && n <= Math.min(radios.length, 9)) {
      event.preventDefault();
      radios[n - 1].click(); // a radio chosen, a checkbox ticked or unticked
      radios[n - 1].focus();
    } else if (event.key === "Enter") {
      event.preventDefault();
      study.requestSubmit();
    }
  });
})();
