import { paramProblem } from "../../core/algorithms/clusterer";
import { ordinal } from "../../core/algorithms/kdist";
import { paramSpec } from "../algorithms";
import { epsLine, kdistConfig } from "../charts/algorithm-configs";
import { Chart, drawChart } from "../charts/setup";
import type { DensityChoice, Wizard, WizardState } from "../wizard";
import { suggestedEps } from "../wizard";
import type { AlgorithmPanel } from "./algorithm-panels";
import { chartFigure, formatNumber, h } from "./dom";
import { numberField } from "./fields";

/**
 * DBSCAN: min points and eps, the k-distance curve that suggests an eps, and the segments and noise
 * the current choice gives, counted as the user changes either, before anything runs.
 */
export function densityPanel(state: WizardState, wizard: Wizard): AlgorithmPanel {
  const heading = "Which customers group together?";
  const density = state.density;
  const minSpec = paramSpec("dbscan", "min_points");
  const epsSpec = paramSpec("dbscan", "eps");
  const minPoints = numberField("Min points", density.minPoints, {
    step: "1",
    min: minSpec.min,
    hint: `The neighbours within eps, the customer included, that put a customer at the heart of a segment (default ${String(minSpec.default)}).`,
    check: (x) => paramProblem({ ...minSpec, name: "Min points" }, x),
    onChange: (x) => void wizard.setMinPoints(x),
  });
  const intro = h(
    "p",
    {},
    "DBSCAN finds segments as dense groups of customers, of any shape, and leaves customers in no dense group out as noise (written as 0). It needs no number of segments: eps and min points say how dense a segment must be.",
  );
  const curve = density.curve;
  if (!curve) {
    return {
      heading,
      nodes: [
        intro,
        minPoints.element,
        h("p", {}, "Segment is measuring how far each customer is from its neighbours…"),
      ],
      charts: [],
    };
  }
  const suggested = suggestedEps(curve);
  const eps = numberField("eps (neighbourhood radius)", density.eps, {
    step: "0.01",
    hint: `In scaled units. The curve's knee suggests ${suggested}.`,
    check: (x) => paramProblem({ ...epsSpec, name: "eps" }, x),
    onChange: (x) => void wizard.setEps(x),
  });
  const useSuggested = h(
    "button",
    { type: "button", className: "subtle", onclick: () => void wizard.useSuggestedEps() },
    `Use the suggested eps (${suggested})`,
  );
  const counts = h("p", { className: "card counts", role: "status", "aria-live": "polite" });
  const showCounts = (d: DensityChoice) => {
    counts.textContent = countsText(d);
    counts.classList.toggle("warning", d.countsProblem !== null || d.counts?.sizes.length === 0);
    useSuggested.hidden = d.eps === suggested;
  };
  showCounts(density);

  const sampled = curve.distances.length < curve.usableRows;
  const figure = chartFigure(
    `k-distance chart: each customer's distance to its ${ordinal(curve.minPoints)} nearest customer, sorted, from ${formatNumber(curve.distances[0] ?? 0)} to ${formatNumber(curve.distances[curve.distances.length - 1] ?? 0)}. The knee suggests eps ${suggested}.`,
    `Each customer's distance to its ${ordinal(curve.minPoints)} nearest customer, sorted${sampled ? ` (a sample of ${curve.distances.length.toLocaleString("en-US")} of ${curve.usableRows.toLocaleString("en-US")})` : ""}. Customers above the dashed eps line have too few neighbours to be at a segment's heart; the diamond marks the knee.`,
  );
  return {
    heading,
    nodes: [intro, minPoints.element, eps.element, useSuggested, counts, figure.figure],
    charts: [() => drawChart(figure.canvas, kdistConfig(curve, density.eps)) as unknown as Chart],
    update(s, charts) {
      eps.sync(s.density.eps);
      minPoints.sync(s.density.minPoints);
      showCounts(s.density);
      const chart = charts[0];
      if (chart && chart.data.datasets[1]) {
        chart.data.datasets[1].data = epsLine(s.density.eps);
        chart.update();
      }
    },
  };
}

/** What the current eps and min points give, in a sentence. */
export function countsText(d: DensityChoice): string {
  if (d.countsProblem !== null) return d.countsProblem;
  if (d.counting || !d.counts)
    return `Counting the segments…${d.countProgress ? ` (${d.countProgress})` : ""}`;
  const { sizes, noise } = d.counts;
  const total = sizes.reduce((a, b) => a + b, 0) + noise;
  const share = total > 0 ? ` (${formatNumber((100 * noise) / total, 1)}%)` : "";
  const noiseWords = `${noise.toLocaleString("en-US")} noise row${noise === 1 ? "" : "s"}${share}`;
  if (sizes.length === 0) return `No segments: every row is noise. Use a larger eps or fewer min points.`;
  const count = sizes.length.toLocaleString("en-US");
  if (sizes.length <= LISTED) {
    const listed = sizes.map((s) => s.toLocaleString("en-US")).join(", ");
    return `${count} segment${sizes.length === 1 ? "" : "s"} (${listed} customers) and ${noiseWords}.`;
  }
  const largest = sizes.slice(0, 3).map((s) => s.toLocaleString("en-US"));
  const small = sizes.filter((s) => s < SMALL_SHARE * total).length;
  const advice =
    small > LISTED
      ? ` ${small.toLocaleString("en-US")} of them hold under 1% of the customers each: a larger min points turns such small groups into noise.`
      : "";
  return `${count} segments (the largest ${largest.join(", ")} customers) and ${noiseWords}.${advice}`;
}

/** Segment sizes listed one by one; past this many, the largest and a count. */
const LISTED = 6;
/** A segment under this share of the customers is small, and many of them are worth a word. */
const SMALL_SHARE = 0.01;
