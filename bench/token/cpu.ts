import fs from "node:fs";

// CPU time (user + system, ms) used by a set of processes, from /proc: a per-token cost that holds up
// on a busy machine better than wall-clock throughput does.

const TICK_MS = 10; // USER_HZ = 100 on Linux

function procStat(pid: number): { ppid: number; cpuMs: number } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(fields[1]), cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS };
  } catch {
    return null;
  }
}

function allPids(): number[] {
  return fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map(Number);
}

/** The process and all its descendants. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const pid of allPids()) {
    const s = procStat(pid);
    if (!s) continue;
    const list = children.get(s.ppid) ?? [];
    list.push(pid);
    children.set(s.ppid, list);
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** The PostgreSQL server whose command line names `dataDir`, and its backends. */
export function postgresTree(dataDir: string): number[] {
  for (const pid of allPids()) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (cmd.includes("postgres") && cmd.includes(dataDir)) return processTree(pid);
    } catch {
      // gone
    }
  }
  return [];
}

export function cpuMs(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + (procStat(pid)?.cpuMs ?? 0), 0);
}
