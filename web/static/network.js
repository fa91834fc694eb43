// Network picture: hovering or focusing a node highlights it, its links and its neighbours.
(function () {
  "use strict";
  document.querySelectorAll("figure.network").forEach(function (figure) {
    var nodes = figure.querySelectorAll(".node");
    var lines = figure.querySelectorAll(".edges line");
    function light(node) {
      var id = node.dataset.id;
      var near = (node.dataset.neighbours || "").split(" ");
      figure.classList.add("focusing");
      nodes.forEach(function (other) {
        other.classList.toggle("lit", other === node || near.indexOf(other.dataset.id) >= 0);
      });
      lines.forEach(function (line) {
        line.classList.toggle("lit", line.dataset.a === id || line.dataset.b === id);
      });
    }
    function clear() {
      figure.classList.remove("focusing");
      nodes.forEach(function (n) { n.classList.remove("lit"); });
      lines.forEach(function (l) { l.classList.remove("lit"); });
    }
    nodes.forEach(function (node) {
      node.addEventListener("mouseenter", function () { light(node); });
      node.addEventListener("focus", function () { light(node); });
      node.addEventListener("mouseleave", clear);
      node.addEventListener("blur", clear);
    });
  });
})();
