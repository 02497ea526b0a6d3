import NextAuth from "next-auth";
import { contextFromHeaders } from "@/lib/http/request-context";
import { authOptions } from "@/lib/operators/auth-options";

// next-auth's endpoints (sign-in, session, CSRF token, sign-out) for the console. Options are built per
// request so session lifetimes follow the current session settings.

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(request: Request, context: Context) {
  return NextAuth(request as never, context as never, await authOptions(contextFromHeaders(request.headers)));
}

export { handler as GET, handler as POST };
