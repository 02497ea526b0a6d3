import type { Page, Request } from "@playwright/test";

// Records the next server-action request a page sends (Next-Action header + body) so a test can replay
// the same call directly, e.g. with another operator's session, as an attacker would.

export interface RecordedAction {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export function recordNextServerAction(page: Page): Promise<RecordedAction> {
  return new Promise((resolve) => {
    const onRequest = (request: Request) => {
      const headers = request.headers();
      if (request.method() !== "POST" || !headers["next-action"]) return;
      page.off("request", onRequest);
      resolve({ url: request.url(), headers: { "next-action": headers["next-action"], "content-type": headers["content-type"] ?? "text/plain;charset=UTF-8", accept: "text/x-component" }, body: request.postData() ?? "" });
    };
    page.on("request", onRequest);
  });
}

/** Sends a recorded server action with this page's cookies; returns the status and the response text. */
export async function replayServerAction(page: Page, action: RecordedAction): Promise<{ status: number; text: string }> {
  const origin = new URL(action.url).origin;
  const res = await page.request.post(action.url, { headers: { ...action.headers, origin }, data: action.body });
  return { status: res.status(), text: await res.text() };
}
