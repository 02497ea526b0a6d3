import type { SVGProps } from "react";

// A few inline icons (no icon font or package); decorative, so hidden from assistive tech.

function Svg(props: SVGProps<SVGSVGElement>) {
  return <svg viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth={1.75} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false" width="1em" height="1em" {...props} />;
}

export const CopyIcon = (p: SVGProps<SVGSVGElement>) => <Svg {...p}><rect x="7" y="7" width="10" height="10" rx="2" /><path d="M13 7V5a2 2 0 0 0-2-2H5a2 2 0 0 0-2 2v6a2 2 0 0 0 2 2h2" /></Svg>;
export const CheckIcon = (p: SVGProps<SVGSVGElement>) => <Svg {...p}><path d="M4 10.5l4 4 8-9" /></Svg>;
export const XIcon = (p: SVGProps<SVGSVGElement>) => <Svg {...p}><path d="M5 5l10 10M15 5L5 15" /></Svg>;
export const WarningIcon = (p: SVGProps<SVGSVGElement>) => <Svg {...p}><path d="M10 3l8 14H2L10 3z" /><path d="M10 8v4M10 14.5v.01" /></Svg>;
export const InfoIcon = (p: SVGProps<SVGSVGElement>) => <Svg {...p}><circle cx="10" cy="10" r="7.5" /><path d="M10 9v5M10 6.5v.01" /></Svg>;
export const KeyIcon = (p: SVGProps<SVGSVGElement>) => <Svg {...p}><circle cx="6.5" cy="13.5" r="3.5" /><path d="M9 11l8-8M14 6l2 2M12 8l1.5 1.5" /></Svg>;
export const ChevronRightIcon = (p: SVGProps<SVGSVGElement>) => <Svg {...p}><path d="M8 5l5 5-5 5" /></Svg>;
export const ChevronLeftIcon = (p: SVGProps<SVGSVGElement>) => <Svg {...p}><path d="M12 5l-5 5 5 5" /></Svg>;
export const FilterIcon = (p: SVGProps<SVGSVGElement>) => <Svg {...p}><path d="M3 5h14M6 10h8M8.5 15h3" /></Svg>;
