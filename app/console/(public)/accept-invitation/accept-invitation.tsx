"use client";

import { buttonClasses } from "@/components/ui";
import { signIn } from "next-auth/react";
import { useEffect, useState } from "react";
import { callAction, fieldMessages } from "@/lib/actions/result";
import { acceptInvitationAction, describeInvitationAction } from "./actions";

type State =
  | { step: "checking" }
  | { step: "invalid"; message: string }
  | { step: "form"; token: string; email: string; role: string };

const ROLE: Record<string, string> = { owner: "an owner", admin: "an admin", auditor: "an auditor (read only)" };

export function AcceptInvitation() {
  const [state, setState] = useState<State>({ step: "checking" });
  const [fields, setFields] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    // A hand-edited link may not decode; it is then an unknown invitation like any other.
    let token = "";
    try {
      token = decodeURIComponent(window.location.hash.slice(1));
    } catch {
      token = window.location.hash.slice(1);
    }
    // Keep the token out of the address bar (and so out of screenshots and history) once read.
    if (token) window.history.replaceState(null, "", window.location.pathname);
    void callAction(() => describeInvitationAction(token)).then((result) => {
      setState(result.ok ? { step: "form", token, email: result.data.email, role: result.data.role } : { step: "invalid", message: result.error.message });
    });
  }, []);

  if (state.step === "checking") return <p role="status" className="text-sm text-slate-600">Checking your invitation…</p>;
  if (state.step === "invalid") {
    return (
      <div>
        <h1 className="text-xl font-semibold text-slate-900">Invitation not valid</h1>
        <p role="alert" className="mt-2 text-sm text-slate-700">{state.message}</p>
      </div>
    );
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (state.step !== "form") return;
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    if (password !== form.get("confirm")) {
      setFields({ confirm: "does not match the password" });
      return;
    }
    setPending(true);
    setFields({});
    setMessage(null);
    const result = await callAction(() => acceptInvitationAction({ token: state.token, name: String(form.get("name") ?? ""), password }));
    if (!result.ok) {
      setFields(fieldMessages(result.error));
      setMessage(result.error.fields.length ? "Check the highlighted fields." : result.error.message);
      setPending(false);
      return;
    }
    const signedIn = await signIn("credentials", { redirect: false, email: result.data.email, password });
    window.location.assign(signedIn?.ok && !signedIn.error ? "/console" : "/console/sign-in?invited=1");
  }

  const field = (name: string, label: string, type: string, autoComplete: string, hint?: string) => (
    <div>
      <label htmlFor={name} className="block text-sm font-medium text-slate-700">{label}</label>
      <input id={name} name={name} type={type} autoComplete={autoComplete} aria-invalid={!!fields[name]} aria-describedby={`${name}-hint`}
        className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm aria-[invalid=true]:border-red-500" />
      <p id={`${name}-hint`} className={`mt-1 text-xs ${fields[name] ? "text-red-700" : "text-slate-500"}`}>{fields[name] ? `${label} ${fields[name]}` : hint}</p>
    </div>
  );

  return (
    <div>
      <h1 className="text-xl font-semibold text-slate-900">Join the console</h1>
      <p className="mt-1 text-sm text-slate-600">
        You were invited as {ROLE[state.role] ?? state.role} with <strong className="break-all">{state.email}</strong>. Choose a password to finish.
      </p>
      <form onSubmit={onSubmit} className="mt-6 space-y-3" noValidate>
        <input type="email" name="username" autoComplete="username" value={state.email} readOnly hidden />
        {field("name", "Name", "text", "name", "Optional; shown to other operators.")}
        {field("password", "Password", "password", "new-password", "At least 12 characters.")}
        {field("confirm", "Confirm password", "password", "new-password")}
        {message ? <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">{message}</p> : null}
        <button type="submit" disabled={pending} className={buttonClasses({ variant: "primary", className: "w-full" })}>
          {pending ? "Creating your account…" : "Create account and sign in"}
        </button>
      </form>
    </div>
  );
}
