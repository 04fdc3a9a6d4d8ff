// Progressive enhancement of the learner's pages other than the attempt (which has app.js);
// each works without it.
// 1. Times written in UTC (<time data-local>) are shown in the learner's own time zone.
// 2. A link to a folded review (<details>) opens it.
// 3. Study by keyboard: number keys choose (or tick), Enter checks; then 1 2 3 rate.
(() => {
  "use strict";
  for (const time of document.querySelectorAll("time[data-local]")) {
    const at = new Date(time.dateTime);
    if (Number.isNaN(at.getTime())) continue;
    time.title = time.textContent;
    time.textContent = at.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  }

  const unfold = () => {
    const target = location.hash && document.getElementById(location.hash.slice(1));
    const folded = target && target.querySelector("details");
    if (folded) folded.open = true;
  };
  window.addEventListener("hashchange", unfold);
  unfold();

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
