import { readTable, columnByName } from "../../src/core/table";
import { classifyCell, isoDateToSerial } from "../../src/core/cells";

describe("classifyCell", () => {
  it("tells numbers, numeric text, booleans, errors, dates, text and empties apart", () => {
    expect(classifyCell(3.5)).toBe("number");
    expect(classifyCell(" 42 ")).toBe("number");
    expect(classifyCell("1e3")).toBe("number");
    expect(classifyCell(true)).toBe("boolean");
    expect(classifyCell("FALSE")).toBe("boolean");
    expect(classifyCell("#N/A")).toBe("error");
    expect(classifyCell("#DIV/0!")).toBe("error");
    expect(classifyCell(NaN)).toBe("error");
    expect(classifyCell("2011-12-09")).toBe("date");
    expect(classifyCell("$1,234.50")).toBe("number");
    expect(classifyCell("45%")).toBe("number");
    expect(classifyCell("31/12/2011")).toBe("date");
    expect(classifyCell("01-Dec-2011")).toBe("date");
    expect(classifyCell("12 kg")).toBe("text");
    expect(classifyCell("Male")).toBe("text");
    expect(classifyCell("")).toBe("empty");
    expect(classifyCell("   ")).toBe("empty");
    expect(classifyCell(null)).toBe("empty");
  });

  it("turns ISO dates into Excel serial numbers", () => {
    expect(isoDateToSerial("1970-01-01")).toBe(25569);
    expect(isoDateToSerial("2011-12-09")).toBe(40886);
    expect(isoDateToSerial("2011-12-09 12:00")).toBe(40886.5);
    expect(isoDateToSerial("2011-02-30")).toBeNaN();
  });
});

