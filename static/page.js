// The learner's pages with times or folded reviews (progressive enhancement; each works without it):
// times written in UTC (<time data-local>) shown in the learner's own zone; a link to a folded review opens it.
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
})();
