"use server";

import { runAction } from "@/lib/actions/server";
import type { ActionResult } from "@/lib/actions/result";
import { parseInput } from "@/lib/errors";
import { idOf } from "@/lib/validation/ids";
import { requireOperatorContext } from "@/lib/operators/guard";
import {
  addEnvironmentClientSecret, createEnvironmentClient, deleteEnvironmentClient, listEnvironmentClients, revokeEnvironmentClientSecret, updateEnvironmentClient,
} from "@/lib/service-principals";
import {
  addClientSecretSchema, createEnvironmentClientSchema, updateEnvironmentClientSchema, type ClientSecretView, type EnvironmentClientView,
} from "@/lib/service-principals/schemas";

// Environment clients (console → Settings): the same client screens as an organization's service
// principals (components/service-principals), over these actions. The domain authorizes (settings:write).


export async function listEnvironmentClientsAction(): Promise<ActionResult<EnvironmentClientView[]>> {
  return runAction("environment_clients.list", async () => listEnvironmentClients((await requireOperatorContext()).principal));
}

export async function createEnvironmentClientAction(input: unknown): Promise<ActionResult<{ client: EnvironmentClientView; plainSecret: string }>> {
  return runAction("environment_clients.create", async () => createEnvironmentClient(await requireOperatorContext(), parseInput(createEnvironmentClientSchema, input)));
}

export async function updateEnvironmentClientAction(clientId: unknown, patch: unknown): Promise<ActionResult<EnvironmentClientView>> {
  return runAction("environment_clients.update", async () => updateEnvironmentClient(await requireOperatorContext(), idOf("environment_client", clientId), parseInput(updateEnvironmentClientSchema, patch)));
}

export async function deleteEnvironmentClientAction(clientId: unknown): Promise<ActionResult<null>> {
  return runAction("environment_clients.delete", async () => { await deleteEnvironmentClient(await requireOperatorContext(), idOf("environment_client", clientId)); return null; });
}

/** A new secret next to the existing ones (rotation without downtime: add, move callers over, revoke the old one). */
export async function addEnvironmentClientSecretAction(clientId: unknown, input: unknown = {}): Promise<ActionResult<{ secret: ClientSecretView; plainSecret: string }>> {
  return runAction("environment_clients.add_secret", async () =>
    addEnvironmentClientSecret(await requireOperatorContext(), idOf("environment_client", clientId), parseInput(addClientSecretSchema, input)));
}

export async function revokeEnvironmentClientSecretAction(clientId: unknown, secretId: unknown): Promise<ActionResult<null>> {
  return runAction("environment_clients.revoke_secret", async () => {
    await revokeEnvironmentClientSecret(await requireOperatorContext(), idOf("environment_client", clientId), idOf("client_secret", secretId));
    return null;
  });
}
