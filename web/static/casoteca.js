// Casoteca's pages work without JavaScript; this file only makes some of them smoother.
// "Add to a casebook": sent in the background and confirmed in place, so the results page is not loaded
// (nor its search run and audited) again. A new casebook joins every casebook list on the page.
// Job progress pages: refreshed in place while the job runs (they also refresh themselves without it).
"use strict";

function addToCasebook(form) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const status = form.querySelector(".added");
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST", body: new FormData(form), headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const answer = await response.json();
      status.textContent = answer.message || answer.detail || String(response.status);
      status.classList.toggle("failed", !response.ok);
      if (response.ok && answer.new) {
        for (const select of document.querySelectorAll("form.add-to-casebook select[name=casebook_id]")) {
          const option = new Option(answer.title, answer.casebook_id);
          select.insertBefore(option, select.lastElementChild);
          if (select.form === form) select.value = answer.casebook_id;
        }
        const title = form.querySelector("input[name=title]");
        if (title) title.value = "";
      }
    } catch (error) {
      form.submit();  // no answer in the background: the plain form still works
    } finally {
      button.disabled = false;
    }
  });
}

async function followJob(view) {
  const url = view.dataset.job;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    let job;
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) return;
      job = await response.json();
    } catch (error) {
      return;
    }
    const bar = view.querySelector("progress");
    if (bar && job.pages_total) { bar.max = job.pages_total; bar.value = job.pages_done; }
    const text = view.querySelector(".job-status");
    if (text && job.summary) text.textContent = job.summary;
    if (job.status === "done" || job.status === "failed") { window.location.reload(); return; }
  }
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form.add-to-casebook").forEach(addToCasebook);
  document.querySelectorAll("[data-job]").forEach(followJob);
});
