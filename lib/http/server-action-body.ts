import { findUnstorableText, TEXT_RULE_MESSAGE } from "@/lib/validation/text";

// Server-action request bodies, checked before Next.js decodes them. Next.js answers a 500 for a body
// its decoder cannot read (not JSON, not an array of arguments, a reference to a part the request does
// not have, which its decoder waits for until the connection closes), so a hand-made call with the wrong
// shape would look like a server failure. scripts/start.ts reads the body of each fetch action (the
// Next-Action header) first and answers 400 when it is not what React's encodeReply makes:
//   - text/plain: a JSON array of arguments; a string starting with "$" is one of the self-contained
//     encodings (an escaped "$$", undefined, NaN, ±Infinity, -0, a date, a bigint, a temporary or form-data
//     reference), never a reference to another part, since there are none;
//   - multipart/form-data: a root part "0" of that shape, and every reference to another part names one
//     the request has;
//   - and, as at every edge, no argument text that breaks the text rule (lib/validation/text), whatever
//     the action's own schema says (its form errors still name fields for anything else).
// Bodies that pass are handed to Next.js unchanged.

export const SERVER_ACTION_BODY_LIMIT = 1024 * 1024; // next.config.ts serverActions.bodySizeLimit

/** "$$…" (a literal "$"), or an encoding that needs no other part. */
const SELF_CONTAINED = /^\$(\$|undefined$|NaN$|Infinity$|-Infinity$|-0$|D|n-?\d|T|K)/;
/** References to another part by its id (hex): promises, maps, sets, blobs, server references… */
const PART_REFERENCE = /^\$[@QWBFhiRrXxAOoUSsLlGgMmVvY]([0-9a-f]+)$/;

function findProblem(value: unknown, hasPart: (id: number) => boolean, depth = 0): string | null {
  if (depth > 512) return "nests too deeply";
  if (typeof value === "string") {
    if (!value.startsWith("$") || SELF_CONTAINED.test(value)) return null;
    const ref = PART_REFERENCE.exec(value);
    return ref && hasPart(parseInt(ref[1]!, 16)) ? null : `refers to a part the request does not have (${value.slice(0, 20)})`;
  }
  if (Array.isArray(value)) {
    for (const v of value) {
      const problem = findProblem(v, hasPart, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) {
      const problem = findProblem(v, hasPart, depth + 1);
      if (problem) return problem;
    }
  }
  return null;
}

function rootProblem(text: string, hasPart: (id: number) => boolean): string | null {
  let args: unknown;
  try {
    args = JSON.parse(text);
  } catch {
    return "The server action's arguments are not valid JSON";
  }
  if (!Array.isArray(args)) return "The server action's arguments must be a JSON array";
  const problem = findProblem(args, hasPart);
  if (problem) return `The server action's arguments: a value ${problem}`;
  const bad = findUnstorableText(args);
  return bad === null ? null : `The server action's arguments: ${bad} ${TEXT_RULE_MESSAGE}`;
}

/** Why a text/plain action body cannot be decoded, or null when it is fine. */
export function textActionBodyProblem(text: string): string | null {
  return rootProblem(text, () => false);
}

/** Why a multipart action body cannot be decoded, or null when it is fine. */
export async function multipartActionBodyProblem(body: Buffer, contentType: string): Promise<string | null> {
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData();
  } catch {
    return "The server action's form data cannot be read";
  }
  const root = form.get("0");
  if (typeof root !== "string") return "The server action's form data has no arguments part";
  return rootProblem(root, (id) => form.has(String(id)));
}
