import type { HostChoice } from "./host-select";
import { confirmDialog } from "./views/dialog";
import { mountShell } from "./views/shell";
import { Wizard } from "./wizard";
import { WorkerAnalyzer } from "./worker-client";
import { createAnalysisWorker } from "./worker-factory";

/** Wires a host, the analysis worker, the dialog and the views together, and starts the wizard. */
export function mountApp(root: HTMLElement, choice: HostChoice): Wizard {
  // Every browser engine Office runs add-ins in has Web Workers; the analysis always runs in one.
  const analyzer = new WorkerAnalyzer(createAnalysisWorker);
  const wizard = new Wizard({
    host: choice.host,
    analyzer,
    confirm: (request) => confirmDialog(root, request),
  });
  mountShell(root, wizard, choice.note);
  void wizard.start();
  return wizard;
}
