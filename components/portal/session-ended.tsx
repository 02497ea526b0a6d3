// What the portal shows once its session is over (expired, idle, revoked, or no session at all): the
// only way back is a new link, which the host app makes when the user opens the portal again.

export function SessionEnded({ reason = "ended" }: { reason?: "ended" | "expired" }) {
  return (
    <main className="mx-auto w-full max-w-lg flex-1 px-4 py-10 sm:px-6" data-testid="portal-session-ended">
      <div role="alert" className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h2 className="text-lg font-semibold text-slate-900">{reason === "expired" ? "Your portal session has expired" : "Your portal session has ended"}</h2>
        <p className="mt-2 text-sm text-slate-600">
          For your security, admin portal sessions end after a period of inactivity and after a few hours at most.
        </p>
        <p className="mt-2 text-sm text-slate-600">
          To continue, go back to your app and open the admin portal again. It will start a new session.
        </p>
      </div>
    </main>
  );
}
