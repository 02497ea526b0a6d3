/**
 * The outcome of a form's last submit, under its fields: a polite success line, or the failure as an
 * alert (when no field shows it).
 */
export function FormStatus({ success, error }: { success?: string | null; error?: string | null }) {
  if (error) return <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">{error}</p>;
  if (success) return <p role="status" className="text-sm text-emerald-700">{success}</p>;
  return null;
}
