// The attempt page's script; the page works without it. 1. Each answer (a ticked set whole)
// and flag is saved as chosen, with a sequence number on the server's clock (the newest
// wins); while the server is busy (503, 429) or unreachable it is tried again with backoff
// (1, 2, 4 … 30 s, or Retry-After); the status line names what is unsaved or overruled.
// 2. A timed attempt counts down and reloads at the end. 3. The deadline in local time.
(() => {
  "use strict";
  const form = document.querySelector("form.attempt[data-autosave]");
  if (!form) return;
  const until = form.querySelector("time[datetime]");
  if (until) until.textContent = new Date(until.dateTime).toLocaleTimeString();

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
  const bar = document.getElementById("progress-bar");
  let shown = 0; // the count shown is the latest save's (by `version`), whatever the order
  form.classList.add("autosaves");
  const chips = form.querySelectorAll(".question-nav .qbutton");
  const chip = (input, state, on) => {
    const button = chips[Number(numberOf(input)) - 1];
    if (!button) return;
    button.classList.toggle(state, on);
    const words = ["answered", "flagged"].filter((s) => button.classList.contains(s));
    button.lastElementChild.textContent = words.length ? ` (${words.join(", ")})` : "";
  };
  const RETRIED = new Set([429, 502, 503, 504]);
  const unsaved = new Map();
  let submitting = false;

  const numberOf = (input) => {
    const fieldset = input.closest("fieldset.question");
    return fieldset ? fieldset.id.replace("question-", "") : input.name.slice(1);
  };
  const roomy = document.createElement("span"); // hidden on a phone: "All saved"
  roomy.className = "roomy";
  roomy.textContent = "answers ";
  const report = () => {
    if (unsaved.size === 0) {
      status.replaceChildren("All ", roomy, "saved");
      form.classList.add("autosaves");
      return;
    }
    const entries = [...unsaved.values()];
    const numbers = entries.map((e) => e.number).join(", ");
    const which = `${entries.length === 1 ? "Question" : "Questions"} ${numbers}`;
    const failed = entries.find((e) => e.problem && !e.timer);
    form.classList.toggle("autosaves", !failed);
    if (failed) {
      status.textContent = `${which} not saved: ${failed.problem}. Use “Save answers”.`;
    } else if (entries.some((e) => e.tries > 0)) {
      status.textContent = `${which} not saved yet: ${entries[0].problem}. Trying again; ` +
        "keep this page open, or use “Save answers”.";
    } else {
      status.textContent = "Saving…";
    }
  };

  const send = async (key) => {
    const entry = unsaved.get(key);
    if (!entry || submitting) return;
    entry.timer = null;
    const { seq } = entry;
    const body = new FormData();
    body.set("csrf_token", token);
    body.set("question", entry.question);
    for (const [name, value] of entry.pairs) body.append(name, value);
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
    if (response && response.ok && data.version > shown) { // overtaken replies too
      shown = data.version;
      count.textContent = bar.value = data.answered;
    }
    if (unsaved.get(key) !== entry || entry.seq !== seq || submitting) return;
    if (response && response.ok && data.saved === false && data.error) {
      entry.problem = data.error;
    } else if (response && response.ok) {
      unsaved.delete(key);
    } else if (!response || RETRIED.has(response.status)) {
      entry.tries += 1;
      entry.problem = response ? "the server is busy" : "no connection to the server";
      const asked = response ? Number(response.headers.get("Retry-After")) : 0;
      const delay = asked > 0 ? asked : Math.min(30, 2 ** (entry.tries - 1));
      entry.timer = setTimeout(() => send(key), delay * 1000 * (1 + Math.random() / 4));
    } else {
      entry.problem = data.error || `the server answered ${response.status}`;
    }
    report();
  };

  form.addEventListener("change", (event) => {
    const input = event.target;
    const isFlag = input.type === "checkbox" && /^f\d+$/.test(input.name);
    if (!isFlag && !/^q\d+$/.test(input.name)) return;
    const question = input.name.slice(1);
    const many = !isFlag && input.type === "checkbox"; // the whole set, "" if none ticked
    const set = [...form.querySelectorAll(`[name=${input.name}]:checked`)].map((b) => b.value);
    const pairs = isFlag ? [["flag", input.checked ? "1" : "0"]]
      : many ? ["", ...set].map((v) => ["choices", v]) : [["choice", input.value]];
    chip(input, isFlag ? "flagged" : "answered", isFlag ? input.checked : !many || set.length);
    const key = isFlag ? `f${question}` : question;
    const previous = unsaved.get(key);
    if (previous && previous.timer) clearTimeout(previous.timer);
    unsaved.set(key, { question, pairs, seq: nextSeq(), number: numberOf(input), tries: 0,
                       timer: null, problem: "" });
    report();
    send(key);
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
    timeLeft.textContent = `${Math.floor(left / 60)} min ${left % 60} s`;
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
