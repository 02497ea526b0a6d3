import { log } from "@/lib/log";

// Runs once at start-up, after migrations: makes sure what the BOOTSTRAP_* variables describe exists.
// Each area registers its step here so start-up stays one ordered list.

export type BootstrapStep = { name: string; run: () => Promise<void> };

const steps: BootstrapStep[] = [];

export async function runBootstrap(): Promise<void> {
  for (const step of steps) {
    try {
      await step.run();
    } catch (err) {
      log.error({ err, step: step.name }, "bootstrap step failed");
      throw err;
    }
  }
}
