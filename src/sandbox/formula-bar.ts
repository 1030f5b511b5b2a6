/**
 * The bar above the grid: the name box (where the active cell is; type an address to go there), the
 * cell's contents (its formula when it holds one; type and press Enter to change it) and, under them,
 * the message of an error value, which Excel shows when such a cell is selected.
 */
import { Rect, cellA1, parseA1 } from "../host/address";

export interface FormulaBarEvents {
  /** The user typed an address into the name box. */
  go(rect: Rect): void;
  /** The user typed contents for the active cell and pressed Enter. */
  commit(text: string): void;
}

export class FormulaBar {
  private readonly nameBox: HTMLInputElement;
  private readonly contents: HTMLInputElement;
  private readonly note: HTMLElement;

  constructor(root: HTMLElement, events: FormulaBarEvents) {
    this.nameBox = required<HTMLInputElement>(root, "#name-box");
    this.contents = required<HTMLInputElement>(root, "#cell-contents");
    this.note = required<HTMLElement>(root, "#cell-note");
    this.nameBox.addEventListener("keydown", (e) => {
      if (e.key !== "Enter") return;
      e.preventDefault();
      try {
        events.go(parseA1(this.nameBox.value.trim()));
      } catch {
        this.showNote(`"${this.nameBox.value}" is not a cell address such as B2 or A1:E201.`, true);
      }
    });
    this.contents.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        events.commit(this.contents.value);
      }
    });
  }

  /** Shows the active cell: its address, contents and any error message. */
  show(row: number, column: number, contents: string, error: { code: string; message: string } | null): void {
    this.nameBox.value = cellA1(row, column);
    if (document.activeElement !== this.contents) this.contents.value = contents;
    if (error) this.showNote(`${error.code} ${error.message}`, true);
    else this.showNote("", false);
  }

  private showNote(text: string, isError: boolean): void {
    this.note.textContent = text;
    this.note.classList.toggle("error", isError && text !== "");
  }
}

function required<T extends HTMLElement>(root: HTMLElement, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`The sandbox page has no ${selector}.`);
  return found;
}
