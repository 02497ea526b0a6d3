import { expect, test } from "@playwright/test";
import { TEST_BOOTSTRAP } from "./support/bootstrap-env";
import { signInAsBootstrapOwner, signOutOfConsole } from "./support/console";
import { hasNoHorizontalOverflow, shootBothWidths } from "./support/screens";

test("the console asks for sign-in, and the owner set-up is refused once an owner exists", async ({ page }) => {
  await page.goto("/console/organizations");
  await expect(page).toHaveURL(/\/console\/sign-in/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await shootBothWidths(page, "console-sign-in");
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await hasNoHorizontalOverflow(page)).toBe(true);

  // The app was bootstrapped with an owner, so the first-visit set-up is closed.
  await page.goto("/console/setup");
  await expect(page).toHaveURL(/\/console\/sign-in/);
});

test("a wrong password and an unknown email get the same answer", async ({ page }) => {
  await page.goto("/console/sign-in");
  await page.getByLabel("Email").fill(TEST_BOOTSTRAP.BOOTSTRAP_ADMIN_EMAIL);
  await page.getByLabel("Password").fill("definitely not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  const alert = page.locator("form").getByRole("alert");
  await expect(alert).toHaveText("That email and password do not match an operator account.");
  await page.getByLabel("Email").fill("nobody-here@portico.test");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(alert).toHaveText("That email and password do not match an operator account.");
  await expect(page).toHaveURL(/\/console\/sign-in/);
});

test("the bootstrap owner signs in, sees the console and signs out", async ({ page }) => {
  await signInAsBootstrapOwner(page);
  await expect(page).toHaveURL(/\/console\/organizations/);
  await expect(page.getByTestId("operator-role")).toHaveText("Owner");
  await expect(page.getByText(TEST_BOOTSTRAP.BOOTSTRAP_ADMIN_EMAIL)).toBeVisible();
  const session = await page.request.get("/api/auth/session");
  expect((await session.json()).operator).toMatchObject({ email: TEST_BOOTSTRAP.BOOTSTRAP_ADMIN_EMAIL, role: "owner" });
  await signOutOfConsole(page);
  await page.goto("/console/organizations");
  await expect(page).toHaveURL(/\/console\/sign-in/);
});

test("sign-in never redirects to another site", async ({ page }) => {
  await page.goto("/console/sign-in?callbackUrl=https://evil.example/console");
  await page.getByLabel("Email").fill(TEST_BOOTSTRAP.BOOTSTRAP_ADMIN_EMAIL);
  await page.getByLabel("Password").fill(TEST_BOOTSTRAP.BOOTSTRAP_ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname.startsWith("/console/") && !url.pathname.startsWith("/console/sign-in"));
  expect(new URL(page.url()).host).toBe(new URL(process.env.BASE_URL ?? "http://localhost:3000").host);
});
