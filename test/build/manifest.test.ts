/**
 * Offline checks of manifest.xml: well-formed, resids resolve, and the custom functions and the
 * task pane share one long-lived runtime. Each rule is also shown to fire on a broken copy.
 */
import { existsSync, readFileSync } from "fs";
import path from "path";
import { checkManifest, parseXml, XmlSyntaxError } from "../helpers/manifest-check";

const MANIFEST_PATH = path.resolve(__dirname, "..", "..", "manifest.xml");
const manifest = readFileSync(MANIFEST_PATH, "utf8");

/** Replaces every occurrence of `from`, failing if there is none (so no mutation is a silent no-op). */
function mutate(xml: string, from: string | RegExp, to: string): string {
  const pattern =
    typeof from === "string" ? new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "g") : from;
  const mutated = xml.replace(pattern, to);
  if (mutated === xml) throw new Error(`mutation did not apply: ${String(from)}`);
  return mutated;
}

describe("manifest.xml", () => {
  test("passes every check", () => {
    expect(checkManifest(manifest)).toEqual([]);
  });

  test("is an Excel task pane add-in named Segment", () => {
    const root = parseXml(manifest);
    const text = (name: string) => root.children.find((c) => c.localName === name);
    expect(text("Id")?.text).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    expect(text("ProviderName")?.text).toBe("Segment");
    expect(text("DisplayName")?.attributes.DefaultValue).toBe("Segment");
    expect(text("Permissions")?.text).toBe("ReadWriteDocument");
    expect(text("Hosts")?.children.map((h) => h.attributes.Name)).toEqual(["Workbook"]);
  });

  test("points only at pages the build emits, the help links at the README's page, and has no template placeholders", () => {
    const urls = [...manifest.matchAll(/DefaultValue="(https?:[^"]*)"/g)].map((m) => m[1]);
    expect(urls.filter((u) => !u.startsWith("https://localhost:3000/"))).toEqual([]);
    const dist = path.resolve(__dirname, "..", "..", "dist");
    const missing = urls
      .map((u) => u.slice("https://localhost:3000/".length))
      .filter((f) => !existsSync(path.join(dist, f)));
    expect(missing).toEqual([]);
    expect(manifest).not.toMatch(/contoso|fwlink/i);
    const root = parseXml(manifest);
    expect(root.children.find((c) => c.localName === "SupportUrl")?.attributes.DefaultValue).toBe(
      "https://localhost:3000/help.html",
    );
  });
});

