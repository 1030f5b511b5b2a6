/** The row of sheet tabs under the grid, one button per sheet of the Workbook, the shown one pressed. */
import type { Workbook } from "../host/workbook";

export function renderTabs(
  container: HTMLElement,
  workbook: Workbook,
  shown: string,
  choose: (sheet: string) => void,
): void {
  const names = workbook.sheets.map((s) => s.name);
  const current = [...container.querySelectorAll("button")].map((b) => b.textContent);
  const pressed = container.querySelector("button[aria-selected=true]")?.textContent;
  if (current.join("\u0000") === names.join("\u0000") && pressed === shown) return;
  container.replaceChildren(
    ...names.map((name) => {
      const tab = document.createElement("button");
      tab.type = "button";
      tab.className = "tab";
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-selected", String(name === shown));
      tab.textContent = name;
      tab.addEventListener("click", () => choose(name));
      return tab;
    }),
  );
}
