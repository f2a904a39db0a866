// Small behaviours shared by every staff page. Page-specific code lives with its page.
document.addEventListener("htmx:responseError", function (event) {
  var status = event.detail.xhr.status;
  var box = document.createElement("div");
  box.className = "alert alert-danger position-fixed bottom-0 end-0 m-3 shadow";
  box.setAttribute("role", "alert");
  box.textContent = (document.documentElement.lang === "en" ? "Request failed (" : "请求失败（") + status + (document.documentElement.lang === "en" ? ")" : "）");
  document.body.appendChild(box);
  setTimeout(function () { box.remove(); }, 5000);
});

// A select marked data-submit-on-change sends its form at once; an attribute rather than an inline
// onchange handler, which the Content-Security-Policy (script-src 'self') would block.
document.addEventListener("change", function (event) {
  if (event.target.matches && event.target.matches("[data-submit-on-change]") && event.target.form) event.target.form.submit();
});