describe("dist/help.html, the SupportUrl", () => {
  const html = readFileSync(path.resolve(__dirname, "..", "..", "dist", "help.html"), "utf8");

  test("is the README and the guide: the title, every section heading, the reference table", () => {
    const readme = readFileSync(path.resolve(__dirname, "..", "..", "README.md"), "utf8");
    const guide = readFileSync(path.resolve(__dirname, "..", "..", "docs", "GUIDE.md"), "utf8");
    // The guide comes after the README, one level down: its title a section, its sections subsections.
    const headings = [
      ...`${readme}\n${guide.replace(/^(#{1,2}) /gm, "#$1 ")}`.matchAll(/^#{2,3} (.+)$/gm),
    ].map((m) => m[1].replace(/`/g, ""));
    expect(headings).toContain("Segment guide");
    expect(headings).toContain("Heavy tails");
    expect(headings.length).toBeGreaterThan(10);
    const shown = [...html.matchAll(/<h([23]) id="?[^" >]*"?>(.*?)<\/h\1>/g)].map((m) =>
      m[2]
        .replace(/<[^>]*>/g, "")
        .replace(/&amp;/g, "&")
        .replace(/&#39;/g, "'")
        .replace(/&quot;/g, '"'),
    );
    expect(shown).toEqual(headings);
    expect(html).toContain("<table");
    expect(html).toContain("SEGMENT.KMEANS");
  });

  test("every link inside the page has its target, and no link goes to a file of the repository", () => {
    // The minifier drops the quotes around attribute values that need none.
    const ids = new Set([...html.matchAll(/\bid="?([^" >]*)/g)].map((m) => m[1]));
    const anchors = [...html.matchAll(/href="?#([^" >]*)/g)].map((m) => m[1]);
    expect(anchors.length).toBeGreaterThan(3);
    expect(anchors.filter((a) => !ids.has(a))).toEqual([]);
    const hrefs = [...html.matchAll(/<a href="?([^" >]*)/g)].map((m) => m[1]);
    expect(hrefs.filter((h) => !/^(#|https?:)/.test(h))).toEqual([]);
  });

  test("loads no script at all", () => {
    expect(html).not.toMatch(/<script/i);
  });
});

describe("manifest checker catches", () => {
  test("malformed XML", () => {
    expect(checkManifest(mutate(manifest, "</DefaultSettings>", ""))).toEqual([
      expect.stringMatching(/not well-formed/),
    ]);
    expect(() => parseXml("<a></a><b/>")).toThrow(XmlSyntaxError);
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow(/duplicate attribute/);
    expect(() => parseXml('<a x="p?q=1" y="2"/>')).not.toThrow();
    expect(
      checkManifest(
        mutate(manifest, '<Runtime resid="Taskpane.Url"', '<Runtime resid="Taskpane.Url" resid="X"'),
      ),
    ).toEqual([expect.stringMatching(/not well-formed.*duplicate attribute "resid"/)]);
    expect(() => parseXml("")).toThrow(XmlSyntaxError);
    expect(() => parseXml("<a>&bogus;</a>")).toThrow(XmlSyntaxError);
  });

  test("a resid that is not defined in Resources", () => {
    const problems = checkManifest(
      mutate(manifest, '<Title resid="GetStarted.Title"/>', '<Title resid="GetStarted.Titel"/>'),
    );
    expect(problems).toEqual([expect.stringMatching(/unknown resid "GetStarted\.Titel"/)]);
  });

  test("a resid longer than 32 characters", () => {
    const long = "TaskpaneButton.Tooltip.TooLong.X1"; // 33 characters
    expect(long).toHaveLength(33);
    const problems = checkManifest(mutate(manifest, "TaskpaneButton.Tooltip", long));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/resource id "TaskpaneButton\.Tooltip\.TooLong\.X1" is longer than 32/),
        expect.stringMatching(/resid is longer than 32 characters/),
      ]),
    );
  });

  test("a resid that points to the wrong kind of resource", () => {
    const problems = checkManifest(
      mutate(manifest, '<Namespace resid="Functions.Namespace"/>', '<Namespace resid="Taskpane.Url"/>'),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/should be a ShortString resource, but "Taskpane\.Url" is a Url/),
        expect.stringMatching(/Namespace must resolve to "SEGMENT"/),
      ]),
    );
  });

  test("a duplicate resource id", () => {
    const problems = checkManifest(
      mutate(
        manifest,
        '<bt:Url id="Taskpane.Url"',
        '<bt:Url id="Taskpane.Url" DefaultValue="https://localhost:3000/taskpane.html"/>\n<bt:Url id="Taskpane.Url"',
      ),
    );
    expect(problems).toEqual([expect.stringMatching(/"Taskpane\.Url" is defined more than once/)]);
  });

  test("a custom functions namespace other than SEGMENT", () => {
    const problems = checkManifest(mutate(manifest, 'DefaultValue="SEGMENT"', 'DefaultValue="CONTOSO"'));
    expect(problems).toEqual([expect.stringMatching(/Namespace must resolve to "SEGMENT", found "CONTOSO"/)]);
  });

  test("a missing CustomFunctions extension point", () => {
    const problems = checkManifest(mutate(manifest, /<AllFormFactors>[\s\S]*<\/AllFormFactors>/, ""));
    expect(problems).toEqual([
      expect.stringMatching(/expected one ExtensionPoint xsi:type="CustomFunctions", found 0/),
    ]);
  });

  test("a runtime that is not long-lived", () => {
    const problems = checkManifest(mutate(manifest, 'lifetime="long"', 'lifetime="short"'));
    expect(problems).toEqual([expect.stringMatching(/expected one <Runtime lifetime="long">/)]);
  });

  test("a shared runtime that does not load the task pane page", () => {
    const problems = checkManifest(
      mutate(manifest, '<Runtime resid="Taskpane.Url"', '<Runtime resid="Functions.Script.Url"'),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/shared Runtime should load the task pane page/),
        expect.stringMatching(/CustomFunctions Page resid "Taskpane\.Url" differs from the shared Runtime/),
        expect.stringMatching(
          /ShowTaskpane SourceLocation resid "Taskpane\.Url" .* differs from the shared Runtime/,
        ),
      ]),
    );
  });

  test("a ShowTaskpane action that opens another page", () => {
    const broken = mutate(
      manifest,
      /(<TaskpaneId>SegmentTaskpane<\/TaskpaneId>\s*<SourceLocation resid=")Taskpane\.Url"/,
      '$1GetStarted.LearnMoreUrl"',
    );
    expect(checkManifest(broken)).toEqual([
      expect.stringMatching(
        /ShowTaskpane SourceLocation resid "GetStarted\.LearnMoreUrl" .* differs from the shared Runtime "Taskpane\.Url"/,
      ),
    ]);
  });

  test("a missing SharedRuntime requirement", () => {
    const problems = checkManifest(mutate(manifest, 'Name="SharedRuntime"', 'Name="ExcelApi"'));
    expect(problems).toEqual(['<Requirements> must include <Set Name="SharedRuntime">']);
  });
});
