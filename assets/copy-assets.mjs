// Copy the NHS.UK frontend's images, icons and manifest next to the compiled CSS and JS.
import { cpSync, mkdirSync } from "node:fs";

mkdirSync("static_build/nhsuk", { recursive: true });
cpSync("node_modules/nhsuk-frontend/dist/nhsuk/assets", "static_build/nhsuk/assets", { recursive: true });
