// npm run docs:events — writes the event catalog's list into README.md (between its markers).
import fs from "node:fs";
import { withEventCatalog } from "@/lib/events/readme";

fs.writeFileSync("README.md", withEventCatalog(fs.readFileSync("README.md", "utf8")));
console.log("README.md: event types written from lib/events/catalog");
