import type { Page, Request } from "@playwright/test";

// Records the next server-action request a page sends (Next-Action header + body) so a test can replay
// the same call directly, e.g. with another operator's session, as an attacker would.

export interface RecordedAction {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Records the next server-action call, or the next whose body `matches` (others, e.g. list queries, are skipped). */
export function recordNextServerAction(page: Page, matches: (body: string) => boolean = () => true): Promise<RecordedAction> {
  return new Promise((resolve) => {
    const onRequest = (request: Request) => {
      const headers = request.headers();
      const body = request.postData() ?? "";
      if (request.method() !== "POST" || !headers["next-action"] || !matches(body)) return;
      page.off("request", onRequest);
      resolve({ url: request.url(), headers: { "next-action": headers["next-action"], "content-type": headers["content-type"] ?? "text/plain;charset=UTF-8", accept: "text/x-component" }, body });
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
