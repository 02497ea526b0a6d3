import path from "node:path";
import { expect, test } from "@playwright/test";
import { db } from "@/lib/db";
import { startApp } from "../scripts/lib/app-server";
import { migrate } from "../scripts/lib/migrate";
import { startTemporaryDatabase } from "../scripts/lib/temp-database";
import { TEST_BOOTSTRAP } from "./support/bootstrap-env";
import { signInAsBootstrapOwner, signInAsOperator, signOutOfConsole } from "./support/console";
import { hasNoHorizontalOverflow, shootBothWidths } from "./support/screens";

test.afterAll(() => db.$disconnect());

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

test("the bootstrap owner signs in, sees the console and signs out; the signed-out session is dead on the server too", async ({ browser, page }) => {
  await signInAsBootstrapOwner(page);
  await expect(page).toHaveURL(/\/console\/organizations/);
  await expect(page.getByTestId("operator-role")).toHaveText("Owner");
  await expect(page.getByText(TEST_BOOTSTRAP.BOOTSTRAP_ADMIN_EMAIL)).toBeVisible();
  const session = await page.request.get("/api/auth/session");
  expect((await session.json()).operator).toMatchObject({ email: TEST_BOOTSTRAP.BOOTSTRAP_ADMIN_EMAIL, role: "owner" });
  // Someone copied the session cookie before the owner signed out.
  const copied = await page.context().cookies();
  expect(copied.some((c) => /session-token/.test(c.name))).toBe(true);
  const revocationsBefore = await db.operatorSessionRevocation.count();

  await signOutOfConsole(page);
  await page.goto("/console/organizations");
  await expect(page).toHaveURL(/\/console\/sign-in/);

  const thief = await browser.newContext();
  await thief.addCookies(copied);
  expect((await (await thief.request.get(`${new URL(page.url()).origin}/api/auth/session`)).json()).operator ?? null).toBeNull();
  const stolen = await thief.newPage();
  await stolen.goto(`${new URL(page.url()).origin}/console/organizations`);
  await expect(stolen).toHaveURL(/\/console\/sign-in/);
  await thief.close();
  expect(await db.operatorSessionRevocation.count()).toBe(revocationsBefore + 1);
  const signedOut = await db.auditEvent.findFirstOrThrow({ where: { action: "operator.signed_out", actorLabel: TEST_BOOTSTRAP.BOOTSTRAP_ADMIN_EMAIL }, orderBy: { seq: "desc" } });
  expect(signedOut.ip).toBeTruthy();
});

test("sign-in never redirects to another site", async ({ page }) => {
  await page.goto("/console/sign-in?callbackUrl=https://evil.example/console");
  await page.getByLabel("Email").fill(TEST_BOOTSTRAP.BOOTSTRAP_ADMIN_EMAIL);
  await page.getByLabel("Password").fill(TEST_BOOTSTRAP.BOOTSTRAP_ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname.startsWith("/console/") && !url.pathname.startsWith("/console/sign-in"));
  expect(new URL(page.url()).host).toBe(new URL(process.env.BASE_URL ?? "http://localhost:3000").host);
});

/**
 * A deployment of its own: a fresh database and an app instance started without BOOTSTRAP_ADMIN_*
 * (nor any other bootstrap), serving the build under test.
 */
async function withFreshDeployment(fn: (baseUrl: string) => Promise<void>): Promise<void> {
  const database = await startTemporaryDatabase("portico_fresh");
  try {
    migrate(database.url, { quiet: true });
    const app = await startApp({
      databaseUrl: database.url,
      env: {
        BOOTSTRAP_ADMIN_EMAIL: "", BOOTSTRAP_ADMIN_PASSWORD: "", BOOTSTRAP_MANAGEMENT_CLIENT_ID: "", BOOTSTRAP_MANAGEMENT_CLIENT_SECRET: "",
        PORTICO_DEV_TOOLS: "", PORTICO_EXAMPLES: "", PORTICO_NO_BUILD: "1", PORTICO_DATA_DIR: path.join(database.root, "data"),
      },
    });
    try {
      await fn(app.url);
    } finally {
      await app.stop();
    }
  } finally {
    await database.stop();
  }
}

test("a fresh deployment asks for the owner on the first visit; the owner signs in, and as the last owner can be neither demoted nor removed", async ({ browser }) => {
  test.setTimeout(240_000);
  await withFreshDeployment(async (baseUrl) => {
    const context = await browser.newContext({ baseURL: baseUrl });
    const page = await context.newPage();
    await page.goto("/console");
    await expect(page).toHaveURL(/\/console\/setup$/);
    await expect(page.getByRole("heading", { name: "Create the owner account" })).toBeVisible();
    await shootBothWidths(page, "console-setup");

    // Mistakes are named by field; nothing is created.
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Password", { exact: true }).fill("short");
    await page.getByLabel("Confirm password").fill("short");
    await page.getByRole("button", { name: "Create owner account" }).click();
    await expect(page.getByText("Email must be an email address", { exact: true })).toBeVisible();
    await expect(page.getByText("Password must be at least 12 characters", { exact: true })).toBeVisible();

    const password = "the first owner's password";
    await page.getByLabel("Name").fill("Olive Owner");
    await page.getByLabel("Email").fill("Olive@Fresh.test");
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByLabel("Confirm password").fill(password);
    await page.getByRole("button", { name: "Create owner account" }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/console/organizations"));
    await expect(page.getByTestId("operator-role")).toHaveText("Owner");
    await expect(page.getByText("olive@fresh.test")).toBeVisible();

    // The set-up is closed now, for everyone.
    const other = await browser.newContext({ baseURL: baseUrl });
    const stranger = await other.newPage();
    await stranger.goto("/console/setup");
    await expect(stranger).toHaveURL(/\/console\/sign-in/);
    await other.close();

    // The only owner cannot stop being one.
    await page.goto("/console/operators");
    const row = page.getByTestId("operator-olive@fresh.test");
    await row.getByLabel("Role of olive@fresh.test").selectOption("admin");
    await expect(row.getByRole("alert")).toContainText("this is the last owner");
    await page.reload();
    await expect(row.getByLabel("Role of olive@fresh.test")).toHaveValue("owner");
    await row.getByRole("button", { name: "Remove" }).click();
    await row.getByRole("button", { name: "Yes, remove" }).click();
    await expect(row.getByRole("alert")).toContainText("this is the last owner");
    await page.reload();
    await expect(page.getByTestId("operator-olive@fresh.test")).toBeVisible();

    // Sign out and back in with the chosen password.
    await signOutOfConsole(page);
    await signInAsOperator(page, "olive@fresh.test", password);
    await expect(page.getByTestId("operator-role")).toHaveText("Owner");
    await context.close();
  });
});
