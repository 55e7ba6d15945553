// Charts: Vega-Lite specs written by the server into <script type="application/json"> next to a table that
// holds the same figures. The expression interpreter keeps the page within the Content Security Policy (no eval).
import embed from "vega-embed";
import { expressionInterpreter } from "vega-interpreter";

for (const el of document.querySelectorAll("[data-vega-spec]")) {
  const source = document.getElementById(el.dataset.vegaSpec);
  if (!source) continue;
  embed(el, JSON.parse(source.textContent), {
    renderer: "svg",
    actions: false,
    ast: true,
    expr: expressionInterpreter,
    defaultStyle: false,
    tooltip: false,
  }).catch((error) => {
    el.textContent = "The chart could not be drawn. The table has the same figures.";
    console.error(error);
  });
}
