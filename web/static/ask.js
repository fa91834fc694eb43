// The home page answer panel: ask in place, without leaving the page.
// The form still works without JavaScript (it goes to /ask); this only shows the same
// answer (the /ask fragment) under the search box, and keeps the address shareable.
(function () {
  "use strict";
  var form = document.getElementById("home-search");
  var panel = document.getElementById("ask-panel");
  if (!form || !panel || form.getAttribute("action") !== "/ask") { return; }
  var input = form.querySelector("input[name=q]");
  var pending = null;

  function ask(question, push) {
    question = question.trim();
    if (!question) { return; }
    input.value = question;
    if (pending) { pending.abort(); }
    pending = new AbortController();
    panel.hidden = false;
    panel.setAttribute("aria-busy", "true");
    fetch("/ask?fragment=1&q=" + encodeURIComponent(question), {signal: pending.signal, headers: {"Accept": "text/html"}})
      .then(function (response) {
        if (!response.ok) { throw new Error("The server answered " + response.status + "."); }
        return response.text();
      })
      .then(function (html) {
        panel.innerHTML = html;
        panel.removeAttribute("aria-busy");
        if (push) { history.pushState({q: question}, "", "/?q=" + encodeURIComponent(question)); }
      })
      .catch(function (error) {
        if (error.name === "AbortError") { return; }
        panel.removeAttribute("aria-busy");
        panel.textContent = "";
        var box = document.createElement("p");
        box.className = "error-box";
        box.textContent = "Sorry, that question could not be answered: " + error.message;
        panel.appendChild(box);
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    ask(input.value, true);
  });
  // Options and suggestions are questions too: ask them in place.
  panel.addEventListener("click", function (event) {
    var link = event.target.closest("a.ask-follow");
    if (!link) { return; }
    event.preventDefault();
    ask(new URL(link.href).searchParams.get("q") || "", true);
  });
  window.addEventListener("popstate", function (event) {
    if (event.state && event.state.q) { ask(event.state.q, false); }
  });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { ask(initial, false); }
}());
