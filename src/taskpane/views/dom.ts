/**
 * A tiny element builder: the views are small and built once per step, so plain DOM calls suffice and
 * no framework ships in the bundle. Text always goes through textContent, never innerHTML, so nothing a
 * workbook holds (column names, cell values) can inject markup. A `style` goes through the element's
 * CSSOM (style.cssText), which the pages' Content-Security-Policy (style-src 'self') allows, where a
 * style attribute would be refused.
 */
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;
export type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") el.addEventListener(name.replace(/^on/, "").toLowerCase(), value);
    else if (name === "className") el.className = String(value);
    else if (name === "style") el.style.cssText = String(value);
    else if (value === true) el.setAttribute(name, "");
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

export function append(parent: Element, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
}

let ids = 0;
/** A document-unique id for label/aria wiring. */
export function uid(prefix: string): string {
  ids += 1;
  return `${prefix}-${ids}`;
}

/**
 * A chart's frame: a fixed-height box Chart.js can size itself to, a label for screen readers, an
 * optional legend right under the plot, and a caption.
 */
export function chartFigure(
  label: string,
  caption: string,
  height = 200,
  legend: Node | null = null,
): { figure: HTMLElement; canvas: HTMLCanvasElement } {
  const canvas = h("canvas", { role: "img", "aria-label": label });
  const figure = h(
    "figure",
    { className: "chart" },
    h("div", { className: "chart-box", style: `height:${height}px` }, canvas),
    legend,
    h("figcaption", {}, caption),
  );
  return { figure, canvas };
}

export function formatNumber(x: number, digits = 2): string {
  return x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}
