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

export interface IdSwapper {
  /** Pairs of ids replaced in every server-action body from now on (empty: nothing is touched). */
  swap: [string, string][];
  /** Whether the list call that carries only the organization id (`[orgId]`) is swapped too. */
  swapLists: boolean;
  /** Each swapped call as sent, and the server's answer. */
  answers: { body: string; status: number; text: string }[];
}

/**
 * Rewrites the portal's own server-action calls as an attacker holding its session would: the ids in
 * each request body are swapped for another organization's, while the cookie and CSRF token stay the
 * session's. The list call (`[organizationId]` only) is left alone unless `swapLists`, so the page keeps
 * its own list on screen to drive the next step.
 */
export async function swapIdsInServerActions(page: Page, organizationId: string): Promise<IdSwapper> {
  const state: IdSwapper = { swap: [], swapLists: false, answers: [] };
  await page.route("**/portal/**", async (route) => {
    const request = route.request();
    if (!state.swap.length || request.method() !== "POST" || !request.headers()["next-action"]) return route.continue();
    let body = request.postData() ?? "";
    if (!state.swapLists && body === JSON.stringify([organizationId])) return route.continue();
    for (const [from, to] of state.swap) body = body.split(from).join(to);
    const response = await route.fetch({ postData: body });
    const text = await response.text();
    await route.fulfill({ response, body: text });
    state.answers.push({ body, status: response.status(), text });
  });
  return state;
}
