/** Where to go after signing in: a console path from the request, never another site. */
export function safeConsolePath(value: string | null | undefined): string {
  if (!value) return "/console";
  let path = value;
  try {
    // next-auth passes absolute callback URLs; keep only their path when they point at the console.
    if (/^https?:\/\//i.test(value)) {
      const url = new URL(value);
      path = url.pathname + url.search;
    }
  } catch {
    return "/console";
  }
  if (!path.startsWith("/console") || path.startsWith("//") || path.includes("\\")) return "/console";
  if (path.startsWith("/console/sign-in") || path.startsWith("/console/setup")) return "/console";
  return path;
}
