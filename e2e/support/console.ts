import { expect, type Page } from "@playwright/test";
import { TEST_BOOTSTRAP } from "./bootstrap-env";

// Signing in to the console through the real sign-in page (next-auth credentials, argon2id).

export async function signInAsOperator(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/console/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname.startsWith("/console") && !url.pathname.startsWith("/console/sign-in"));
  await expect(page.getByTestId("operator-role")).toBeAttached();
}

/** Signs in as the owner the test app was bootstrapped with (BOOTSTRAP_ADMIN_EMAIL/PASSWORD). */
export async function signInAsBootstrapOwner(page: Page): Promise<void> {
  await signInAsOperator(page, TEST_BOOTSTRAP.BOOTSTRAP_ADMIN_EMAIL, TEST_BOOTSTRAP.BOOTSTRAP_ADMIN_PASSWORD);
}

export async function signOutOfConsole(page: Page): Promise<void> {
  const menu = page.getByRole("button", { name: "Menu" });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/console\/sign-in/);
}
