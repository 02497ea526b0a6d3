// The comparison server for bench/token: panva's oidc-provider, configured for the client-credentials
// grant with JWT access tokens (resource indicator with accessTokenFormat "jwt"), signing with the same
// algorithm as Portico in that run. One process, in-memory client (its default adapter).
//   env: PORT, ALG (RS256 | ES256), CLIENT_ID, CLIENT_SECRET, AUDIENCE
import { exportJWK, generateKeyPair } from "jose";
import Provider from "oidc-provider";

const port = Number(process.env.PORT);
const alg = process.env.ALG ?? "RS256";
const audience = process.env.AUDIENCE ?? "https://api.example.com";
const scope = "invoices:read invoices:write";

async function main() {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === "RS256" ? { modulusLength: 2048 } : {}) });
  const jwk = { ...(await exportJWK(privateKey)), alg, use: "sig", kid: `bench-${alg}` };
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: process.env.CLIENT_ID, client_secret: process.env.CLIENT_SECRET, grant_types: ["client_credentials"],
      redirect_uris: [], response_types: [], token_endpoint_auth_method: "client_secret_basic", scope,
      // Its id-token default (RS256) must be a key it holds; this run holds only `alg`.
      id_token_signed_response_alg: alg,
    }],
    jwks: { keys: [jwk] },
    routes: { token: "/oauth/token" },
    scopes: scope.split(" "),
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope, audience, accessTokenTTL: 3600, accessTokenFormat: "jwt", jwt: { sign: { alg } } }),
      },
    },
  });
  const server = provider.listen(port, "127.0.0.1");
  server.once("listening", () => console.log(`oidc-provider ready on ${issuer} (${alg})`));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
