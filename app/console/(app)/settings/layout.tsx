import { SettingsNav } from "./settings-nav";

export default function SettingsLayout({ children }: { children: React.ReactNode }) {
  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Settings</h1>
      <p className="mt-1 text-sm text-slate-600">Deployment-wide settings. Auditors can see them; owners and admins change them.</p>
      <SettingsNav />
      <div className="mt-6">{children}</div>
    </div>
  );
}
