import "server-only";
import { headers } from "next/headers";
import { contextFromHeaders, type RequestContext } from "./request-context";

/** The current request's id, client IP and user agent, for pages and server actions (next/headers). */
export async function requestContext(): Promise<RequestContext> {
  return contextFromHeaders(await headers());
}
