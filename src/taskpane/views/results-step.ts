import { NOISE } from "../../core/algorithms/clusterer";
import { describeDistinctions } from "../../core/plan";
import { scatterConfig, separationConfig, silhouettePlotConfig } from "../charts/configs";
import {
  CHART_COLORS,
  OTHER_SEGMENTS_COLOR,
  SHOWN_SEGMENTS,
  segmentColor,
  withAlpha,
} from "../charts/palette";
import { Chart, drawChart, drawInTurn } from "../charts/setup";
import { ANALYSIS } from "../limits";
import type { MigrationOutcome, RunOutcome, StabilityOutcome } from "../protocol";
import type { Wizard, WizardState } from "../wizard";
import { migrationSentences } from "../migration-words";
import { RfmCrosstab, crosstabSentences, rfmCrosstab } from "../rfm-path";
import { describeResultsWrite } from "../writeback";
import { chartFigure, formatNumber, h, uid } from "./dom";
import { sqlSection } from "./sql-section";
import type { StepView } from "./step";

export function resultsStep(state: WizardState, wizard: Wizard): StepView {
  const heading = h("h2", { className: "step-title", tabindex: "-1" }, "Your segments");
  const result = state.result as RunOutcome;
  const data = state.data as NonNullable<WizardState["data"]>;
  const sil = result.silhouette;

  const stability = state.stability?.result === result ? state.stability.outcome : null;
  const cards = segmentCards(result, state.names, wizard, stability);
  const drivers = driversFigure(result);
  const scatter = chartFigure(
    `Scatter of ${result.scatter.x.length} customers on the first two principal components, coloured by segment.`,
    result.scatter.x.length < result.scatter.total
      ? `A sample of ${result.scatter.x.length.toLocaleString("en-US")} of ${result.scatter.total.toLocaleString("en-US")} customers, on the two directions along which they differ most.`
      : "Every customer, on the two directions along which they differ most.",
    240,
    legend(result.k, result.noise > 0),
  );
  const silhouette = sil
    ? chartFigure(
        `Silhouette plot: mean ${formatNumber(sil.mean)}. Bars per customer, sorted within each segment.`,
        `Each bar is one customer${sil.exact ? "" : " of a stratified sample"}: near 1, clearly in its segment; below 0, closer to another segment.${result.noise > 0 ? " Noise is in no segment and has no bar." : ""}`,
        200,
        legend(result.k, false),
      )
    : null;

  const removeActions = h(
    "div",
    { className: "actions" },
    h("button", { type: "button", onclick: () => void wizard.removeResults() }, "Remove results"),
  );
  removeActions.hidden = !state.written;
  const sql = sqlSection(state, wizard);
  const element = h(
    "section",
    { className: "step", "aria-label": "Results" },
    heading,
    h("p", { className: "summary" }, summaryText(result)),
    h("h3", {}, "Segments"),
    h("p", { className: "hint" }, "Names come from what sets each segment apart; edit them before writing."),
    cards.element,
    stabilityNote(result, stability, wizard),
    h("h3", {}, "Profiles"),
    averages(result),
    comparison(state, wizard),
    state.rfmNames ? h("h3", {}, "RFM segments in each segment") : null,
    state.rfmNames ? crosstabTable(rfmCrosstab(state.rfmNames, result.labelsByRow, result.k)) : null,
    h("h3", {}, "What drives the segments"),
    drivers.warnings,
    drivers.chart.figure,
    h("h3", {}, "Segments in two dimensions"),
    scatter.figure,
    silhouette ? h("h3", {}, "Silhouettes") : null,
    silhouette?.figure ?? null,
    h(
      "section",
      { className: "card write" },
      h("h3", {}, "Writing to the workbook"),
      h("p", {}, describeResultsWrite(data.range, data.summary.hasHeader, result)),
      removeActions,
    ),
    sql.element,
  );

  const charts: Chart[] = [];
  drawInTurn(
    element,
    [
      () => drawChart(drivers.chart.canvas, separationConfig(result.separation)) as unknown as Chart,
      () => drawChart(scatter.canvas, scatterConfig(result.scatter, state.names)) as unknown as Chart,
      ...(sil && silhouette
        ? [() => drawChart(silhouette.canvas, silhouettePlotConfig(sil, state.names)) as unknown as Chart]
        : []),
    ],
    charts,
  );

  return {
    element,
    heading,
    update(s) {
      cards.sync(s.names);
      removeActions.hidden = !s.written;
      sql.update(s);
    },
    destroy() {
      for (const c of charts) c.destroy();
    },
  };
}

