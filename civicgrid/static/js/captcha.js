// The report form's captcha: "another picture" asks django-simple-captcha's refresh view (it answers only a
// script, hence the header) for a new challenge, and swaps the picture and the hidden key. Without script the
// link reloads the page, which draws a new picture too.
document.addEventListener("click", async (event) => {
  const link = event.target.closest("[data-captcha-refresh]");
  if (!link) return;
  event.preventDefault();
  const box = link.closest("[data-captcha]");
  const response = await fetch(box.dataset.refreshUrl, {
    headers: { "X-Requested-With": "XMLHttpRequest" },
    credentials: "same-origin",
  });
  if (!response.ok) {
    // Too many new pictures from this address (429): say so beside the picture instead of doing nothing.
    const data = await response.json().catch(() => ({}));
    if (!data.error) return;
    let note = box.querySelector("[data-captcha-note]");
    if (!note) {
      note = document.createElement("div");
      note.className = "form-text text-danger";
      note.dataset.captchaNote = "";
      box.append(note);
    }
    note.textContent = data.error;
    return;
  }
  const challenge = await response.json();
  box.querySelector("img").src = challenge.image_url;
  const form = link.closest("form");
  form.querySelector("input[type=hidden][name$='_0']").value = challenge.key;
  const answer = form.querySelector("input[name$='_1']");
  answer.value = "";
  answer.focus();
});