describe("readTable", () => {
  const mall = [
    ["CustomerID", "Gender", "Age", "Annual Income (k$)", "Spending Score (1-100)"],
    [1, "Male", 19, 15, 39],
    [2, "Male", 21, 15, 81],
    [3, "Female", 20, 16, 6],
    [4, "Female", 23, 16, 77],
    [5, "Female", 31, 17, 40],
  ];

  it("detects the header and each column's kind", () => {
    const table = readTable(mall);
    expect(table.hasHeader).toBe(true);
    expect(table.rowCount).toBe(5);
    expect(table.columns.map((c) => [c.name, c.kind])).toEqual([
      ["CustomerID", "identifier"],
      ["Gender", "categorical"],
      ["Age", "numeric"],
      ["Annual Income (k$)", "numeric"],
      ["Spending Score (1-100)", "numeric"],
    ]);
    expect(columnByName(table, "gender")?.categories).toEqual(["Male", "Female"]);
  });

  it("reads no header when the first row holds numbers", () => {
    const table = readTable(mall.slice(1));
    expect(table.hasHeader).toBe(false);
    expect(table.rowCount).toBe(5);
    expect(table.columns[2].name).toBe("Column 3");
  });

  it("can be told whether there is a header", () => {
    expect(readTable(mall.slice(1), { header: true }).rowCount).toBe(4);
    expect(readTable(mall, { header: false }).rowCount).toBe(6);
  });

  it("does not mistake a distinct continuous measure for an identifier", () => {
    const rows: (string | number)[][] = [["Spend"]];
    for (let i = 0; i < 50; i++) rows.push([Math.round(1000 + i * i * 37.3) / 10]);
    expect(readTable(rows).columns[0].kind).toBe("numeric");
  });

  it("calls whole numbers distinct on every row an identifier when they run consecutively", () => {
    const rows: (string | number)[][] = [["Ref"]];
    for (let i = 0; i < 30; i++) rows.push([12346 + Math.floor(i * 1.3)]);
    expect(readTable(rows).columns[0].kind).toBe("identifier");
    const spread: (string | number)[][] = [["Spend"]];
    for (let i = 0; i < 30; i++) spread.push([100 + i * 97]);
    expect(readTable(spread).columns[0].kind).toBe("numeric");
  });

  it("calls distinct text an identifier, repeated text categorical", () => {
    const table = readTable([
      ["Email", "Region"],
      ["a@x.com", "North"],
      ["b@x.com", "South"],
      ["c@x.com", "North"],
    ]);
    expect(table.hasHeader).toBe(true);
    expect(table.columns.map((c) => c.kind)).toEqual(["identifier", "categorical"]);
  });

  it("counts missing and invalid cells and remembers the first invalid one's row", () => {
    const table = readTable([
      ["Age", "Spend"],
      [30, 10],
      ["", 20],
      [40, "#N/A"],
      [50, "lots"],
      [60, 50],
      [70, 60],
      [80, 70],
      [90, 80],
      [15, 90],
      [25, 100],
      [35, 110],
      [45, 120],
      [55, 130],
      [65, 140],
      [75, 150],
      [85, 160],
      [95, 170],
      [20, 180],
      [22, 190],
      [24, 200],
    ]);
    const [age, spend] = table.columns;
    expect(age.kind).toBe("numeric");
    expect(age.missing).toBe(1);
    expect(age.invalid).toBe(0);
    expect(spend.kind).toBe("numeric");
    expect(spend.invalid).toBe(2);
    expect(spend.firstInvalid).toEqual({ row: 4, value: '"#N/A"' });
    expect(Number.isNaN(spend.numbers?.[3])).toBe(true);
  });

  it("reads booleans, dates and empty columns", () => {
    const table = readTable([
      ["Member", "Joined", "Notes"],
      [true, "2020-01-05", ""],
      [false, "2021-03-10", ""],
      [true, "2019-07-20", null],
    ]);
    expect(table.columns.map((c) => c.kind)).toEqual(["boolean", "date", "empty"]);
    expect(table.columns[1].numbers?.[0]).toBe(isoDateToSerial("2020-01-05"));
  });

  it("marks numbers under a date format as a date column", () => {
    const table = readTable(
      [
        ["Last order", "Spend"],
        [44000, 5],
        [44100, 7],
      ],
      { numberFormats: ["yyyy-mm-dd", "0.00"] },
    );
    expect(table.columns.map((c) => c.kind)).toEqual(["date", "numeric"]);
  });

  it("gives duplicate and empty header cells usable names", () => {
    const table = readTable([
      ["Spend", "", "Spend"],
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(table.columns.map((c) => c.name)).toEqual(["Spend", "Column 2", "Spend (2)"]);
  });

  it("detects a header over data that is all text when its values never recur", () => {
    const table = readTable([
      ["Region", "Channel"],
      ["North", "Web"],
      ["South", "Store"],
      ["North", "Web"],
    ]);
    expect(table.hasHeader).toBe(true);
    expect(table.columns[0].categories).toEqual(["North", "South"]);
  });

  it("reads ragged rows as missing cells", () => {
    const table = readTable([["A", "B"], [1, 2], [3]]);
    expect(table.columns[1].missing).toBe(1);
  });

  it("reads a numeric column's cells one row at a time, as the copy of the column has them", () => {
    const values = [
      ["Spend", "When"],
      [12.5, "2011-12-09"],
      [" 7 ", 40887],
      [null, "x"],
      ["#N/A", 40888.5],
      ...Array.from({ length: 20 }, (_, i) => [i, 40900 + i]),
    ];
    const table = readTable(values);
    for (const column of table.columns) {
      expect(column.holdsNumbers).toBe(true);
      const numberAt = column.numberAt as (i: number) => number;
      const one = Array.from({ length: table.rowCount }, (_, i) => numberAt(i));
      expect(one).toEqual(Array.from(column.numbers as Float64Array));
    }
    expect(Array.from(table.columns[0].numbers as Float64Array).slice(0, 5)).toEqual([12.5, 7, NaN, NaN, 0]);
    expect(table.columns[0]).toMatchObject({
      missing: 1,
      invalid: 1,
      firstInvalid: { row: 5, value: '"#N/A"' },
    });
    expect(table.columns[1]).toMatchObject({
      missing: 0,
      invalid: 1,
      firstInvalid: { row: 4, value: '"x"' },
    });
  });

  it("copies a numeric column from the range only when the whole column is asked for", () => {
    let reads = 0;
    const row = (x: number) =>
      new Proxy([x], {
        get(target, key, receiver) {
          if (key === "0") reads++;
          return Reflect.get(target, key, receiver);
        },
      });
    const values = [["Spend"], ...Array.from({ length: 50 }, (_, i) => row(i + 0.5))];
    const table = readTable(values);
    const afterRead = reads;
    const column = table.columns[0];
    expect(column.numberAt?.(3)).toBe(3.5);
    expect(reads).toBe(afterRead + 1);
    expect(column.numbers?.[49]).toBe(49.5);
    expect(reads).toBe(afterRead + 1 + 50);
    // The copy is kept: a second read costs nothing.
    expect(column.numbers?.[0]).toBe(0.5);
    expect(reads).toBe(afterRead + 1 + 50);
    // Coded columns have neither.
    const coded = readTable([["Region"], ["North"], ["South"]]).columns[0];
    expect([coded.holdsNumbers, coded.numbers, coded.numberAt]).toEqual([false, null, null]);
  });

  it("reads no header over rows whose numbers are typed as text", () => {
    const table = readTable([
      ["Ann", "$5.00", "12/31/2011"],
      ["Bob", "$6.50", "01/02/2012"],
    ]);
    expect(table.hasHeader).toBe(false);
    expect(table.columns.map((c) => c.kind)).toEqual(["categorical", "numeric", "date"]);
  });

  it("says which text column holds numbers it could not read, and never calls it an identifier", () => {
    const table = readTable([
      ["Customer", "Weight", "Spend"],
      ["C-10023", "12 kg", "$10.00"],
      ["C-10024", "13.5 kg", "$12.50"],
      ["C-10025", "9 kg", "$7.25"],
      ["C-10026", "11 kg", "$20.00"],
    ]);
    const [customer, weight, spend] = table.columns;
    expect(customer).toMatchObject({ kind: "identifier", unreadNumber: null });
    expect(weight).toMatchObject({ kind: "categorical", unreadNumber: { row: 2, value: '"12 kg"' } });
    expect(spend).toMatchObject({ kind: "numeric", unreadNumber: null, note: null });
    // Distinct amounts or dates that did read are numbers, not an identifier either.
    expect(readTable([["Spend"], ["$1,000"], ["$2,000"], ["$3,500"], ["$4,250"]]).columns[0].kind).toBe(
      "numeric",
    );
  });

  it("points at the first cell that did not read in a column of mostly numbers", () => {
    const rows = [
      ["Amount"],
      ...Array.from({ length: 6 }, (_, i) => [`${i + 1},5`]),
      ["about 7"],
      ["n/a"],
      ["#N/A"],
    ];
    const amount = readTable(rows).columns[0];
    expect(amount.kind).toBe("categorical");
    expect(amount.unreadNumber).toEqual({ row: 8, value: '"about 7"' });
    // Text that does not look like numbers has nothing to point at.
    const region = readTable([["Region"], ["North"], ["South"], ["7"], ["North"]]).columns[0];
    expect(region).toMatchObject({ kind: "categorical", unreadNumber: null });
  });

  it("leaves the note empty for columns read plainly", () => {
    const table = readTable(mall);
    expect(table.columns.map((c) => c.note)).toEqual([null, null, null, null, null]);
    expect(table.excluded).toEqual([]);
  });
});
