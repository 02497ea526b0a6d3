"use client";

import { buttonClasses } from "@/components/ui";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { callAction, fieldMessages } from "@/lib/actions/result";
import { setupOwnerAction } from "./actions";

export function SetupForm() {
  const [fields, setFields] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { name: String(form.get("name") ?? ""), email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") };
    if (input.password !== form.get("confirm")) {
      setFields({ confirm: "does not match the password" });
      setMessage("Check the highlighted fields.");
      return;
    }
    setPending(true);
    setMessage(null);
    setFields({});
    const result = await callAction(() => setupOwnerAction(input));
    if (!result.ok) {
      setFields(fieldMessages(result.error));
      setMessage(result.error.fields.length ? "Check the highlighted fields." : result.error.message);
      setPending(false);
      return;
    }
    const signedIn = await signIn("credentials", { redirect: false, email: input.email, password: input.password });
    window.location.assign(signedIn?.ok && !signedIn.error ? "/console" : "/console/sign-in");
  }

  const field = (name: string, label: string, type: string, autoComplete: string, hint?: string) => (
    <div>
      <label htmlFor={name} className="block text-sm font-medium text-slate-700">{label}</label>
      <input id={name} name={name} type={type} autoComplete={autoComplete} aria-invalid={!!fields[name]} aria-describedby={`${name}-hint`}
        className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-accent focus:outline-none aria-[invalid=true]:border-red-500" />
      <p id={`${name}-hint`} className={`mt-1 text-xs ${fields[name] ? "text-red-700" : "text-slate-500"}`}>
        {fields[name] ? `${label} ${fields[name]}` : hint}
      </p>
    </div>
  );

  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-3" noValidate>
      {field("name", "Name", "text", "name", "Optional; shown to other operators.")}
      {field("email", "Email", "email", "username")}
      {field("password", "Password", "password", "new-password", "At least 12 characters.")}
      {field("confirm", "Confirm password", "password", "new-password")}
      {message && <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">{message}</p>}
      <button type="submit" disabled={pending}
        className={buttonClasses({ variant: "primary", className: "w-full" })}>
        {pending ? "Creating…" : "Create owner account"}
      </button>
    </form>
  );
}
