"use client";

// The portal's height inside a host page's iframe, for PORTAL_RESIZE. The page marks itself embedded
// (html[data-portal-embedded]: the portal root then drops its screen-tall minimum, globals.css) and
// reports the height its content needs: the portal root's, or an open dialog's when that is taller (a
// dialog in a frame sized to short content would otherwise be squeezed). Reported when it changes,
// at most once a frame.

/** Room an open dialog needs: its panel at full height (its body unscrolled) plus the overlay's padding. */
function dialogHeight(): number {
  let tallest = 0;
  for (const panel of Array.from(document.querySelectorAll<HTMLElement>('[aria-modal="true"]'))) {
    const body = panel.querySelector<HTMLElement>("[data-dialog-body]");
    const natural = panel.offsetHeight + (body ? body.scrollHeight - body.clientHeight : 0);
    tallest = Math.max(tallest, natural + 32);
  }
  return tallest;
}

export function watchFrameHeight(report: (height: number) => void): () => void {
  const root = document.querySelector<HTMLElement>("[data-portal-root]");
  if (!root) return () => {};
  document.documentElement.dataset.portalEmbedded = "";
  let last = 0;
  let frame = 0;
  const measure = () => {
    frame = 0;
    const height = Math.ceil(Math.max(root.getBoundingClientRect().height, dialogHeight()));
    if (height > 0 && Math.abs(height - last) >= 1) {
      last = height;
      report(height);
    }
  };
  const schedule = () => { if (!frame) frame = requestAnimationFrame(measure); };
  const resize = new ResizeObserver(schedule);
  resize.observe(root);
  // Dialogs open in <body>, outside the root, and their contents change without resizing it.
  const mutations = new MutationObserver(schedule);
  mutations.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["class", "style", "open"] });
  schedule();
  return () => {
    resize.disconnect();
    mutations.disconnect();
    if (frame) cancelAnimationFrame(frame);
    delete document.documentElement.dataset.portalEmbedded;
  };
}
