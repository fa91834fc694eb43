// Who sits where: once a region is chosen, the ICB picker offers only that region's ICBs.
// Without JavaScript the picker lists every ICB under its region, and the form works the same.
(function () {
  "use strict";
  var form = document.querySelector("form.filters");
  if (!form) { return; }
  var region = form.querySelector("select[name=region]");
  var icb = form.querySelector("select[name=icb]");
  if (!region || !icb) { return; }

  function narrow() {
    Array.prototype.forEach.call(icb.querySelectorAll("optgroup"), function (group) {
      var other = region.value !== "" && group.getAttribute("data-region") !== region.value;
      group.hidden = other;
      group.disabled = other;
    });
    var chosen = icb.options[icb.selectedIndex];
    if (chosen && chosen.parentNode.disabled) { icb.value = ""; }
  }

  region.addEventListener("change", narrow);
  narrow();
}());
