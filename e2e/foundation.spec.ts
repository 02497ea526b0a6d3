import { expect, test } from "@playwright/test";
import { hasNoHorizontalOverflow, shootBothWidths } from "./support/screens";

test("health reports the app and its database", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(res.headers()["cache-control"]).toBe("no-store");
  const body = await res.json();
  expect(body).toMatchObject({ status: "ok", database: "ok" });
  expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
});

test("every response carries security headers and a request id", async ({ request }) => {
  const res = await request.get("/", { headers: { "x-request-id": "trace-123" } });
  const h = res.headers();
  expect(h["x-request-id"]).toBe("trace-123");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+'/);
  // A malformed incoming id is replaced, not echoed into logs.
  const bad = await request.get("/api/health", { headers: { "x-request-id": "<script>" } });
  expect(bad.headers()["x-request-id"]).toMatch(/^req_/);
});

test("the home page renders and hydrates under the CSP, at desktop and phone widths", async ({ page }) => {
  const cspErrors: string[] = [];
  page.on("console", (msg) => { if (/Content Security Policy/i.test(msg.text())) cspErrors.push(msg.text()); });
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Identity admin plane" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Open the console" })).toBeVisible();
  await shootBothWidths(page, "home");
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await hasNoHorizontalOverflow(page)).toBe(true);
  expect(cspErrors).toEqual([]);
});

test("the app cannot be framed by another site", async ({ page }) => {
  const res = await page.request.get("/");
  expect(res.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
});
