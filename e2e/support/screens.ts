import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";

export const SCREENSHOT_DIR = path.resolve(process.cwd(), "e2e/screenshots");

// Chromium's full-page capture keeps the viewport height, so anything sized or pinned to the viewport
// (the console's sticky full-height sidebar) is drawn once, wherever the page happened to be scrolled:
// floating mid-page or cut short. Instead the viewport is made as tall as the page, scrolled to the top,
// so the shot is what a user with a screen that tall would see. With a dialog open, the shot is the
// screen as it is, since that is what the user sees.
const MAX_HEIGHT = 16_000;

/** Screenshots of the current screen at desktop (1280 px) and phone (360 px) widths, the whole page tall. */
export async function shootBothWidths(page: Page, name: string, { beforeShot }: { beforeShot?: () => Promise<void> } = {}): Promise<string[]> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const original = page.viewportSize();
  const files: string[] = [];
  for (const [width, height] of [[1280, 800], [360, 740]] as const) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(100);
    await beforeShot?.();
    const dialogOpen = await page.locator('[aria-modal="true"]').count() > 0;
    if (dialogOpen) {
      // The dialog may scroll: keep the control the user is on in view, as the browser would for them.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.scrollIntoView?.({ block: "nearest" }));
    } else {
      await page.evaluate(() => window.scrollTo(0, 0));
      const full = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.setViewportSize({ width, height: Math.min(MAX_HEIGHT, Math.max(height, full)) });
      await page.waitForTimeout(100);
    }
    const file = path.join(SCREENSHOT_DIR, `${name}-${width}.png`);
    await page.screenshot({ path: file });
    files.push(file);
  }
  if (original) await page.setViewportSize(original);
  return files;
}

/** True when nothing on the page is wider than the viewport (no sideways scrolling at 360 px). */
export async function hasNoHorizontalOverflow(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}