/**
 * The run in a sentence: how many segments of how many customers, by which algorithm with which
 * choices, the noise, the mean silhouette, and for a mixture how sure the assignments are.
 */
export function summaryText(result: RunOutcome): string {
  const placed = result.sizes.reduce((a, b) => a + b, 0) + result.noise;
  const count = (n: number) => n.toLocaleString("en-US");
  const parts = [
    `${result.k} segment${result.k === 1 ? "" : "s"} of ${count(placed)} customers, by ${runWords(result)}`,
  ];
  if (result.noise > 0) {
    parts.push(
      `${count(result.noise)} customer${result.noise === 1 ? " is" : "s are"} noise, in no segment (${formatNumber((100 * result.noise) / placed, 1)}%)`,
    );
  }
  if (result.silhouette) parts.push(`mean silhouette ${formatNumber(result.silhouette.mean)}`);
  let text = `${parts.join("; ")}.`;
  if (result.confidence) {
    const { mean, uncertain } = result.confidence;
    text += ` On average a customer's segment has probability ${formatNumber(mean)}; ${count(uncertain)} ${uncertain === 1 ? "customer is" : "customers are"} below ${ANALYSIS.uncertainBelow}, torn between segments.`;
  }
  if (result.unlabelled > 0) {
    text += ` ${count(result.unlabelled)} rows with missing values were left unlabelled.`;
  }
  return text;
}

/** "k-means", "a Gaussian mixture (full covariance)", "DBSCAN with eps 0.43 and min points 5". */
function runWords(result: RunOutcome): string {
  const { params } = result;
  switch (result.algorithm) {
    case "kmeans":
      return "k-means";
    case "gmm":
      return `a Gaussian mixture (${String(params.covariance)} covariance)`;
    case "dbscan":
      return `DBSCAN with eps ${String(params.eps)} and min points ${String(params.min_points)}`;
  }
}

function swatch(segment: number): HTMLElement {
  return h("span", {
    className: "swatch",
    style: `background:${segmentColor(segment)}`,
    "aria-hidden": "true",
  });
}

/**
 * One card per segment: its colour and number, the name (editable), its size with a bar, and what sets
 * it apart. Stacked rather than tabled, so it reads at the pane's narrow width. Past SHOWN_SEGMENTS,
 * one card says how many more there are and how large (the profile sheet has them all).
 */
function segmentCards(
  result: RunOutcome,
  names: readonly string[],
  wizard: Wizard,
  stability: StabilityOutcome | null,
) {
  const total = result.sizes.reduce((a, b) => a + b, 0) + result.noise;
  const largest = Math.max(result.noise, ...result.sizes);
  const inputs: HTMLInputElement[] = [];
  const element = h(
    "ol",
    { className: "segments" },
    result.report.segments.slice(0, SHOWN_SEGMENTS).map((segment, i) => {
      const size = result.sizes[i];
      const id = uid("name");
      const input = h("input", {
        type: "text",
        id,
        value: names[i],
        "aria-label": `Name of segment ${segment.segment}`,
        oninput: () => wizard.rename(segment.segment, input.value),
      });
      inputs.push(input);
      const why = describeDistinctions(segment, 3);
      return h(
        "li",
        { className: "segment-card" },
        h(
          "div",
          { className: "segment-head" },
          swatch(segment.segment),
          h("span", { className: "segment-num" }, String(segment.segment)),
          input,
        ),
        h(
          "div",
          { className: "segment-size" },
          h(
            "span",
            { className: "size-count" },
            `${size.toLocaleString("en-US")} customers · ${formatNumber((100 * size) / total, 1)}%`,
          ),
          h(
            "span",
            { className: "size-bar", "aria-hidden": "true" },
            h("span", {
              style: `width:${(100 * size) / largest}%;background:${segmentColor(segment.segment)}`,
            }),
          ),
        ),
        h(
          "p",
          { className: "segment-why" },
          why ? `Stands out by ${why}.` : "Close to the average on every feature.",
        ),
        stability ? stabilityLine(stability.segments[i]) : null,
      );
    }),
    result.k > SHOWN_SEGMENTS ? othersCard(result.sizes.slice(SHOWN_SEGMENTS), total) : null,
    result.noise > 0 ? noiseCard(result.noise, total) : null,
  );
  return {
    element,
    sync(next: readonly string[]) {
      inputs.forEach((input, i) => {
        if (document.activeElement !== input && input.value !== next[i]) input.value = next[i];
      });
    },
  };
}

