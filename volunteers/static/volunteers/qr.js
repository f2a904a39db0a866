/* The check-in code at the place: a fresh image every few seconds (the code itself changes on the server). */
(function () {
  "use strict";
  var img = document.getElementById("qr");
  if (!img) { return; }
  setInterval(function () { img.src = img.dataset.src + "?t=" + Date.now(); }, 5000);
})();
