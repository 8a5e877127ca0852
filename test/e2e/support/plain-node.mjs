/** `node --import ./plain-node.mjs …`: installs plain-node-hooks.mjs (no tsx, no TypeScript sources). */
import { register } from "node:module";

register(new URL("./plain-node-hooks.mjs", import.meta.url));
