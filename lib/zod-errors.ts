import type { ZodError } from "zod";
import { DomainError } from "@/lib/errors";

/** The first zod issue as the domain's error, naming the field ("idle_timeout_sec: must be at least 60 seconds"). */
export function domainErrorFrom(error: ZodError): DomainError {
  const issue = error.issues[0];
  // An unknown field is named itself, not the object it was found in.
  if (issue?.code === "unrecognized_keys") {
    const field = [...issue.path.map(String), issue.keys[0] ?? ""].join(".");
    return new DomainError("invalid", `${field}: is not a known field`, field);
  }
  const field = issue?.path.map(String).join(".") || undefined;
  const message = issue ? (field ? `${field}: ${issue.message}` : issue.message) : "is invalid";
  return new DomainError("invalid", message, field);
}
