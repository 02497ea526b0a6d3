import type { Metadata } from "next";
import { can } from "@/lib/authz";
import { requireOperatorPage } from "@/lib/operators/guard";
import { getCustomAttributes } from "@/lib/sso/custom-attributes";
import { Section } from "@/app/console/_components/section";
import { CustomAttributesForm } from "./custom-attributes-form";

export const metadata: Metadata = { title: "SSO attributes" };

export default async function SsoAttributesPage() {
  const operator = await requireOperatorPage("settings:read");
  return (
    <Section id="sso-attributes" title="Custom SSO attributes"
      description="Attributes beyond email and name that your app wants from your customers' identity providers (an employee number, a cost centre). Each connection maps an IdP attribute to the key; the profile and ID token carry it under custom_attributes.">
      <CustomAttributesForm initial={await getCustomAttributes(operator)} readOnly={!can(operator, "settings:write")} />
    </Section>
  );
}
