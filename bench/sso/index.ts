// npm run bench:sso — SAML responses validated per second at the ACS (signed assertion, RSA-2048,
// SHA-256) with p50/p99, next to the bare RSA-2048 signature-verification rate of the same key on this
// machine (the ceiling: every response costs at least one verification), and authorization-code
// exchanges per second at POST /oauth/token.
//
// In process, against a throwaway PostgreSQL, with the real domain code:
//   ACS          completeSamlLogin: load the login request, node-saml validation (XML parse, exclusive
//                c14n, digest, RSA verify, InResponseTo in PostgreSQL), Portico's own checks, attribute
//                mapping, then one transaction (assertion id once, request consumed, code, audit event)
//   validation   validateSamlResponse alone (no login state written; the InResponseTo lookup stays)
//   exchange     tokenEndpoint with grant_type=authorization_code: client authentication, the code
//                consumed in one UPDATE, PKCE, ID token + access token signed (RS256), usage batching
// Responses are made beforehand by the samlify test IdP (one login request each), so only Portico's
// side is timed. HTTP parsing is left out of all three.
//   BENCH_RESPONSES (default 500), BENCH_CODES (default 3000), BENCH_CONCURRENCY (default 8)
// (Each batch of responses is made just before it is measured: the test IdP's assertions are valid for
// 5 minutes, like a real IdP's.)
import crypto from "node:crypto";
import { startTemporaryDatabase } from "../../scripts/lib/temp-database";
import { migrate } from "../../scripts/lib/migrate";

