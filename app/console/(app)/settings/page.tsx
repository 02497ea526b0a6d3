import { redirect } from "next/navigation";

export default function SettingsHome() {
  redirect("/console/settings/sessions");
}