/** A segment's stability: the mean Jaccard over the resamples, and the verdict on it. */
function stabilityLine(score: StabilityOutcome["segments"][number]): HTMLElement {
  return h(
    "p",
    { className: `segment-stability ${score.verdict === "dissolving" ? "warning" : ""}` },
    `Stability ${formatNumber(score.stability)}: ${score.verdict}`,
  );
}

/**
 * Under the cards, for k-means: how to check that the segments are real (a button, as it fits
 * k-means a hundred times), or, once checked, what the scores mean.
 */
function stabilityNote(
  result: RunOutcome,
  stability: StabilityOutcome | null,
  wizard: Wizard,
): HTMLElement | null {
  if (result.algorithm !== "kmeans" || result.k < 2) return null;
  if (stability) {
    const weak = stability.segments.filter((s) => s.verdict === "dissolving").length;
    return h(
      "p",
      { className: "hint" },
      `Stability: how often each segment reappears when the customers are resampled and k-means is fitted again (${stability.runs} resamples, the mean Jaccard similarity of its best match, as R's clusterboot; 1 is perfectly stable, below 0.6 it dissolves).` +
        (weak > 0
          ? ` ${weak} segment${weak === 1 ? " dissolves" : "s dissolve"}: a smaller k may serve better.`
          : ""),
    );
  }
  return h(
    "div",
    { className: "actions" },
    h("button", { type: "button", onclick: () => void wizard.checkStability() }, "Check stability"),
    h(
      "p",
      { className: "hint" },
      "Resamples the customers 100 times and fits k-means again: a segment that keeps reappearing is real.",
    ),
  );
}

/** The segments past SHOWN_SEGMENTS, together: how many, how large, and where to see them. */
function othersCard(sizes: readonly number[], total: number): HTMLElement {
  const customers = sizes.reduce((a, b) => a + b, 0);
  const range = `${sizes[sizes.length - 1].toLocaleString("en-US")} to ${sizes[0].toLocaleString("en-US")}`;
  return h(
    "li",
    { className: "segment-card others" },
    h(
      "div",
      { className: "segment-head" },
      h("span", { className: "swatch", style: `background:${OTHER_SEGMENTS_COLOR}`, "aria-hidden": "true" }),
      h("span", { className: "segment-name" }, `${sizes.length.toLocaleString("en-US")} more segments`),
    ),
    h(
      "div",
      { className: "segment-size" },
      h(
        "span",
        { className: "size-count" },
        `${customers.toLocaleString("en-US")} customers · ${formatNumber((100 * customers) / total, 1)}%`,
      ),
    ),
    h(
      "p",
      { className: "segment-why" },
      `Of ${range} customers each: the profile sheet lists them all. Many small segments usually mean min points is low for this much data; a larger one turns them into noise.`,
    ),
  );
}

/** Noise as a card of its own, in grey, after the segments: not a segment, and not to be named. */
function noiseCard(noise: number, total: number): HTMLElement {
  return h(
    "li",
    { className: "segment-card noise" },
    h(
      "div",
      { className: "segment-head" },
      swatch(NOISE),
      h("span", { className: "segment-num" }, "0"),
      h("span", { className: "segment-name" }, "Noise"),
    ),
    h(
      "div",
      { className: "segment-size" },
      h(
        "span",
        { className: "size-count" },
        `${noise.toLocaleString("en-US")} customers · ${formatNumber((100 * noise) / total, 1)}%`,
      ),
    ),
    h(
      "p",
      { className: "segment-why" },
      "In no dense group: written as 0, profiled on their own, and left out of the silhouettes and of what drives the segments.",
    ),
  );
}

