"use client";

import { Button, Input } from "@/components/ui";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callAction } from "@/lib/actions/result";
import { deleteOrganizationAction } from "../../actions";

export function DeleteOrganization({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onDelete(event: React.FormEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const result = await callAction(() => deleteOrganizationAction(id, typed));
    if (!result.ok) {
      setError(result.error.message);
      setPending(false);
      return;
    }
    router.push("/console/organizations");
    router.refresh();
  }

  return (
    <section aria-labelledby="danger" className="mt-10 max-w-2xl rounded-lg border border-red-200 bg-white p-4 sm:p-6">
      <h2 id="danger" className="text-base font-semibold text-red-800">Delete organization</h2>
      <p className="mt-1 text-sm text-slate-600">
        Deletes the organization with its service principals, their secrets (tokens stop being issued at once), portal links and sessions. This cannot be undone.
      </p>
      {!open ? (
        <Button variant="danger-ghost" onClick={() => setOpen(true)} className="mt-4 border border-red-300">
          Delete organization…
        </Button>
      ) : (
        <form onSubmit={onDelete} className="mt-4 space-y-3">
          <label htmlFor="confirm-delete" className="block text-sm text-slate-800">
            Type <strong className="break-all font-semibold">{name}</strong> to confirm
          </label>
          <Input id="confirm-delete" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" autoFocus />
          {error ? <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">{error}</p> : null}
          <div className="flex flex-wrap gap-2">
            <Button type="submit" variant="danger" disabled={typed.trim() !== name} loading={pending}>
              {pending ? "Deleting…" : "Delete this organization"}
            </Button>
            <Button onClick={() => { setOpen(false); setTyped(""); setError(null); }}>Cancel</Button>
          </div>
        </form>
      )}
    </section>
  );
}
