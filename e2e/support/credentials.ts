import { expect, type Locator, type Page } from "@playwright/test";

// The one-time credentials dialog (components/service-principals/credentials-dialog.tsx) that shows a
// new client secret, for a service principal or an environment client.

/** The credentials dialog open on the page. */
export function credentialsDialog(page: Page): Locator {
  return page.getByRole("dialog").filter({ hasText: "You will not see this secret again" });
}

/** Closes a one-time secret dialog the only way it closes: confirm the secret was stored, then Done. */
export async function acknowledgeSecret(page: Page, dialog: Locator = credentialsDialog(page)): Promise<void> {
  await dialog.getByRole("checkbox", { name: "I have copied the client secret and stored it somewhere safe" }).check();
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toHaveCount(0);
}
