import type { Metadata } from "next";
import { AcceptInvitation } from "./accept-invitation";

export const metadata: Metadata = { title: "Join the console", referrer: "no-referrer" };

// The invitation token travels in the URL fragment, which browsers never send to the server; the form
// below reads it and checks it through a server action.
export default function AcceptInvitationPage() {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <AcceptInvitation />
    </div>
  );
}
