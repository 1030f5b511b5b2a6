import type { Wizard, WizardState } from "../wizard";

/** One step's content. Built when the step (or its data) changes; `update` follows small state changes. */
export interface StepView {
  readonly element: HTMLElement;
  /** The step's heading, focused when the step opens so keyboard and screen-reader users land on it. */
  readonly heading: HTMLElement;
  update?(state: WizardState): void;
  destroy?(): void;
}

export type StepFactory = (state: WizardState, wizard: Wizard) => StepView;
