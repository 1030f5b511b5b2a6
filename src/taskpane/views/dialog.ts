import type { ConfirmRequest } from "../wizard";
import { h, uid } from "./dom";

/**
 * The pane's own confirm dialog (window.confirm is blocked in Office add-ins and looks foreign). Modal:
 * focus moves into it, Tab stays inside, Escape cancels, and focus returns where it was. The safe
 * choice (cancel) has the initial focus, because the question is always about something irreversible.
 */
export function confirmDialog(root: HTMLElement, request: ConfirmRequest): Promise<boolean> {
  return new Promise((resolve) => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const titleId = uid("dialog-title");
    const textId = uid("dialog-text");
    const finish = (answer: boolean) => {
      backdrop.remove();
      root.removeAttribute("aria-hidden");
      root.inert = false;
      previous?.focus();
      resolve(answer);
    };
    const cancel = h("button", { type: "button", onclick: () => finish(false) }, request.cancel);
    const ok = h(
      "button",
      { type: "button", className: "primary", onclick: () => finish(true) },
      request.confirm,
    );
    const dialog = h(
      "div",
      {
        className: "dialog",
        role: "alertdialog",
        "aria-modal": "true",
        "aria-labelledby": titleId,
        "aria-describedby": textId,
      },
      h("h2", { id: titleId, className: "dialog-title" }, request.title),
      h("p", { id: textId }, request.message),
      h("div", { className: "dialog-buttons" }, ok, cancel),
    );
    const backdrop = h("div", { className: "dialog-backdrop" }, dialog);
    backdrop.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        finish(false);
      } else if (event.key === "Tab") {
        // Two buttons: Tab and Shift+Tab both move to the other one.
        event.preventDefault();
        (document.activeElement === ok ? cancel : ok).focus();
      }
    });
    root.inert = true;
    root.setAttribute("aria-hidden", "true");
    document.body.append(backdrop);
    cancel.focus();
  });
}
