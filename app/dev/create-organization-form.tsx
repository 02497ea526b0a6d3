"use client";
import { useActionState } from "react";
import { Button, Field, fieldMessage, Input } from "@/components/ui";
import { fieldMessages } from "@/lib/actions/result";
import { createDevOrganization } from "./actions";

export function CreateOrganizationForm() {
  const [state, action, pending] = useActionState(createDevOrganization, null);
  const failure = state && !state.ok ? state.error : null;
  const error = failure ? (fieldMessage("Name", fieldMessages(failure).display_name) ?? failure.message) : null;
  return (
    <form action={action} className="flex flex-col gap-3 sm:flex-row sm:items-end">
      <Field label="Organization name" className="flex-1" error={error}>
        <Input name="display_name" required maxLength={200} placeholder="Acme Inc." />
      </Field>
      <Button type="submit" variant="primary" loading={pending}>Create organization</Button>
    </form>
  );
}
