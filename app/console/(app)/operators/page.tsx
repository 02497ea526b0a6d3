import type { Metadata } from "next";
import { can } from "@/lib/authz";
import { listInvitations } from "@/lib/operators/invitations";
import { listOperators } from "@/lib/operators/manage";
import { requireOperatorPage } from "@/lib/operators/guard";
import { PageHeader } from "@/app/console/_components/page-header";
import { Time } from "@/components/ui";
import { InviteOperatorForm, OperatorActions, RevokeInvitation, RoleSelect } from "./operator-controls";

export const metadata: Metadata = { title: "Operators" };

const ROLE_LABEL: Record<string, string> = { owner: "Owner", admin: "Admin", auditor: "Auditor" };
const STATUS_STYLE: Record<string, string> = {
  pending: "bg-amber-50 text-amber-900", accepted: "bg-emerald-50 text-emerald-800", revoked: "bg-slate-100 text-slate-600", expired: "bg-slate-100 text-slate-600",
};

export default async function OperatorsPage() {
  const me = await requireOperatorPage("operators:read");
  const [operators, invitations] = await Promise.all([listOperators(me), listInvitations(me)]);
  const canManage = can(me, "operators:write");

  return (
    <div className="space-y-8">
      <PageHeader title="Operators" description="Your team's console accounts. Owners invite operators and change roles; auditors can read everything and change nothing." />

      {canManage ? (
        <section aria-labelledby="invite" className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
          <h2 id="invite" className="mb-3 text-base font-semibold text-slate-900">Invite an operator</h2>
          <InviteOperatorForm />
        </section>
      ) : null}

      <section aria-labelledby="team">
        <h2 id="team" className="mb-3 text-base font-semibold text-slate-900">Team</h2>
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {operators.map((o) => {
            const self = o.id === me.id;
            return (
              <li key={o.id} className="flex flex-col gap-3 px-4 py-3 sm:flex-row sm:items-center sm:justify-between" data-testid={`operator-${o.email}`}>
                <div className="min-w-0">
                  <p className="break-all font-medium text-slate-900">{o.name || o.email}{self ? <span className="ml-2 text-xs font-normal text-slate-500">(you)</span> : null}</p>
                  {o.name ? <p className="break-all text-sm text-slate-600">{o.email}</p> : null}
                  <p className="text-xs text-slate-500">Last sign-in: {o.last_sign_in_time ? <Time value={o.last_sign_in_time} /> : "never"}</p>
                </div>
                <div className="flex flex-col gap-2 sm:items-end">
                  {canManage ? <RoleSelect operatorId={o.id} role={o.role} email={o.email} /> : <span className="text-sm text-slate-700">{ROLE_LABEL[o.role] ?? o.role}</span>}
                  <OperatorActions operatorId={o.id} email={o.email} self={self} canManage={canManage} />
                </div>
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby="invitations">
        <h2 id="invitations" className="mb-3 text-base font-semibold text-slate-900">Invitations (last 30 days)</h2>
        {invitations.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600">No invitations.</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {invitations.map((i) => (
              <li key={i.id} className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-center sm:justify-between">
                <div className="min-w-0">
                  <p className="break-all text-sm font-medium text-slate-900">{i.email} <span className="font-normal text-slate-500">· {ROLE_LABEL[i.role]}</span></p>
                  <p className="text-xs text-slate-500">Sent <Time value={i.create_time} /> · {i.status === "expired" ? "expired" : "expires"} <Time value={i.expire_time} /></p>
                </div>
                <div className="flex items-center gap-2">
                  <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[i.status]}`}>{i.status}</span>
                  {canManage && i.status === "pending" ? <RevokeInvitation invitationId={i.id} email={i.email} /> : null}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
