"use server";

import { runAction } from "@/lib/actions/server";
import type { ActionResult } from "@/lib/actions/result";
import { parseInput } from "@/lib/errors";
import { requestContext } from "@/lib/http/server-request";
import { setupFirstOwner } from "@/lib/operators/owner-setup";
import { setupOwnerSchema } from "@/lib/operators/schemas";

/** First-visit owner set-up. Refused (by the domain, under a lock) once any operator exists. */
export async function setupOwnerAction(input: unknown): Promise<ActionResult<null>> {
  return runAction("operators.setup_owner", async () => {
    await setupFirstOwner(parseInput(setupOwnerSchema, input), await requestContext());
    return null;
  });
}
