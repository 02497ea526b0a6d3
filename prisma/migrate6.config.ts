// Read only by the Prisma 6.19 CLI (npm alias `prisma6`) inside scripts/migration-new.ts: its
// WebAssembly schema engine computes migration SQL offline. The runtime uses Prisma 7 (prisma.config.ts).
import { defineConfig } from "prisma6/config";
import { PrismaPg } from "@prisma/adapter-pg";

export default defineConfig({
  schema: process.env.PRISMA6_SCHEMA,
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL! }),
});
