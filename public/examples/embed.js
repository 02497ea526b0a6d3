// Embedding Portico's admin portal in your app: the browser half. Copy this into your app's admin page.
//
// 1. Ask your backend for a portal link. Your backend calls
//      PUT {PORTICO}/api/v1/organizations/{organization_id}/portal_links
//    with a management token (see /examples/portal-link in Portico's source for a complete server route)
//    and returns the link's `location`. Never call the management API from the browser.
// 2. Put `location` in an iframe with allow="clipboard-write" (the portal's copy buttons need it).
// 3. Listen for the portal's browser events, accepting only messages from Portico's origin and the iframe.
//    PORTAL_RESIZE carries the height of the portal's content: size the iframe to it, so the page scrolls
//    once instead of the portal scrolling inside a fixed-height frame.
//
// Your app's origin must be registered in Portico (console → Settings → Allowed origins, or the
// PORTAL_ALLOWED_ORIGINS variable), otherwise the browser refuses to show the portal in the iframe.

function startPortico() {
  const container = document.getElementById("portico-portal");
  const log = document.getElementById("portico-events");
  const status = document.getElementById("portico-status");
  const organizationId = new URLSearchParams(window.location.search).get("organization_id") || container.dataset.organizationId;
  window.porticoEvents = [];
  let portalOrigin = null;
  let iframe = null;

  async function openPortal() {
    status.textContent = "Opening the admin portal…";
    const res = await fetch(container.dataset.linkEndpoint || "/examples/portal-link", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ organization_id: organizationId }),
    });
    if (!res.ok) {
      status.textContent = "Could not open the admin portal (" + res.status + ").";
      return;
    }
    const { location } = await res.json();
    portalOrigin = new URL(location).origin;
    iframe = document.createElement("iframe");
    iframe.src = location; // single use: a new link is needed for every page load
    iframe.title = "Admin portal";
    iframe.allow = "clipboard-write";
    // 600 px until the portal reports its height (PORTAL_RESIZE, right after it loads).
    iframe.style.cssText = "display:block;width:100%;height:600px;border:1px solid #e2e8f0;border-radius:8px;background:#fff";
    container.replaceChildren(iframe);
    status.textContent = "";
  }

  window.addEventListener("message", function (event) {
    // Only Portico's origin, and only our iframe: anything else is ignored.
    if (event.origin !== portalOrigin || !iframe || event.source !== iframe.contentWindow) return;
    const { event_type, message, organization_id, data } = event.data || {};
    window.porticoEvents.push({ origin: event.origin, event_type, organization_id, data });
    if (event_type === "PORTAL_RESIZE") {
      // The content's height in CSS pixels (the frame's border is drawn outside it).
      if (typeof data?.height === "number" && data.height > 0) iframe.style.height = Math.ceil(data.height) + "px";
      return;
    }
    const item = document.createElement("li");
    item.textContent = event_type + ": " + message;
    log.prepend(item);
    if (event_type === "PORTAL_SESSION_EXPIRY") {
      // The session is over; offer a fresh one (a new link from your backend).
      const again = document.createElement("button");
      again.textContent = "Reopen the admin portal";
      again.onclick = function () { again.remove(); openPortal(); };
      status.replaceChildren(again);
    }
  });

  openPortal();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startPortico);
else startPortico();
