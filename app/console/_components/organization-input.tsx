"use client";

import { useEffect, useId, useRef, useState } from "react";
import { Input } from "@/components/ui";
import { ORGANIZATION_ID_PATTERN } from "@/lib/ids";
import { suggestOrganizationsAction } from "./organization-search";

/**
 * The organization filter of console pages: type a name or an id; matching organizations are offered
 * as you type (picking one fills in its id). The page resolves a typed name on the server too, so the
 * filter also works without JavaScript.
 */
export function OrganizationInput({ id, name, defaultValue, className, describedBy }: {
  id: string; name: string; defaultValue?: string; className?: string; describedBy?: string;
}) {
  const listId = useId();
  const [text, setText] = useState(defaultValue ?? "");
  const [options, setOptions] = useState<{ id: string; name: string }[]>([]);
  const latest = useRef(0);

  useEffect(() => {
    const q = text.trim();
    if (q.length < 2 || ORGANIZATION_ID_PATTERN.test(q)) return;
    const ticket = ++latest.current;
    const timer = setTimeout(() => {
      void suggestOrganizationsAction(q).then((found) => { if (ticket === latest.current) setOptions(found); }, () => {});
    }, 200);
    return () => clearTimeout(timer);
  }, [text]);

  return (
    <>
      <Input id={id} name={name} value={text} onChange={(e) => setText(e.target.value)} list={listId} autoComplete="off"
        placeholder="Name or org_… id" aria-describedby={describedBy} className={className} />
      <datalist id={listId}>{options.map((o) => <option key={o.id} value={o.id} label={o.name} />)}</datalist>
    </>
  );
}
