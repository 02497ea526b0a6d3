import { NextResponse, type NextRequest } from "next/server";
import { DEV_SESSION_COOKIE, devToolsEnabled, mintDevSession } from "@/lib/dev/session";

// GET /dev/session: starts a dev-tools session (PORTICO_DEV_TOOLS=1 only) and returns to a /dev page.
export function GET(request: NextRequest) {
  if (!devToolsEnabled()) return new NextResponse("Not found", { status: 404 });
  const next = request.nextUrl.searchParams.get("next") ?? "/dev";
  const target = /^\/dev(\/[A-Za-z0-9_\-/]*)?$/.test(next) ? next : "/dev";
  const response = NextResponse.redirect(new URL(target, request.nextUrl.origin), 303);
  response.headers.set("Cache-Control", "no-store");
  response.cookies.set(DEV_SESSION_COOKIE, mintDevSession(), {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: request.nextUrl.protocol === "https:",
    maxAge: 12 * 3600,
  });
  return response;
}
