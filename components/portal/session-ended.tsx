// What the portal shows without a live session: never opened in this browser (no session cookie), or
// over (expired, idle, revoked). Either way the only way in is a new link, which the host app makes when
// the user opens the portal again. On its own page the title is the page's h1; inside a live portal
// (expired there) the organization's name is.

const COPY = {
  none: {
    title: "Open the admin portal from your app",
    body: "The admin portal opens from your app's settings, with a link made for you each time.",
  },
  ended: {
    title: "Your portal session has ended",
    body: "For your security, admin portal sessions end after a period of inactivity and after a few hours at most.",
  },
  expired: {
    title: "Your portal session has expired",
    body: "For your security, admin portal sessions end after a period of inactivity and after a few hours at most.",
  },
} as const;

export function SessionEnded({ reason = "ended", headingLevel }: { reason?: keyof typeof COPY; headingLevel: 1 | 2 }) {
  const Heading = headingLevel === 1 ? "h1" : "h2";
  const { title, body } = COPY[reason];
  return (
    <main className="mx-auto w-full max-w-lg flex-1 px-4 py-10 sm:px-6" data-testid={reason === "none" ? "portal-not-opened" : "portal-session-ended"}>
      <div role="alert" className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <Heading className="text-lg font-semibold text-slate-900">{title}</Heading>
        <p className="mt-2 text-sm text-slate-600">{body}</p>
        <p className="mt-2 text-sm text-slate-600">
          {reason === "none"
            ? "Go back to your app and open the admin portal from there. If someone sent you a link to it, open that link."
            : "To continue, go back to your app and open the admin portal again. It will start a new session."}
        </p>
      </div>
    </main>
  );
}
