// PluginHost serve: the one script. It only enhances pages that work without it: the slider and the package
// cards refresh the school's panel in place; the rule editor checks an edit when typing pauses and previews its impact.
"use strict";

function debounce(fn, ms) {
  let timer = 0;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

function packageQuery(form) {
  const params = new URLSearchParams();
  params.set("cut", form.querySelector("#cut").value);
  params.set("pkg", "1");
  form.querySelectorAll("input[name=protect]:checked").forEach(b => params.append("protect", b.value));
  form.querySelectorAll("input[name=first]:checked").forEach(b => params.append("first", b.value));
  return params.toString();
}

function setUpSchool() {
  const form = document.getElementById("package-form");
  if (!form) return;
  const school = form.dataset.school;
  document.body.dataset.refreshed = "0";
  const label = document.getElementById("cut-label");
  let pending = 0;
  const refresh = async () => {
    const query = packageQuery(form);
    const ticket = ++pending;
    const response = await fetch(`/schools/${encodeURIComponent(school)}/panel?${query}`, { headers: { "Accept": "text/html" } });
    if (!response.ok || ticket !== pending) return;
    const html = await response.text();
    const panel = document.getElementById("panel");
    const next = new DOMParser().parseFromString(html, "text/html").getElementById("panel");
    if (panel && next) panel.replaceWith(document.importNode(next, true));
    history.replaceState(null, "", `/schools/${encodeURIComponent(school)}?${query}`);
    form.querySelectorAll(".card").forEach(card => {
      card.classList.toggle("protected", card.querySelector("input[name=protect]").checked);
      card.classList.toggle("first", card.querySelector("input[name=first]").checked);
    });
    document.body.dataset.refreshed = String(ticket);
  };
  const soon = debounce(refresh, 40);
  form.querySelector("#cut").addEventListener("input", e => { label.textContent = `${e.target.value} %`; soon(); });
  form.addEventListener("change", e => {
    if (e.target.name === "protect" && e.target.checked) form.querySelector(`input[name=first][value="${CSS.escape(e.target.value)}"]`).checked = false;
    if (e.target.name === "first" && e.target.checked) form.querySelector(`input[name=protect][value="${CSS.escape(e.target.value)}"]`).checked = false;
    if (e.target.type === "checkbox") soon();
  });
  form.addEventListener("submit", e => { e.preventDefault(); refresh(); });

  const save = document.getElementById("save-package");
  if (save) {
    save.addEventListener("submit", () => {
      save.querySelectorAll("input[name=protect], input[name=first]").forEach(i => i.remove());
      form.querySelectorAll("input[name=protect]:checked, input[name=first]:checked").forEach(b => {
        const hidden = document.createElement("input");
        hidden.type = "hidden"; hidden.name = b.name; hidden.value = b.value;
        save.appendChild(hidden);
      });
      save.querySelector("input[name=cut]").value = form.querySelector("#cut").value;
    });
  }
}

function setUpRules() {
  document.querySelectorAll("form.rule-edit").forEach(form => {
    const out = form.querySelector(".check");
    const post = async (url) => {
      const response = await fetch(url, { method: "POST", body: new FormData(form) });
      out.innerHTML = "";
      const doc = new DOMParser().parseFromString(await response.text(), "text/html");
      const result = doc.querySelector(".check-result");
      if (result) out.appendChild(document.importNode(result, true));
      else out.textContent = `The server answered ${response.status}.`;
    };
    const check = debounce(() => post("/rules/check"), 500);
    form.querySelectorAll("textarea").forEach(t => t.addEventListener("input", check));
    form.querySelector("button.preview").addEventListener("click", e => { e.preventDefault(); post("/rules/preview"); });
  });
}

function setUpDistrict() {
  const filters = document.getElementById("filters");
  if (!filters) return;
  filters.querySelectorAll("select, input[type=checkbox]").forEach(c => c.addEventListener("change", () => filters.submit()));
}

document.addEventListener("DOMContentLoaded", () => { setUpSchool(); setUpRules(); setUpDistrict(); });
