// The SPARQL editor: examples fill the textarea, Ctrl+Enter runs, Tab indents. No libraries.
(function () {
  "use strict";
  var form = document.getElementById("sparql-form");
  var area = document.getElementById("query");
  if (!form || !area) { return; }
  document.querySelectorAll("[data-example]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var template = document.getElementById("example-" + link.dataset.example);
      if (!template) { return; }
      event.preventDefault();
      area.value = template.content.textContent;
      area.focus();
    });
  });
  area.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.submit();
    } else if (event.key === "Tab" && !event.shiftKey) {
      event.preventDefault();
      var start = area.selectionStart, end = area.selectionEnd;
      area.value = area.value.slice(0, start) + "  " + area.value.slice(end);
      area.selectionStart = area.selectionEnd = start + 2;
    }
  });
  // A long query is sent as a POST so it does not overflow the address bar.
  form.addEventListener("submit", function () {
    if (area.value.length > 1500) { form.method = "post"; }
  });
})();