const RESPONSES = Number(process.env.BENCH_RESPONSES ?? 500);
const CODES = Number(process.env.BENCH_CODES ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const say = (m: string) => console.log(`[bench] ${m}`);

const temp = await startTemporaryDatabase("portico_bench_sso");
migrate(temp.url, { quiet: true });
process.env.DATABASE_URL = temp.url;
process.env.PORTICO_KEY_ENCRYPTION_SECRET ??= crypto.randomBytes(32).toString("hex");
process.env.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = "1";
process.env.LOG_LEVEL ??= "warn";

const { db } = await import("@/lib/db");
const { hashSecret, randomSecret } = await import("@/lib/crypto/secrets");
const { ensureSigningKeys } = await import("@/lib/keys/rotation");
const { createConnection, enableConnection, samlConfigOf, spMetadataFor } = await import("@/lib/sso/connections");
const { completeSamlLogin } = await import("@/lib/sso/login");
const { browserKeyHash } = await import("@/lib/sso/browser-binding");
const { validateSamlResponse } = await import("@/lib/saml/response");
const { tokenEndpoint } = await import("@/lib/oauth/token-endpoint");
const { stopTokenService } = await import("@/lib/oauth/runtime");
const { closeTokenPool } = await import("@/lib/oauth/pg");
const { createEnvironmentClient } = await import("@/lib/service-principals");
const { createEnvironmentClientSchema } = await import("@/lib/service-principals/schemas");
const { createTestOrganization, operatorContext } = await import("@/lib/test-support/fixtures");
const { startSamlIdp } = await import("@/lib/test-support/saml-idp");
const { systemContext } = await import("@/lib/http/request-context");

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Runs `work(i)` for i in [0, n) with `concurrency` in flight; returns throughput and latency percentiles. */
async function run(n: number, concurrency: number, work: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let i = next++; i < n; i = next++) {
      const t = performance.now();
      await work(i);
      latencies.push(performance.now() - t);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSec: n / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

try {
  await ensureSigningKeys();
  const ops = operatorContext("owner");
  const org = await createTestOrganization("Bench SSO");
  await db.organization.update({ where: { id: org.id }, data: { features: ["sso"] } });
  const idp = await startSamlIdp();
  const conn = await createConnection(ops, org.id, { provider: "OKTA", saml: { metadata_xml: idp.metadataXml } });
  await enableConnection(ops, org.id, conn.id, { skip_test: true });
  idp.trust((await spMetadataFor(conn.id))!);
  const row = await db.ssoConnection.findUniqueOrThrow({ where: { id: conn.id } });

  // 1. The ceiling: RSA-2048 PKCS#1 v1.5 SHA-256 verifications per second on one core, same key.
  const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const signedInfo = Buffer.from("<ds:SignedInfo>…a canonicalized SignedInfo of about this size, with one reference and its digest value…</ds:SignedInfo>");
  const signature = crypto.sign("sha256", signedInfo, privateKey);
  const idpKey = crypto.createPublicKey(idp.certificate);
  let verifications = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 3000) {
    for (let k = 0; k < 100; k++) crypto.verify("sha256", signedInfo, publicKey, signature);
    verifications += 100;
  }
  const verifyPerSec = verifications / ((performance.now() - t0) / 1000);
  void idpKey;
  say(`RSA-2048 signature verification (node:crypto, one core): ${Math.round(verifyPerSec).toLocaleString("en")} /s`);

  // 2. Login requests and their signed responses, made beforehand.
  say(`making ${RESPONSES} signed responses (and their login requests) per measurement…`);
  const browserKey = randomSecret();
  const makeBatch = async (n: number) => {
    const items: { requestId: string; relay: string; response: string }[] = [];
    for (let i = 0; i < n; i++) items.push({ requestId: `_bench${crypto.randomBytes(12).toString("hex")}`, relay: randomSecret(), response: "" });
    await db.samlRequestId.createMany({ data: items.map((it) => ({ id: it.requestId, connectionId: conn.id, expiresAt: new Date(Date.now() + 3_600_000) })) });
    await db.ssoLoginRequest.createMany({
      data: items.map((it) => ({
        id: it.relay, kind: "login", connectionId: conn.id, organizationId: org.id, browserKeyHash: browserKeyHash(browserKey),
        clientId: "skc_bench", redirectUri: "https://app.example.com/cb", state: "s", scope: "openid email profile", samlRequestId: it.requestId,
        expiresAt: new Date(Date.now() + 3_600_000),
      })),
    });
    for (const it of items) it.response = await idp.respond(it.requestId, { email: "ada@acme.test", firstName: "Ada", lastName: "Lovelace", groups: ["Engineering"] });
    return items;
  };
  const acsItems = await makeBatch(RESPONSES);
  say(`response size: ${Math.round(acsItems[0]!.response.length / 1024)} KB base64`);

  // Warm up (JIT, pools, prepared statements) on a few extra responses.
  const warm = await makeBatch(50);
  for (const it of warm) await completeSamlLogin({ connectionId: conn.id, samlResponse: it.response, relayState: it.relay, browserKey, context: systemContext() });

  const acs = await run(acsItems.length, CONCURRENCY, async (i) => {
    const it = acsItems[i]!;
    const r = await completeSamlLogin({ connectionId: conn.id, samlResponse: it.response, relayState: it.relay, browserKey, context: systemContext() });
    if (r.kind !== "redirect" || !r.url.includes("code=")) throw new Error(`ACS refused a good response: ${JSON.stringify(r)}`);
  });
  const config = samlConfigOf(row);
  const validationItems = await makeBatch(RESPONSES);
  const validation = await run(validationItems.length, CONCURRENCY, async (i) => {
    const it = validationItems[i]!;
    await validateSamlResponse(config, it.response, { expected: { requestId: it.requestId } });
  });

  // 3. Authorization-code exchanges.
  const { client, plainSecret } = await createEnvironmentClient(ops, createEnvironmentClientSchema.parse({ name: "Bench host", redirect_uris: ["https://app.example.com/cb"] }));
  const verifier = randomSecret();
  const challenge = crypto.createHash("sha256").update(verifier).digest("base64url");
  const stored = await db.oAuthAuthorizationCode.findFirstOrThrow({ where: { connectionId: conn.id } });
  const codes = Array.from({ length: CODES + 50 }, () => randomSecret());
  await db.oAuthAuthorizationCode.createMany({
    data: codes.map((code) => ({
      codeHash: hashSecret(code), clientId: client.client_id, redirectUri: "https://app.example.com/cb", codeChallenge: challenge, scope: "openid email profile", nonce: "n",
      organizationId: org.id, connectionId: conn.id, sessionId: `ses_${crypto.randomBytes(10).toString("hex")}`, profile: stored.profile as object, authTime: new Date(),
      expiresAt: new Date(Date.now() + 3_600_000), retainUntil: new Date(Date.now() + 3_600_000),
    })),
  });
  const auth = `Basic ${Buffer.from(`${client.client_id}:${plainSecret}`).toString("base64")}`;
  const exchange = async (code: string, i: number) => {
    const res = await tokenEndpoint({
      method: "POST", contentType: "application/x-www-form-urlencoded", authorization: auth,
      body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: "https://app.example.com/cb", code_verifier: verifier }).toString(),
      // Spread over addresses so the per-IP limit (per minute) is not what is measured.
      context: { requestId: "req_bench", ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, userAgent: "bench" },
    });
    if (res.status !== 200) throw new Error(`code exchange failed: ${res.body}`);
  };
  process.env.TOKEN_RATE_LIMIT_PER_CLIENT = "100000000";
  for (let i = 0; i < 50; i++) await exchange(codes[CODES + i]!, CODES + i);
  const codeExchange = await run(CODES, CONCURRENCY * 2, (i) => exchange(codes[i]!, i));

  const pct = (x: number) => `${((x / verifyPerSec) * 100).toFixed(1)} %`;
  console.log("");
  console.log(`| measurement (${CONCURRENCY} in flight; exchange ${CONCURRENCY * 2}) | per second | p50 ms | p99 ms | of the RSA-verify ceiling |`);
  console.log("|---|---|---|---|---|");
  console.log(`| RSA-2048 verify, bare (node:crypto, one core) | ${Math.round(verifyPerSec).toLocaleString("en")} | | | 100 % |`);
  console.log(`| SAML response at the ACS (validate + map + code + audit) | ${acs.perSec.toFixed(0)} | ${acs.p50.toFixed(1)} | ${acs.p99.toFixed(1)} | ${pct(acs.perSec)} |`);
  console.log(`| SAML response validation alone (node-saml + Portico checks) | ${validation.perSec.toFixed(0)} | ${validation.p50.toFixed(1)} | ${validation.p99.toFixed(1)} | ${pct(validation.perSec)} |`);
  console.log(`| authorization-code exchange (RS256 ID + access token) | ${codeExchange.perSec.toFixed(0)} | ${codeExchange.p50.toFixed(1)} | ${codeExchange.p99.toFixed(1)} | |`);
  await idp.close();
} finally {
  await stopTokenService().catch(() => {});
  await closeTokenPool().catch(() => {});
  const { db } = await import("@/lib/db");
  await db.$disconnect().catch(() => {});
  await temp.stop();
}
