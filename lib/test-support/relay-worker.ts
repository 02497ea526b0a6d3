// A separate process running an instance's relays (the audit chainer and the webhook dispatcher) against
// DATABASE_URL, as every app instance does after start-up: for the multi-instance and crash tests
// (lib/webhooks/instances.test.ts). Prints "ready" once running; SIGTERM stops it cleanly, SIGKILL does not.
import { startChainer } from "@/lib/events/chainer";
import { startWebhookDispatcher, stopWebhookDispatcher } from "@/lib/webhooks/dispatcher";

startChainer();
startWebhookDispatcher();
console.log("ready");
setInterval(() => {}, 1 << 30);
process.on("SIGTERM", () => {
  void stopWebhookDispatcher().finally(() => process.exit(0));
});
