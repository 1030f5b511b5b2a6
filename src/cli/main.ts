/*
 * `segment FILE`: the command line for people without Excel. Reads the file, segments it as the SEGMENT
 * functions would, prints a summary or JSON and, with --out, writes the workbook the add-in would.
 * `segment rfm FILE` computes RFM from transactions instead (rfm.ts); `segment sql MODEL.xlsx` prints
 * the SQL that scores a table with a model (sql.ts).
 * Every failure ends as one line on stderr: exit 2 for bad input or usage, 1 for anything else.
 */
import { isSegmentError } from "../core/errors";
import { analyse } from "./analyse";
import { USAGE, UsageError, parseArguments } from "./args";
import { featureValues } from "./columns";
import { EXIT, HINT, Io, failure, refuseExistingOut } from "./exit";
import { createProgress } from "./progress";
import { InputError, readInput } from "./read";
import { jsonResult, summary } from "./report";
import { RFM_COMMAND, runRfm } from "./rfm";
import { SQL_COMMAND, runSql } from "./sql";
import { writeResults } from "./write";

export { EXIT, type Io };

export async function run(argv: readonly string[], io: Io = process): Promise<number> {
  if (argv[0] === RFM_COMMAND) return runRfm(argv.slice(1), io);
  if (argv[0] === SQL_COMMAND) return runSql(argv.slice(1), io);
  let parsed: ReturnType<typeof parseArguments>;
  try {
    parsed = parseArguments(argv);
  } catch (error) {
    if (error instanceof UsageError || isSegmentError(error)) {
      io.stderr.write(`segment: ${error.message} ${HINT}\n`);
      return EXIT.badInput;
    }
    throw error;
  }
  if (parsed.help) {
    io.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const options = parsed.options;
  const refused = refuseExistingOut(options.out, options.force, io);
  if (refused !== null) return refused;
  const progress = createProgress(io.stderr);
  try {
    progress.stage("reading");
    const input = await readInput(options.file, options.sheet, (f) => progress.update(f));
    if (input.values.length === 0) throw new InputError(`${options.file} is empty.`);
    const analysis = analyse(featureValues(input.values, options.columns), options, progress);
    if (options.out !== null) {
      progress.stage("writing");
      const written = await writeResults(options.out, input, analysis);
      progress.stop();
      if (written.skippedCharts > 0) {
        io.stderr.write(
          `segment: wrote ${options.out}; the chart of segment sizes was left out (exceljs cannot write charts: the profile sheet has the sizes).\n`,
        );
      }
    }
    progress.stop();
    io.stdout.write(options.json ? `${JSON.stringify(jsonResult(analysis))}\n` : summary(analysis));
    return EXIT.ok;
  } catch (error) {
    progress.stop();
    return failure(error, io);
  }
}
