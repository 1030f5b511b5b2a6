/*
 * The help page (dist/help.html, the manifest's SupportUrl): the README and the guide (docs/GUIDE.md)
 * rendered to HTML at build time, one after the other, so the add-in's own origin serves its
 * documentation and the two cannot drift. Links between the two become links within the page; links to
 * other files of the repository have no page to go to once served, so they become the file's name as
 * plain text.
 */
const { readFileSync } = require("fs");
const { Marked } = require("marked");

/** GitHub's anchor for a heading, which the README's own links (#the-sandbox) use. */
function slug(text) {
  return text
    .toLowerCase()
    .replace(/<[^>]*>/g, "")
    .replace(/&[a-z]+;|&#\d+;/g, "")
    .replace(/[^\p{L}\p{N}\s-]/gu, "")
    .trim()
    .replace(/\s/g, "-");
}

function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

function renderHelp(markdown) {
  const seen = new Map();
  const marked = new Marked({
    gfm: true,
    renderer: {
      heading({ tokens, depth, text }) {
        const base = slug(text);
        const n = seen.get(base) ?? 0;
        seen.set(base, n + 1);
        const id = n === 0 ? base : `${base}-${n}`;
        return `<h${depth} id="${id}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
      },
      link({ href, title, tokens }) {
        const inner = this.parser.parseInline(tokens);
        // The README's and the guide's own headings: "# Segment" and "# Segment guide".
        const within = /^(?:docs\/GUIDE\.md|\.\.\/README\.md)(#.*)?$/.exec(href);
        if (within) href = within[1] ?? (href.includes("GUIDE") ? "#segment-guide" : "#segment");
        if (!/^(https?:|mailto:|#)/i.test(href)) return `${inner} (<code>${escapeHtml(href)}</code>)`;
        const titled = title ? ` title="${escapeHtml(title)}"` : "";
        return `<a href="${escapeHtml(href)}"${titled}>${inner}</a>`;
      },
    },
  });
  return marked.parse(markdown);
}

/** The guide one level down, under the README's sections: its title a section, its sections subsections. */
function guideSection(markdown) {
  return markdown.replace(/^(#{1,5}) /gm, "#$1 ");
}

function helpBody(readmePath, guidePath) {
  const readme = readFileSync(readmePath, "utf8");
  return renderHelp(`${readme}\n\n${guideSection(readFileSync(guidePath, "utf8"))}`);
}

module.exports = { guideSection, helpBody, renderHelp, slug };
