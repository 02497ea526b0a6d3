import path from "node:path";
import { defineConfig } from "prisma/config";

// The Prisma CLI insists on its native schema-engine binary before `generate`, though generate never
// runs it, and it cannot be downloaded offline. Point it at a stub that explains itself if run.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve("scripts/no-schema-engine");

export default defineConfig({ schema: "prisma/schema.prisma" });
