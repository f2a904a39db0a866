"""Layout checks run in the page: horizontal overflow, and short button texts that wrap (one character a line)."""

OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"

# Buttons, badges and button-like links whose short text breaks over lines: “查\n看”. A range over the
# element's text gives one rectangle per line box.
WRAPPED = """() => {
  const out = [];
  document.querySelectorAll('button, .btn, .badge, .nav-link, th').forEach((el) => {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden' || !el.offsetParent && style.position !== 'fixed') return;
    const text = (el.innerText || '').trim();
    if (text.length < 2 || text.length > 10 || text.includes('\\n')) return;
    // The text's own line boxes (an icon set on a line of its own above the words is a layout choice).
    const tops = new Set();
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      [...range.getClientRects()].filter((r) => r.width > 0).forEach((r) => tops.add(Math.round(r.top)));
    }
    if (tops.size > 1) out.push(`${el.tagName.toLowerCase()}.${el.className.split(' ').slice(0, 2).join('.')} “${text}” on ${tops.size} lines`);
  });
  return out;
}"""

# A badge stretched by its flex or grid container: far wider than its text.
STRETCHED = """() => [...document.querySelectorAll('.badge')].filter((b) => b.offsetParent).filter((b) => {
  const range = document.createRange(); range.selectNodeContents(b);
  const text = range.getBoundingClientRect().width;
  return text > 0 && b.getBoundingClientRect().width > text + 48;
}).map((b) => `badge “${b.innerText.trim()}” ${Math.round(b.getBoundingClientRect().width)}px wide`)"""


def problems(page) -> list[str]:
    found = []
    overflow = page.evaluate(OVERFLOW)
    if overflow > 0:
        found.append(f"horizontal overflow by {overflow}px")
    return found + page.evaluate(WRAPPED) + page.evaluate(STRETCHED)
