import { leadingChoice } from "../algorithms";
import { STEPS, StepId, Wizard, WizardState } from "../wizard";
import { dataStep } from "./data-step";
import { h } from "./dom";
import { featuresStep } from "./features-step";
import { kStep } from "./k-step";
import { resultsStep } from "./results-step";
import { runStep } from "./run-step";
import type { StepFactory, StepView } from "./step";

const FACTORIES: Record<StepId, StepFactory> = {
  data: dataStep,
  features: featuresStep,
  k: kStep,
  run: runStep,
  results: resultsStep,
};

const BUSY_LABELS: Record<NonNullable<WizardState["busy"]>["task"], string> = {
  start: "Opening the workbook",
  read: "Reading the data",
  rfm: "Building the customer table",
  sweep: "Comparing numbers of segments",
  run: "Finding segments",
  stability: "Checking stability",
  write: "Writing to the workbook",
  remove: "Removing results",
};

/**
 * The pane's frame: title, stepper, message bars, the current step, progress and the Back/Next bar.
 * It re-renders the step only when the step or its data changes, so typing and ticking never lose focus.
 */
export function mountShell(root: HTMLElement, wizard: Wizard, note: string | null): void {
  const stepButtons = STEPS.map((step, i) =>
    h(
      "button",
      { type: "button", className: "step-button", onclick: () => wizard.goTo(step.id) },
      h("span", { className: "step-num", "aria-hidden": "true" }, String(i + 1)),
      h("span", { className: "step-label" }, step.title),
    ),
  );
  const stepper = h(
    "nav",
    { "aria-label": "Steps" },
    h(
      "ol",
      { className: "stepper" },
      stepButtons.map((b) => h("li", {}, b)),
    ),
  );

  const problem = h("div", { className: "message-area", role: "alert" });
  const notice = h("div", { className: "message-area", role: "status" });
  const frame = h("fieldset", { className: "step-frame" });
  const main = h("main", { className: "app-main" }, frame);

  const busyAnnounce = h("span", { className: "visually-hidden", "aria-live": "polite" });
  const busyText = h("p", { className: "progress-text", id: "progress-text" });
  const bar = h("progress", { max: "1", "aria-labelledby": "progress-text" });
  const cancel = h("button", { type: "button", onclick: () => wizard.cancel() }, "Cancel");
  const progress = h(
    "div",
    { className: "progress-area" },
    busyAnnounce,
    busyText,
    h("div", { className: "progress-row" }, bar, cancel),
  );

  const back = h("button", { type: "button", onclick: () => wizard.back() }, "Back");
  // On Results the primary action is writing; elsewhere it is moving on.
  const next = h(
    "button",
    {
      type: "button",
      className: "primary",
      onclick: () => void (wizard.state.step === "results" ? wizard.write() : wizard.next()),
    },
    "Next",
  );
  const footer = h("footer", { className: "nav-bar" }, back, next);

  root.replaceChildren(
    h(
      "header",
      { className: "app-header" },
      h("h1", { className: "app-title" }, "Segment"),
      note ? h("p", { className: "host-note" }, note) : null,
    ),
    stepper,
    problem,
    notice,
    main,
    // Progress and navigation stay in view at the bottom of the pane, however long the step.
    h("div", { className: "dock" }, progress, footer),
  );

  let view: StepView | null = null;
  let renderedKey = "";
  let lastTask: string | null = null;

  const render = (s: WizardState) => {
    // The results step shows and hides its Remove button itself: rebuilding it (and redrawing its
    // charts) once writing is done held the pane for a tenth of a second on a full sheet.
    const key = `${s.step}:${s.version}:${s.step !== "results" && s.written ? 1 : 0}`;
    if (key !== renderedKey) {
      const first = renderedKey === "";
      const stepChanged = !renderedKey.startsWith(`${s.step}:`);
      const focusWasInside = frame.contains(document.activeElement);
      view?.destroy?.();
      view = FACTORIES[s.step](s, wizard);
      frame.replaceChildren(view.element);
      renderedKey = key;
      // A new step starts at its heading; a rebuilt one puts back focus its old controls took with them.
      if (!first && (stepChanged || focusWasInside)) {
        view.heading.focus();
      }
    } else {
      view?.update?.(s);
    }
    frame.disabled = s.busy !== null;
    main.setAttribute("aria-busy", String(s.busy !== null));

    const current = STEPS.findIndex((x) => x.id === s.step);
    stepButtons.forEach((button, i) => {
      const id = STEPS[i].id;
      if (id === s.step) button.setAttribute("aria-current", "step");
      else button.removeAttribute("aria-current");
      button.disabled = s.busy !== null || (id !== s.step && !wizard.canGoTo(id));
      button.classList.toggle("done", i < current);
    });

    renderMessage(problem, s.problem ? [s.problem.title, s.problem.detail] : null, "error", () =>
      wizard.dismissMessages(),
    );
    renderMessage(notice, s.notice ? [null, s.notice] : null, "success", () => wizard.dismissMessages());

    progress.hidden = s.busy === null;
    if (s.busy) {
      busyText.textContent = s.busy.message;
      if (s.busy.fraction === null) bar.removeAttribute("value");
      else bar.value = s.busy.fraction;
      cancel.hidden = !s.busy.cancellable;
      // Announce the task once, not every iteration's message.
      if (s.busy.task !== lastTask) busyAnnounce.textContent = `${BUSY_LABELS[s.busy.task]}…`;
    } else if (lastTask !== null) {
      busyAnnounce.textContent = "";
    }
    lastTask = s.busy?.task ?? null;

    footer.hidden = s.step === "run";
    back.hidden = s.step === "data";
    back.disabled = s.busy !== null;
    next.hidden = false;
    next.disabled = s.busy !== null || (s.step === "k" && !wizard.canRun());
    // Short visible labels fit the narrow pane; the accessible names say where Next goes.
    next.textContent =
      s.step === "k" ? runLabel(s, wizard) : s.step === "results" ? "Write to workbook" : "Next";
    if (s.step === "data" || s.step === "features") {
      next.setAttribute("aria-label", s.step === "features" ? "Next: number of segments" : "Next: features");
    } else next.removeAttribute("aria-label");
  };
  wizard.subscribe(render);
  render(wizard.state);
}

/** The Run button's words: the choice it runs with. */
function runLabel(s: WizardState, wizard: Wizard): string {
  const choice = leadingChoice(s.algorithm, wizard.runParams());
  return choice === null ? "Run" : `Run with ${choice}`;
}

function renderMessage(
  area: HTMLElement,
  message: [string | null, string] | null,
  kind: "error" | "success",
  dismiss: () => void,
): void {
  const text = message ? message.join("\u0000") : "";
  if (area.dataset.text === text) return;
  area.dataset.text = text;
  if (!message) {
    area.replaceChildren();
    return;
  }
  const [title, detail] = message;
  // A message can follow a click at the bottom of a long step: bring it into view.
  requestAnimationFrame(() => area.scrollIntoView({ block: "nearest" }));
  area.replaceChildren(
    h(
      "div",
      { className: `message-bar ${kind}` },
      h("div", { className: "message-text" }, title ? h("strong", {}, title, ". ") : null, detail),
      h(
        "button",
        { type: "button", className: "subtle icon", "aria-label": "Dismiss", onclick: dismiss },
        "✕",
      ),
    ),
  );
}
