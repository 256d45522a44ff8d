// Copy buttons: put the citation text on the clipboard, with a fallback where the
// Clipboard API is missing (pages served over plain http on another host).
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const text = document.getElementById(button.dataset.copy).textContent;
  let ok = false;
  try {
    await navigator.clipboard.writeText(text);
    ok = true;
  } catch (err) {
    const area = document.createElement("textarea");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    ok = document.execCommand("copy");
    area.remove();
  }
  const label = button.textContent;
  button.textContent = ok ? "Copied" : "Press Ctrl+C";
  button.classList.toggle("copied", ok);
  setTimeout(() => { button.textContent = label; button.classList.remove("copied"); }, 1800);
});
