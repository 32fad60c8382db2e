// Starts the NHS.UK frontend components. A file rather than an inline script, so cached pages
// need no per-response CSP nonce.
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

initAll();
