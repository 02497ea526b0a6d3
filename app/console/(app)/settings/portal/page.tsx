import type { Metadata } from "next";
import { can } from "@/lib/authz";
import { listAllowedOrigins } from "@/lib/portal/origins";
import { getBranding } from "@/lib/settings/branding";
import { requireOperatorPage } from "@/lib/operators/guard";
import { Section } from "@/app/console/_components/section";
import { AllowedOrigins } from "./allowed-origins";
import { BrandingForm } from "./branding-form";

export const metadata: Metadata = { title: "Portal & branding" };

export default async function PortalSettingsPage() {
  const operator = await requireOperatorPage("settings:read");
  const [origins, branding] = await Promise.all([listAllowedOrigins(operator), getBranding()]);
  const readOnly = !can(operator, "settings:write");
  return (
    <div className="space-y-6">
      <Section id="origins" title="Allowed origins"
        description="Sites allowed to embed the admin portal in an iframe and to receive its browser events: exact origins, or every subdomain of one with https://*.example.com.">
        <AllowedOrigins origins={origins} readOnly={readOnly} />
      </Section>
      <Section id="branding" title="Branding" description="What tenant admins see in the admin portal.">
        <BrandingForm branding={branding} readOnly={readOnly} />
      </Section>
    </div>
  );
}
