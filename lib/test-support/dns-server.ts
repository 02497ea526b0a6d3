import fs from "node:fs";
import path from "node:path";
import dns2 from "dns2";

// A real DNS server on 127.0.0.1 for tests (UDP, the npm `dns2` package), answering TXT questions from
// records the tests set. In-process tests program it directly (setTxt, silence, fail); other processes
// (the Playwright specs, while the app asks this server through DNS_SERVERS) write one JSON file per
// name into its zone folder, read on every question:
//   <zoneDir>/<name>.json  →  { "txt": ["portico-verification=…"], "mode"?: "answer" | "timeout" | "servfail" }
// Names are compared lower-cased without a trailing dot. Unknown names get NXDOMAIN.

const { Packet } = dns2;

export type ZoneMode = "answer" | "timeout" | "servfail";
export interface ZoneEntry { txt: string[]; mode?: ZoneMode }

export interface TestDnsServer {
  /** `127.0.0.1:<port>`, for DNS_SERVERS and DnsOptions.servers. */
  address: string;
  port: number;
  /** Replaces the TXT records at `name` (none: the name exists with no TXT records). */
  setTxt(name: string, ...values: string[]): void;
  /** Questions about `name` go unanswered (the resolver times out). */
  silence(name: string): void;
  /** Questions about `name` get SERVFAIL. */
  fail(name: string): void;
  /** Forgets `name` (NXDOMAIN). */
  remove(name: string): void;
  /** How many questions were asked about `name`. */
  questions(name: string): number;
  close(): Promise<void>;
}

export const zoneKey = (name: string) => name.trim().toLowerCase().replace(/\.$/, "");
export const zoneFile = (zoneDir: string, name: string) => path.join(zoneDir, `${encodeURIComponent(zoneKey(name))}.json`);

export async function startTestDnsServer({ zoneDir }: { zoneDir?: string } = {}): Promise<TestDnsServer> {
  const zone = new Map<string, ZoneEntry>();
  const asked = new Map<string, number>();

  const lookup = (name: string): ZoneEntry | undefined => {
    const key = zoneKey(name);
    if (zone.has(key)) return zone.get(key);
    if (!zoneDir) return undefined;
    try {
      return JSON.parse(fs.readFileSync(zoneFile(zoneDir, key), "utf8")) as ZoneEntry;
    } catch {
      return undefined;
    }
  };

  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const question = request.questions[0];
      if (!question) return send(response);
      const key = zoneKey(question.name);
      asked.set(key, (asked.get(key) ?? 0) + 1);
      const entry = lookup(key);
      if (entry?.mode === "timeout") return; // no answer at all
      if (entry?.mode === "servfail") {
        response.header.rcode = 2;
        return send(response);
      }
      if (!entry) {
        response.header.rcode = 3; // NXDOMAIN
        return send(response);
      }
      if (question.type === Packet.TYPE.TXT) {
        for (const value of entry.txt) {
          // Long values travel as several character-strings of at most 255 bytes, as DNS requires.
          const chunks = value.match(/[\s\S]{1,255}/g) ?? [""];
          response.answers.push({ name: question.name, type: Packet.TYPE.TXT, class: Packet.CLASS.IN, ttl: 1, data: chunks } as never);
        }
      }
      send(response);
    },
  });
  const listening = await server.listen({ udp: { port: 0, address: "127.0.0.1", type: "udp4" } } as never) as unknown as { udp: { port: number } };
  const port = listening.udp.port;
  return {
    address: `127.0.0.1:${port}`,
    port,
    setTxt: (name, ...values) => void zone.set(zoneKey(name), { txt: values }),
    silence: (name) => void zone.set(zoneKey(name), { txt: [], mode: "timeout" }),
    fail: (name) => void zone.set(zoneKey(name), { txt: [], mode: "servfail" }),
    remove: (name) => void zone.delete(zoneKey(name)),
    questions: (name) => asked.get(zoneKey(name)) ?? 0,
    close: () => server.close() as unknown as Promise<void>,
  };
}
