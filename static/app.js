// Progressive enhancement only: every page works without this script.
// 1. Each answer is saved the moment it is chosen (with the CSRF token), and the count of
//    answered questions follows. A save carries a sequence number on the server's clock, so
//    the server keeps the newest answer whatever order requests arrive in. When the server
//    is busy (503), asks to slow down (429) or cannot be reached, the save is tried again
//    with backoff (1, 2, 4 … 30 s, or the Retry-After it gives), keeping the sequence number
//    of the moment it was chosen; the choice stays selected in the page, the status line
//    names the questions not yet saved, and leaving the page asks first.
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
  const RETRIED = new Set([429, 502, 503, 504]);
  const unsaved = new Map(); // question id -> {choice, seq, number, tries, timer, problem}
  let submitting = false;

  const numberOf = (input) => {
    const fieldset = input.closest("fieldset.question");
    return fieldset ? fieldset.id.replace("question-", "") : input.name.slice(1);
  };
  const report = () => {
    if (unsaved.size === 0) {
      status.textContent = "All answers saved";
      return;
    }
    const entries = [...unsaved.values()];
    const numbers = entries.map((e) => e.number).join(", ");
    const which = `${entries.length === 1 ? "Question" : "Questions"} ${numbers}`;
    const failed = entries.find((e) => e.problem && !e.timer);
    if (failed) {
      status.textContent = `${which} not saved: ${failed.problem}. Use “Save answers”.`;
    } else if (entries.some((e) => e.tries > 0)) {
      status.textContent = `${which} not saved yet: ${entries[0].problem}. Trying again; ` +
        "keep this page open, or use “Save answers”.";
    } else {
      status.textContent = "Saving…";
    }
  };

  const send = async (question) => {
    const entry = unsaved.get(question);
    if (!entry || submitting) return; // the form being sent carries every choice
    entry.timer = null;
    const { choice, seq } = entry;
    const body = new FormData();
    body.set("csrf_token", token);
    body.set("question", question);
    body.set("choice", choice);
    body.set("seq", seq);
    let response = null;
    let data = {};
    try {
      response = await fetch(form.dataset.autosave, {
        method: "POST", body, headers: { "X-CSRFToken": token }, credentials: "same-origin",
      });
      data = await response.json().catch(() => ({}));
    } catch (error) {
      response = null;
    }
    if (unsaved.get(question) !== entry || entry.seq !== seq || submitting) return;
    if (response && response.ok && data.saved === false && data.error) {
      entry.problem = data.error; // a newer answer, from another window, was kept
    } else if (response && response.ok) {
      unsaved.delete(question);
      if (count) count.textContent = data.answered;
    } else if (!response || RETRIED.has(response.status)) {
      entry.tries += 1;
      entry.problem = response ? "the server is busy" : "no connection to the server";
      const asked = response ? Number(response.headers.get("Retry-After")) : 0;
      const delay = asked > 0 ? asked : Math.min(30, 2 ** (entry.tries - 1));
      entry.timer = setTimeout(() => send(question), delay * 1000 * (1 + Math.random() / 4));
    } else {
      entry.problem = data.error || `the server answered ${response.status}`;
    }
    report();
  };

  form.addEventListener("change", (event) => {
    const input = event.target;
    if (input.type !== "radio" || !/^q\d+$/.test(input.name)) return;
    const question = input.name.slice(1);
    const previous = unsaved.get(question);
    if (previous && previous.timer) clearTimeout(previous.timer);
    unsaved.set(question, { choice: input.value, seq: nextSeq(), number: numberOf(input),
                            tries: 0, timer: null, problem: "" });
    report();
    send(question);
  });
  window.addEventListener("beforeunload", (event) => {
    if (unsaved.size > 0 && !submitting) event.preventDefault();
  });
  form.addEventListener("submit", () => { submitting = true; });
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
