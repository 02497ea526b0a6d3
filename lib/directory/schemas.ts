import { z } from "zod";
import { positionSchema } from "@/lib/validation/position";
import { plainText, text } from "@/lib/validation/text";
import { rfc3339Time } from "@/lib/validation/time";

// Directory inputs shared by the management API, the portal and the console (server actions), and the
// providers Portico knows how to guide an IT admin through. Client-safe (zod only).

export const DIRECTORY_PROVIDERS = ["OKTA", "MICROSOFT_AD", "JUMPCLOUD", "ONELOGIN", "OTHER"] as const;
export type DirectoryProvider = (typeof DIRECTORY_PROVIDERS)[number];

export const PROVIDER_LABELS: Record<DirectoryProvider, string> = {
  OKTA: "Okta",
  MICROSOFT_AD: "Microsoft Entra ID",
  JUMPCLOUD: "JumpCloud",
  ONELOGIN: "OneLogin",
  OTHER: "Generic SCIM 2.0",
};

/** Longest overlap an admin may give the old token when rotating (the "at most 24 h"). */
export const MAX_TOKEN_OVERLAP_SEC = 24 * 60 * 60;

const name = plainText({ multiline: false }).trim().min(1, "is required").max(100, "must be at most 100 characters");

export const createDirectorySchema = z.object({
  provider: z.enum(DIRECTORY_PROVIDERS, { error: `must be one of ${DIRECTORY_PROVIDERS.join(", ")}` }),
  name: name.optional(),
}).strict();
export type CreateDirectoryInput = z.output<typeof createDirectorySchema>;

export const updateDirectorySchema = z.object({
  name: name.optional(),
  enabled: z.boolean({ error: "must be true or false" }).optional(),
  primary: z.literal(true, { error: "can only be set to true (make another directory primary to change it)" }).optional(),
}).strict();
export type UpdateDirectoryInput = z.output<typeof updateDirectorySchema>;

export const rotateTokenSchema = z.object({
  /** Seconds the current token keeps working (0: it stops at once). */
  overlap_seconds: z.number({ error: "must be a number of seconds" }).int("must be a whole number of seconds").min(0, "must be 0 or more")
    .max(MAX_TOKEN_OVERLAP_SEC, `must be at most ${MAX_TOKEN_OVERLAP_SEC} (24 hours)`).optional(),
}).strict();
export type RotateTokenInput = z.output<typeof rotateTokenSchema>;

// Years 1–9999 only: PostgreSQL has no year 0 (lib/validation/time).
const time = rfc3339Time();
const pageSize = z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(200, "must be at most 200");
const cursor = text().min(1).max(500);
const idParam = z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/, "is not a valid id");

export const listDirectoryUsersQuerySchema = z.object({
  page_size: pageSize.optional(),
  cursor: cursor.optional(),
  page_token: cursor.optional(),
  group_id: idParam.optional(),
  updated_after: time.optional(),
  search: text().max(200, "must be at most 200 characters").optional(),
  include_deleted: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
}).strict();
export type ListDirectoryUsersQuery = z.output<typeof listDirectoryUsersQuerySchema>;

export const listDirectoryGroupsQuerySchema = z.object({
  page_size: pageSize.optional(),
  cursor: cursor.optional(),
  page_token: cursor.optional(),
  updated_after: time.optional(),
  search: text().max(200, "must be at most 200 characters").optional(),
}).strict();
export type ListDirectoryGroupsQuery = z.output<typeof listDirectoryGroupsQuerySchema>;

/** The provisioning log's query: newest first, `before` the position of the last entry seen. */
export const provisioningLogQuerySchema = z.object({
  page_size: pageSize.optional(),
  before: positionSchema("is not a log position this API returned").optional(),
  failed: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
}).strict();
export type ProvisioningLogQuery = z.output<typeof provisioningLogQuerySchema>;

export interface DirectoryTokenView {
  id: string;
  suffix: string;
  create_time: string;
  expire_time: string | null;
  last_used_time: string | null;
}

export interface DirectoryView {
  id: string;
  organization_id: string;
  directory_type: "SCIM";
  provider: DirectoryProvider;
  name: string;
  enabled: boolean;
  /** pending (no SCIM request yet) | active | disabled */
  status: "pending" | "active" | "disabled";
  primary: boolean;
  /** The SCIM base URL the IdP is given. */
  scim_endpoint: string;
  last_sync_at: string | null;
  last_error: { time: string; message: string } | null;
  total_users: number;
  total_groups: number;
  tokens: DirectoryTokenView[];
  create_time: string;
  updated_at: string;
}

export interface ProvisioningLogEntry {
  seq: string;
  time: string;
  method: string;
  path: string;
  status: number;
  latency_ms: number;
  scim_type: string | null;
  detail: string | null;
  request_id: string | null;
  request_body: string | null;
}
