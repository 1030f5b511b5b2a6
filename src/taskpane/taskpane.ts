/*
 * Task pane entry point. It waits for Office.js, picks a host (Excel, or an in-memory workbook in a
 * plain browser: the sandbox and the browser test) and mounts the wizard into <div id="app">.
 * taskpane.css is copied next to taskpane.html and linked from it (no CSS loader in the build).
 */
import { chooseHost } from "./host-select";
import { mountApp } from "./app";

declare global {
  // Set by the sandbox page or the browser test before the pane loads.
  var __SEGMENT_SANDBOX__: unknown;
  // The in-memory workbook in use, for the sandbox and the browser test to inspect.
  var __SEGMENT_WORKBOOK__: unknown;
}

function launch(root: HTMLElement, inExcel: boolean): void {
  const choice = chooseHost({ inExcel, sandbox: globalThis.__SEGMENT_SANDBOX__ });
  if (choice.workbook) {
    globalThis.__SEGMENT_WORKBOOK__ = choice.workbook;
    quietOfficeTelemetry();
  }
  mountApp(root, choice);
}

/**
 * Outside Office, office.js opens a hidden telemetry frame on a Microsoft server three seconds after it
 * loads. In the sandbox the page holds customer data and promises that nothing leaves it, so that frame
 * is never loaded. (Inside Excel this code does not run.)
 */
function quietOfficeTelemetry(): void {
  type Endpoint = { loadProxyFrame?: () => void };
  const osf = (globalThis as { OSF?: { Logger?: { ulsEndpoint?: Endpoint | null } } }).OSF;
  const endpoint = osf?.Logger?.ulsEndpoint;
  if (endpoint) endpoint.loadProxyFrame = () => undefined;
}

function start(): void {
  const root = document.getElementById("app");
  if (!root) return;
  if (typeof Office === "undefined") {
    launch(root, false);
    return;
  }
  Office.onReady((info) => launch(root, typeof Excel !== "undefined" && info.host === Office.HostType.Excel));
}

if (typeof document !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
}
