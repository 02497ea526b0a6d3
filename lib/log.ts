import pino from "pino";

// Structured JSON logs. Anything that could carry a secret is redacted by path, and domain code never
// passes plain secrets to the logger in the first place.

export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info"),
  base: { service: "portico" },
  redact: {
    paths: [
      "password", "*.password", "secret", "*.secret", "plain_secret", "*.plain_secret", "client_secret", "*.client_secret",
      "token", "*.token", "access_token", "*.access_token", "authorization", "*.authorization",
      "headers.authorization", "headers.cookie", "req.headers.authorization", "req.headers.cookie",
    ],
    censor: "[redacted]",
  },
});

export type Logger = pino.Logger;
