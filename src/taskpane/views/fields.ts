import { h, uid } from "./dom";

/**
 * Form fields shared by the steps: a labelled select whose hint explains the current choice, and a
 * labelled number input that checks what is typed before passing it on.
 */
export function selectField<T extends string>(
  label: string,
  options: readonly [T, string, string][],
  value: T,
  onChange: (value: T) => void,
) {
  const id = uid("select");
  const hintId = uid("hint");
  const hint = h("p", { className: "hint", id: hintId });
  const select = h(
    "select",
    { id, "aria-describedby": hintId, onchange: () => onChange(select.value as T) },
    options.map(([v, text]) => h("option", { value: v, selected: v === value }, text)),
  );
  const element = h(
    "div",
    { className: "field" },
    h("label", { for: id, className: "field-label" }, label),
    select,
    hint,
  );
  return {
    element,
    sync(next: T) {
      select.value = next;
      hint.textContent = options.find(([v]) => v === next)?.[2] ?? "";
    },
  };
}

/**
 * A number input: `onChange` hears each value that passes `check` (null when fine, else the words
 * shown under the field), `debounce` ms after the last keystroke, or at once on Enter or leaving it.
 */
export function numberField(
  label: string,
  value: number | null,
  options: {
    readonly step: string;
    readonly min?: number;
    readonly hint: string;
    readonly debounce?: number;
    readonly check: (value: number) => string | null;
    readonly onChange: (value: number) => void;
  },
) {
  const id = uid("number");
  const hintId = uid("hint");
  const hint = h("p", { className: "hint", id: hintId }, options.hint);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const commit = () => {
    clearTimeout(timer);
    const x = input.value.trim() === "" ? NaN : Number(input.value);
    const problem = options.check(x);
    input.setAttribute("aria-invalid", problem ? "true" : "false");
    hint.textContent = problem ?? options.hint;
    hint.classList.toggle("invalid", problem !== null);
    if (!problem) options.onChange(x);
  };
  const input = h("input", {
    type: "number",
    id,
    step: options.step,
    min: options.min,
    value: value === null ? "" : String(value),
    "aria-describedby": hintId,
    oninput: () => {
      clearTimeout(timer);
      timer = setTimeout(commit, options.debounce ?? 300);
    },
    onchange: commit,
  });
  const element = h(
    "div",
    { className: "field" },
    h("label", { for: id, className: "field-label" }, label),
    input,
    hint,
  );
  return {
    element,
    input,
    /** Shows `next` unless the user is typing in the field. */
    sync(next: number | null) {
      if (document.activeElement === input) return;
      input.value = next === null ? "" : String(next);
    },
  };
}