/**
 * Each feature's share of the separation as a bar chart, with the warnings about it above as text: a
 * warning is advice to act on before writing, not a detail of the chart.
 */
function driversFigure(result: RunOutcome) {
  const chart = chartFigure(
    `Bar chart of how much of each feature's spread lies between the segments: ${result.separation
      .map((f) => `${f.feature} ${formatNumber(100 * f.r2, 0)}%`)
      .join(", ")}.`,
    "The share of each feature's spread (in the scaled data the segments were found in) that lies between the segments rather than within them: the longer the bar, the more the segments differ in it.",
    // A bar per feature at a readable size, plus the axis.
    60 + 24 * Math.max(1, result.separation.length),
  );
  const warnings =
    result.warnings.length > 0
      ? h(
          "ul",
          // Flush with the text: the list's usual indent sits it under a feature's checkbox.
          { className: "warnings", style: "margin:0 0 8px" },
          result.warnings.map((w) => h("li", { className: "warning" }, w)),
        )
      : null;
  return { chart, warnings };
}

/** Segment colours by number, and noise's grey, under a chart (the names are on the cards above). */
function legend(k: number, noise: boolean): HTMLElement {
  return h(
    "p",
    { className: "legend", "aria-hidden": "true" },
    Array.from({ length: Math.min(k, SHOWN_SEGMENTS) }, (_, c) =>
      h("span", { className: "legend-item" }, swatch(c + 1), String(c + 1)),
    ),
    k > SHOWN_SEGMENTS
      ? h(
          "span",
          { className: "legend-item" },
          h("span", { className: "swatch", style: `background:${OTHER_SEGMENTS_COLOR}` }),
          "Others",
        )
      : null,
    noise ? h("span", { className: "legend-item" }, swatch(NOISE), "Noise") : null,
  );
}

/** Means (numbers) and shares (categories) by segment, features down the side so it fits a narrow pane. */
function averages(result: RunOutcome): HTMLElement {
  const { report } = result;
  const noise = report.noise ? [report.noise] : [];
  // The table stops at SHOWN_SEGMENTS segments; the profile sheet has every one.
  const segments = report.segments.slice(0, SHOWN_SEGMENTS);
  const head = ["", ...segments.map((s) => String(s.segment)), ...noise.map(() => "Noise"), "All"];
  const groups = [...segments, ...noise, report.overall];
  const rows: string[][] = [
    ...report.numericFeatures.map((f, j) => [f, ...groups.map((g) => formatNumber(g.numeric[j].mean, 1))]),
    ...report.categoryFeatures.map(({ feature, category }, j) => [
      `${feature}: ${category}`,
      ...groups.map((g) => `${formatNumber(100 * g.categories[j].share, 0)}%`),
    ]),
  ];
  return h(
    "details",
    { className: "averages", open: true },
    h("summary", {}, "Averages by segment"),
    h(
      "div",
      { className: "table-scroll", role: "region", "aria-label": "Averages by segment", tabindex: "0" },
      h(
        "table",
        { className: "grid numbers" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            head.map((c, i) =>
              h(
                "th",
                { scope: "col" },
                i > 0 && i <= segments.length ? [swatch(i), c] : c === "Noise" ? [swatch(NOISE), c] : c,
              ),
            ),
          ),
        ),
        h(
          "tbody",
          {},
          rows.map(([name, ...cells]) =>
            h(
              "tr",
              {},
              h("th", { scope: "row" }, name),
              cells.map((c) => h("td", {}, c)),
            ),
          ),
        ),
      ),
    ),
  );
}

/**
 * The rule-based RFM segments (rows) against the segments found (columns), counts, with a sentence
 * per segment on what it is mostly. Segments past SHOWN_SEGMENTS are left to the sentences' count.
 */
