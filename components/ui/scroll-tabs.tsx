"use client";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { cn } from "./cn";
import { ChevronLeftIcon, ChevronRightIcon } from "./icons";

/**
 * A row of tabs that scrolls sideways when it does not fit (a phone): the active tab is brought into
 * view, and a fade with an arrow at each edge that has more tabs says so (and scrolls on a click).
 * `fade` is the background the row sits on, so the fade blends into it.
 */
export function ScrollTabs({ label, children, className, fade = "from-slate-50", active }: {
  label: string; children: ReactNode; className?: string; fade?: string;
  /** Changes when another tab becomes the current one (the path), to bring it into view. */
  active?: string;
}) {
  const nav = useRef<HTMLElement>(null);
  const [edges, setEdges] = useState({ left: false, right: false });

  useEffect(() => {
    const el = nav.current;
    if (!el) return;
    const update = () => setEdges({ left: el.scrollLeft > 2, right: el.scrollLeft + el.clientWidth < el.scrollWidth - 2 });
    // Bring the current tab into view (centred where possible) without scrolling the page as scrollIntoView would.
    const reveal = () => {
      const current = el.querySelector<HTMLElement>('[aria-current="page"]');
      if (current) el.scrollLeft = current.offsetLeft - (el.clientWidth - current.offsetWidth) / 2;
      update();
    };
    const frame = requestAnimationFrame(reveal);
    el.addEventListener("scroll", update, { passive: true });
    window.addEventListener("resize", reveal);
    return () => {
      cancelAnimationFrame(frame);
      el.removeEventListener("scroll", update);
      window.removeEventListener("resize", reveal);
    };
  }, [active]);

  const scrollBy = (dx: number) => nav.current?.scrollBy({ left: dx, behavior: "smooth" });
  const edge = "absolute inset-y-0 flex w-10 items-center text-slate-500";
  return (
    <div className={cn("relative", className)}>
      {/* (The nav is the links' offsetParent: it is position: relative.) */}
      <nav ref={nav} aria-label={label} className="relative overflow-x-auto [scrollbar-width:none] [&::-webkit-scrollbar]:hidden">
        {children}
      </nav>
      {edges.left ? (
        <button type="button" tabIndex={-1} aria-hidden="true" onClick={() => scrollBy(-160)} className={cn(edge, "left-0 justify-start bg-gradient-to-r to-transparent", fade)}>
          <ChevronLeftIcon className="size-4" />
        </button>
      ) : null}
      {edges.right ? (
        <button type="button" tabIndex={-1} aria-hidden="true" onClick={() => scrollBy(160)} className={cn(edge, "right-0 justify-end bg-gradient-to-l to-transparent", fade)} data-testid="tabs-scroll-hint">
          <ChevronRightIcon className="size-4" />
        </button>
      ) : null}
    </div>
  );
}
