"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callAction, fieldMessages, type ActionResult, type Failure } from "@/lib/actions/result";

// Runs a server action from a plain (non-TanStack) console form or button: pending state, the failure
// by field, and a refresh of the server-rendered page on success, so every view of what changed shows
// the new state. One hook for every such screen instead of one per file.

export function useAction({ refresh = true }: { refresh?: boolean } = {}) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);

  async function run<T>(action: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
    setPending(true);
    setFailure(null);
    const result = await callAction(action);
    setPending(false);
    if (!result.ok) setFailure(result.error);
    else if (refresh) router.refresh();
    return result;
  }

  return {
    pending,
    failure,
    /** The failure's first message per field ("scopes.0" counts for "scopes"). */
    fields: fieldMessages(failure, { top: true }),
    run,
    reset: () => setFailure(null),
  };
}
