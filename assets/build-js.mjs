// Copy the NHS.UK frontend ES module (and its source map, which collectstatic's manifest
// storage follows from the sourceMappingURL comment) into static_build/nhsuk/.
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "node_modules/nhsuk-frontend/dist/nhsuk");
const target = join(root, "static_build/nhsuk");

mkdirSync(target, { recursive: true });
for (const name of ["nhsuk-frontend.min.js", "nhsuk-frontend.min.js.map"]) {
  const from = join(source, name);
  if (existsSync(from)) {
    copyFileSync(from, join(target, name));
    console.log(`copied ${name}`);
  } else if (name.endsWith(".js")) {
    throw new Error(`${from} is missing: run npm ci first`);
  }
}
