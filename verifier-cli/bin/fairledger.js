#!/usr/bin/env node
// Launcher for the `fairledger` CLI: the sources are TypeScript run through tsx (no build step).
import { register } from "tsx/esm/api";

register();
await import(new URL("../src/cli.ts", import.meta.url).href);