function crosstabTable(crosstab: RfmCrosstab): HTMLElement {
  const shown = crosstab.totals.slice(0, SHOWN_SEGMENTS);
  return h(
    "div",
    {},
    h(
      "div",
      {
        className: "table-scroll",
        role: "region",
        "aria-label": "RFM segments in each segment",
        tabindex: "0",
      },
      h(
        "table",
        { className: "grid numbers" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, "RFM segment"),
            shown.map((_, c) => h("th", { scope: "col" }, [swatch(c + 1), String(c + 1)])),
            h("th", { scope: "col" }, "All"),
          ),
        ),
        h(
          "tbody",
          {},
          crosstab.rows.map((row) =>
            h(
              "tr",
              {},
              h("th", { scope: "row" }, row.name),
              row.counts.slice(0, SHOWN_SEGMENTS).map((n) => h("td", {}, n.toLocaleString("en-US"))),
              h("td", {}, row.total.toLocaleString("en-US")),
            ),
          ),
        ),
      ),
    ),
    h(
      "ul",
      { className: "notes" },
      crosstabSentences(crosstab)
        .slice(0, SHOWN_SEGMENTS)
        .map((sentence) => h("li", {}, sentence)),
    ),
  );
}

/**
 * The run against earlier segments in a column of the data (a Segment column an earlier run wrote,
 * the data refreshed since): a choice of that column, then a heatmap of where each earlier segment's
 * customers are now, shaded by the share of the earlier segment, and a sentence per earlier segment.
 */
function comparison(state: WizardState, wizard: Wizard): HTMLElement | null {
  const columns = wizard.earlierSegmentColumns();
  const result = state.result as RunOutcome;
  if (columns.length === 0) return null;
  const done = state.migration?.result === result ? state.migration : null;
  const selectId = uid("earlier");
  const select = h(
    "select",
    { id: selectId },
    columns.map((name) => h("option", { value: name, selected: name === done?.column }, name)),
  );
  return h(
    "section",
    { className: "card" },
    h("h3", {}, "Compared with earlier segments"),
    h(
      "div",
      { className: "field" },
      h("label", { for: selectId, className: "field-label" }, "Earlier segments in column"),
      select,
    ),
    h(
      "div",
      { className: "actions" },
      h("button", { type: "button", onclick: () => void wizard.compareWith(select.value) }, "Compare"),
    ),
    done ? migrationHeatmap(done.outcome) : null,
    done
      ? h(
          "ul",
          { className: "notes" },
          migrationSentences(done.outcome).map((sentence) => h("li", {}, sentence)),
        )
      : h(
          "p",
          { className: "hint" },
          "Where each earlier segment's customers are now, row by row: after a refresh, who moved where.",
        ),
  );
}

/** Counts from each earlier segment (rows) to each segment now (columns), shaded by row share. */
function migrationHeatmap(m: MigrationOutcome): HTMLElement {
  const label = (state: number) => (state === 0 ? "Noise" : String(state));
  const anyGone = m.gone.some((n) => n > 0);
  const anyNew = m.fresh.some((n) => n > 0);
  const cell = (count: number, rowTotal: number) => {
    const share = rowTotal > 0 ? count / rowTotal : 0;
    return h(
      "td",
      {
        style: `background:${withAlpha(CHART_COLORS.accent, 0.08 + 0.8 * share)};color:${share > 0.5 ? "#fff" : "inherit"}`,
      },
      count.toLocaleString("en-US"),
    );
  };
  return h(
    "div",
    {
      className: "table-scroll",
      role: "region",
      "aria-label": "Earlier segments against segments now",
      tabindex: "0",
    },
    h(
      "table",
      { className: "grid numbers heatmap" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, "Earlier \\ now"),
          m.states.map((s) => h("th", { scope: "col" }, label(s))),
          anyGone ? h("th", { scope: "col" }, "None") : null,
        ),
      ),
      h(
        "tbody",
        {},
        m.states.map((from, i) => {
          const total = m.counts[i].reduce((a, b) => a + b, 0) + m.gone[i];
          return h(
            "tr",
            {},
            h("th", { scope: "row" }, label(from)),
            m.counts[i].map((count) => cell(count, total)),
            anyGone ? cell(m.gone[i], total) : null,
          );
        }),
        anyNew
          ? h(
              "tr",
              {},
              h("th", { scope: "row" }, "None"),
              m.fresh.map((count) =>
                cell(
                  count,
                  m.fresh.reduce((a, b) => a + b, 0),
                ),
              ),
              anyGone ? h("td", {}, "") : null,
            )
          : null,
      ),
    ),
  );
}
