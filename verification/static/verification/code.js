// "Get code" buttons of verification/code_field.html: post the phone, then count down before the next request.
(function () {
  function csrfToken(box) {
    var form = box.closest("form");
    var field = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function countDown(button, template, seconds) {
    var label = button.dataset.label || button.textContent;
    button.dataset.label = label;
    button.disabled = true;
    var left = seconds;
    var tick = function () {
      if (left <= 0) {
        button.disabled = false;
        button.textContent = label;
        return;
      }
      button.textContent = template.replace("{seconds}", left);
      left -= 1;
      setTimeout(tick, 1000);
    };
    tick();
  }

  function wire(box) {
    if (box.dataset.wired) return;
    box.dataset.wired = "1";
    var button = box.querySelector("[data-send-code]");
    var phone = box.querySelector("input[name=phone]");
    var error = box.querySelector("[data-phone-error]");
    var status = box.querySelector("[data-code-status]");
    button.addEventListener("click", function () {
      error.textContent = "";
      status.textContent = "";
      phone.classList.remove("is-invalid");
      var body = new FormData();
      body.append("phone", phone.value);
      body.append("purpose", box.dataset.purpose);
      button.disabled = true;
      fetch(box.dataset.codeUrl, {
        method: "POST",
        body: body,
        headers: { "X-CSRFToken": csrfToken(box) },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.json().then(function (data) {
            return { ok: response.ok, data: data };
          });
        })
        .then(function (result) {
          if (result.ok) {
            status.textContent = box.dataset.sent;
            countDown(button, box.dataset.again, 60);
            return;
          }
          var errors = result.data.errors || {};
          var messages = errors.phone || errors.purpose || [box.dataset.failed];
          error.textContent = messages.join(" ");
          phone.classList.add("is-invalid");
          button.disabled = false;
        })
        .catch(function () {
          error.textContent = box.dataset.failed;
          button.disabled = false;
        });
    });
  }

  function wireAll() {
    document.querySelectorAll(".verification-code").forEach(wire);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wireAll);
  else wireAll();
})();
