/** Reading the deployment manifest from disk (Node only): `loadManifest(path)`, validated by manifest.ts. */
import { readFileSync } from "node:fs";
import { FairLedgerError } from "./errors.ts";
import { parseManifest, type DeploymentManifest } from "./manifest.ts";

export function loadManifest(path: string): DeploymentManifest {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new FairLedgerError(
      "ERR_MANIFEST_INVALID",
      `cannot read deployment manifest ${path}: run the deploy step first`,
      {
        cause: error,
      },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FairLedgerError("ERR_MANIFEST_INVALID", `${path} is not JSON`, { cause: error });
  }
  return parseManifest(json, path);
}
