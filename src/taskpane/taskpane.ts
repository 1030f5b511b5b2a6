/*
 * Task pane entry point. For now it only mounts an empty shell into <main id="app">.
 * It also renders when Office.js is unavailable (plain browser, tests).
 * taskpane.css is copied next to taskpane.html and linked from it (no CSS loader in the build).
 */
export type HostKind = "excel" | "other-office-host" | "no-office";

export function mountApp(root: HTMLElement, host: HostKind): void {
  root.replaceChildren();
  const shell = document.createElement("section");
  shell.className = "app-shell";
  shell.dataset.host = host;

  const status = document.createElement("p");
  status.className = "app-status";
  status.id = "app-status";
  status.textContent =
    host === "no-office"
      ? "Segment is running outside Office."
      : host === "excel"
        ? "Segment is ready."
        : "Segment works in Excel.";
  shell.appendChild(status);
  root.appendChild(shell);
}

function start(): void {
  const root = document.getElementById("app");
  if (!root) return;
  if (typeof Office === "undefined") {
    mountApp(root, "no-office");
    return;
  }
  Office.onReady((info) => {
    mountApp(root, info.host === Office.HostType.Excel ? "excel" : "other-office-host");
  });
}

if (typeof document !== "undefined") {
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}
