/* Check in or out by position: the phone's position is put in the form, then it is sent. */
(function () {
  "use strict";
  var form = document.getElementById("position-form");
  if (!form) { return; }
  form.addEventListener("submit", function (event) {
    if (form.elements.lng.value) { return; }
    event.preventDefault();
    if (!navigator.geolocation) { alert(form.dataset.nogps); return; }
    navigator.geolocation.getCurrentPosition(function (pos) {
      form.elements.lng.value = pos.coords.longitude;
      form.elements.lat.value = pos.coords.latitude;
      form.submit();
    }, function () { alert(form.dataset.nogps); }, { enableHighAccuracy: true, timeout: 10000 });
  });
})();
