import { getBranding } from "@/lib/settings/branding";
import { faviconFor, faviconResponse } from "@/lib/settings/favicon";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  return faviconResponse(faviconFor(await getBranding()), request.headers.get("if-none-match"));
}
