// Progressive enhancement only: every page works without this script.
// 1. Each answer is saved the moment it is chosen (with the CSRF token; a multiple-answer
//    question's whole ticked set each time a box changes), and the count of
//    answered questions follows. A save carries a sequence number on the server's clock, so
//    the server keeps the newest answer whatever order requests arrive in.
// 2. A timed attempt counts down; screen readers hear the time left at a few marks only, and
//    when time is up the page reloads, which closes and grades the attempt on the server.
(() => {
  "use strict";
  const form = document.querySelector("form.attempt[data-autosave]");
  if (!form) return;

  const token = form.querySelector("input[name=csrf_token]").value;
  const seqInput = form.querySelector("input[name=seq]");
  const offset = Number(seqInput.value) - Date.now();
  let lastSeq = 0;
  const nextSeq = () => {
    lastSeq = Math.max(Date.now() + offset, lastSeq + 1);
    return String(lastSeq);
  };
  const status = document.getElementById("save-status");
  const count = document.getElementById("answered-count");
  let pending = 0;

  form.addEventListener("change", async (event) => {
    const input = event.target;
    if (!["radio", "checkbox"].includes(input.type) || !/^q\d+$/.test(input.name)) return;
    const body = new FormData();
    body.set("csrf_token", token);
    body.set("question", input.name.slice(1));
    if (input.type === "checkbox") {  // the whole ticked set; "" sends an empty one too
      body.append("choices", "");
      for (const box of form.querySelectorAll(`input[type=checkbox][name=${input.name}]`)) {
        if (box.checked) body.append("choices", box.value);
      }
    } else {
      body.set("choice", input.value);
    }
    body.set("seq", nextSeq());
    pending += 1;
    status.textContent = "Saving…";
    try {
      const response = await fetch(form.dataset.autosave, {
        method: "POST", body, headers: { "X-CSRFToken": token }, credentials: "same-origin",
      });
      const data = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(data.error || `the server answered ${response.status}`);
      if (count) count.textContent = data.answered;
      pending -= 1;
      if (pending === 0) status.textContent = "All answers saved";
    } catch (error) {
      pending -= 1;
      status.textContent = `Not saved (${error.message}). Use “Save answers”.`;
    }
  });
  form.addEventListener("submit", () => { seqInput.value = nextSeq(); });

  const timeLeft = document.getElementById("time-left");
  if (!timeLeft) return;
  const announcer = document.getElementById("time-announcer");
  const end = Date.now() + Number(timeLeft.dataset.secondsLeft) * 1000;
  const marks = [600, 300, 120, 60, 30, 10];
  const announced = new Set(marks.filter((m) => m >= Number(timeLeft.dataset.secondsLeft)));
  const words = (s) => (s >= 60 ? `${s / 60} minute${s === 60 ? "" : "s"}` : `${s} seconds`);
  const tick = () => {
    const left = Math.max(0, Math.round((end - Date.now()) / 1000));
    timeLeft.textContent = `Time left: ${Math.floor(left / 60)} min ${left % 60} s`;
    for (const mark of marks) {
      if (left <= mark && !announced.has(mark)) {
        announced.add(mark);
        announcer.textContent = `${words(mark)} left`;
      }
    }
    if (left === 0) {
      clearInterval(timer);
      announcer.textContent = "Time is up. Your saved answers are being graded.";
      setTimeout(() => window.location.reload(), 1500);
    }
  };
  const timer = setInterval(tick, 1000);
})();
