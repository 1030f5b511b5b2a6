/*
 * `segment sql MODEL.xlsx`: the query SEGMENT.SQL spills for a model table, as text, so that a model
 * made in a workbook (or by segment --out) scores the customers where they live. The query is the
 * function's own: its lines, one after another.
 */
import * as fs from "fs/promises";
import { isSegmentError } from "../core/errors";
import { sqlSpill } from "../functions/sql";
import { EXIT, Io, failure, refuseExistingOut } from "./exit";
import { FoundModel, ModelFormula, findModel, modelAddress } from "./model-table";
import { InputError, readSheets } from "./read";
import { SQL_HINT, SQL_USAGE, SqlCliOptions, parseSqlArguments } from "./sql-args";

export const SQL_COMMAND = "sql";

export async function runSql(argv: readonly string[], io: Io): Promise<number> {
  let options: SqlCliOptions;
  try {
    const parsed = parseSqlArguments(argv);
    if (parsed.help) {
      io.stdout.write(`${SQL_USAGE}\n`);
      return EXIT.ok;
    }
    options = parsed.options;
  } catch (error) {
    // A bad --dialect or --table is a usage mistake, though the function's parser words it.
    if (isSegmentError(error)) {
      io.stderr.write(`segment: ${error.message} ${SQL_HINT}\n`);
      return EXIT.badInput;
    }
    return failure(error, io, SQL_HINT);
  }
  const refused = refuseExistingOut(options.out, options.force, io, SQL_HINT);
  if (refused !== null) return refused;
  try {
    const formulas: ModelFormula[] = [];
    const sheets = await readSheets(options.file, (formula) => formulas.push(formula));
    const found = findModel(options.file, sheets, options.sheet, formulas);
    if (found.others > 0) {
      io.stderr.write(
        `segment: note: ${found.others + 1} model tables on sheet "${found.sheet}"; the query is for the first, at ${modelAddress(found)}.\n`,
      );
    }
    const lines = queryLines(found, options);
    const query = `${lines.join("\n")}\n`;
    if (options.out === null) {
      io.stdout.write(query);
    } else {
      await fs.writeFile(options.out, query, "utf8");
      io.stderr.write(
        `segment: wrote ${options.out}: ${lines.length} lines of ${options.dialect} SQL scoring ${options.table} with the model at ${modelAddress(found)}.\n`,
      );
    }
    return EXIT.ok;
  } catch (error) {
    return failure(error, io, SQL_HINT);
  }
}

/** SEGMENT.SQL's lines for the model; its complaints about the model say where the model is. */
function queryLines(found: FoundModel, options: SqlCliOptions): string[] {
  try {
    return sqlSpill(found.values, options.dialect, options.table, options.idColumn ?? undefined).map((row) =>
      String(row[0]),
    );
  } catch (error) {
    if (isSegmentError(error))
      throw new InputError(`${options.file}, model at ${modelAddress(found)}: ${error.message}`);
    throw error;
  }
}
