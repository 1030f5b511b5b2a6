import { CsvLineParser, detectDelimiter, parseCsv } from "../../src/host/csv";

describe("parseCsv", () => {
  it("reads plain numbers as numbers, empty fields as null and other text as typed", () => {
    expect(
      parseCsv('Name,Spend,Joined\nAda,12,2024-01-05\nBo,-3.5,\nCy,1e3,"$1,234.50"\nDi,"7",x,extra\n'),
    ).toEqual([
      ["Name", "Spend", "Joined", null],
      ["Ada", 12, "2024-01-05", null],
      ["Bo", -3.5, null, null],
      ["Cy", 1000, "$1,234.50", null],
      ["Di", 7, "x", "extra"],
    ]);
  });

  it("keeps text that only looks like a number in part", () => {
    expect(parseCsv("a\n0x10\n1.2.3\n12%\n Infinity\n.5\n")).toEqual([
      ["a"],
      ["0x10"],
      ["1.2.3"],
      ["12%"],
      [" Infinity"],
      [0.5],
    ]);
  });

  it("follows RFC 4180 quoting: delimiters, doubled quotes and line breaks inside quotes", () => {
    const text = 'id,note,amount\r\n1,"Smith, J.","1,234.50"\r\n2,"said ""hi""\r\nthen left",7\r\n';
    expect(parseCsv(text)).toEqual([
      ["id", "note", "amount"],
      [1, "Smith, J.", "1,234.50"],
      [2, 'said "hi"\nthen left', 7],
    ]);
  });

  it("drops a byte order mark and pads ragged rows with null", () => {
    expect(parseCsv("\uFEFFa,b,c\n1,2\n3\n")).toEqual([
      ["a", "b", "c"],
      [1, 2, null],
      [3, null, null],
    ]);
  });

  it("detects semicolons and tabs, leaving decimal commas for the core", () => {
    expect(parseCsv("Name;Spend\nAda;12,5\nBo;3\n")).toEqual([
      ["Name", "Spend"],
      ["Ada", "12,5"],
      ["Bo", 3],
    ]);
    expect(parseCsv("Name\tSpend, total\nAda\t1\nBo\t2")).toEqual([
      ["Name", "Spend, total"],
      ["Ada", 1],
      ["Bo", 2],
    ]);
  });

  it("keeps blank lines inside the data, so that rows keep their places, and drops trailing ones", () => {
    expect(parseCsv("a,b\n1,2\n\n3,4\n\n\n")).toEqual([
      ["a", "b"],
      [1, 2],
      [null, null],
      [3, 4],
    ]);
  });

  it("reads an unclosed quote to the end of the text", () => {
    expect(parseCsv('a,b\n1,"open\nstill')).toEqual([
      ["a", "b"],
      [1, "open\nstill"],
    ]);
  });
});

describe("detectDelimiter", () => {
  it("prefers the delimiter every line agrees on over a stray one", () => {
    expect(detectDelimiter(["Sales, by region", "North;1;2", "South;3;4"])).toBe(";");
    expect(detectDelimiter(['"a;b",c', '"d;e",f'])).toBe(",");
    expect(detectDelimiter(["single column", "1"])).toBe(",");
  });
});

describe("CsvLineParser", () => {
  it("completes a record only when its quotes close", () => {
    const p = new CsvLineParser(",");
    expect(p.push('1,"two')).toBeNull();
    expect(p.pending).toBe(true);
    expect(p.push('lines",3')).toEqual([1, "two\nlines", 3]);
    expect(p.pending).toBe(false);
  });
});
