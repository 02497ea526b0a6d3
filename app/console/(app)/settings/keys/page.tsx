import type { Metadata } from "next";
import { can } from "@/lib/authz";
import { SIGNING_ALGS } from "@/lib/keys/algorithms";
import { listSigningKeys } from "@/lib/keys/admin";
import { NEXT_KEY_MIN_PUBLISHED_SEC } from "@/lib/keys/rotation";
import { requireOperatorPage } from "@/lib/operators/guard";
import { Section } from "@/app/console/_components/section";
import { Time } from "@/components/ui";
import { SigningKeyControls } from "./signing-key-controls";

export const metadata: Metadata = { title: "Signing keys" };

const STATUS: Record<string, { label: string; style: string; help: string }> = {
  next: { label: "Next", style: "bg-sky-50 text-sky-800", help: "Published, not signing yet" },
  current: { label: "Current", style: "bg-emerald-50 text-emerald-800", help: "Signs new tokens" },
  previous: { label: "Previous", style: "bg-amber-50 text-amber-900", help: "Published until its tokens expire" },
  retired: { label: "Retired", style: "bg-slate-100 text-slate-600", help: "Unpublished; private key wiped" },
};

/** How long a next key is published before it may sign, in words. */
const NEXT_KEY_DELAY = `${NEXT_KEY_MIN_PUBLISHED_SEC / 60} minutes`;

export default async function SigningKeysPage() {
  const operator = await requireOperatorPage("settings:read");
  const { keys, settings, next_rotation_time } = await listSigningKeys(operator);
  return (
    <div className="space-y-6">
      <Section id="keys" title="Signing keys" description={<>Access tokens are signed with the current key; validators fetch public keys from <code>/keys</code>.</>}>
        {keys.length === 0 ? <p className="text-sm text-slate-600">No keys yet: they are made when the token service first starts.</p> : (
          <ul className="divide-y divide-slate-200 rounded-md border border-slate-200">
            {keys.map((k) => (
              <li key={k.kid} className="flex flex-col gap-1 px-3 py-2 sm:flex-row sm:items-center sm:justify-between">
                <div className="min-w-0">
                  <p className="font-mono text-sm"><span className="break-all">{k.kid}</span> <span className="whitespace-nowrap text-slate-500">· {k.alg}</span></p>
                  <p className="text-xs text-slate-500">
                    {k.status === "next" ? "Published" : "Created"} <Time value={k.create_time} />
                    {k.signable_time ? <> · can sign from <Time value={k.signable_time} /></> : null}
                    {k.activate_time ? <> · signing since <Time value={k.activate_time} /></> : null}
                    {k.planned_retire_time ? <> · unpublished after <Time value={k.planned_retire_time} /></> : null}
                    {k.retire_time ? <> · retired <Time value={k.retire_time} /></> : null}
                  </p>
                </div>
                <span title={STATUS[k.status]?.help} className={`self-start rounded-full px-2 py-0.5 text-xs font-medium sm:self-auto ${STATUS[k.status]?.style}`}>{STATUS[k.status]?.label ?? k.status}</span>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section id="rotation" title="Rotation" description={next_rotation_time ? <>Next automatic rotation: <Time value={next_rotation_time} />. A next key signs only after it has been published for {NEXT_KEY_DELAY}, longer than validators cache <code>/keys</code>.</> : undefined}>
        <SigningKeyControls settings={settings} algs={SIGNING_ALGS} readOnly={!can(operator, "settings:write")} nextKeyDelay={NEXT_KEY_DELAY} />
      </Section>
    </div>
  );
}
