// NHS.UK frontend behaviour (header menu, error summary focus, character count...) and htmx.
import { initAll } from "nhsuk-frontend";
import htmx from "htmx.org";

window.htmx = htmx;
initAll();
