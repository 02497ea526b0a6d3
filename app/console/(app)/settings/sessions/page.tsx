import type { Metadata } from "next";
import { can } from "@/lib/authz";
import { getSessionDefaults } from "@/lib/session-settings";
import { requireOperatorPage } from "@/lib/operators/guard";
import { Section } from "@/app/console/_components/section";
import { SessionDefaultsForm } from "./session-defaults-form";

export const metadata: Metadata = { title: "Session settings" };

export default async function SessionSettingsPage() {
  const operator = await requireOperatorPage("settings:read");
  const defaults = await getSessionDefaults();
  return (
    <Section id="session-defaults" title="Session defaults"
      description="Apply to admin-portal sessions, SSO sessions handed to your app, console sessions and access tokens. Organizations can only tighten them.">
      <SessionDefaultsForm defaults={defaults} readOnly={!can(operator, "settings:write")} />
    </Section>
  );
}
