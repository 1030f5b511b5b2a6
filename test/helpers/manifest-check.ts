/**
 * Offline structural checks for the add-in's XML manifest (no network, no Office tooling).
 *
 * parseXml() builds a small element tree with the strict "sax" parser and adds the
 * well-formedness checks sax leaves out (a single root element, no duplicate attributes,
 * which sax silently drops, and a non-empty document). checkManifest() returns human-readable problems; [] means the
 * manifest passed.
 */
import { parser as saxParser } from "sax";

export interface XmlElement {
  /** Qualified name as written, e.g. "bt:Url". */
  name: string;
  /** Name without prefix, e.g. "Url". */
  localName: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  parent: XmlElement | null;
  /** Concatenated direct text content, trimmed. */
  text: string;
  line: number;
}

export class XmlSyntaxError extends Error {}

export function parseXml(xml: string): XmlElement {
  const parser = saxParser(true, { position: true });
  let root: XmlElement | null = null;
  const stack: XmlElement[] = [];
  const fail = (message: string): never => {
    throw new XmlSyntaxError(`${message} (line ${parser.line + 1}, column ${parser.column + 1})`);
  };

  parser.onerror = (error) => fail(error.message.split("\n")[0]);
  parser.onopentag = (tag) => {
    const parent = stack.length > 0 ? stack[stack.length - 1] : null;
    if (!parent && root) fail(`second root element <${tag.name}>`);
    const element: XmlElement = {
      name: tag.name,
      localName: tag.name.includes(":") ? tag.name.slice(tag.name.indexOf(":") + 1) : tag.name,
      attributes: { ...tag.attributes },
      children: [],
      parent,
      text: "",
      line: parser.line + 1,
    };
    if (parent) parent.children.push(element);
    else root = element;
    stack.push(element);
  };
  parser.onclosetag = () => {
    const element = stack.pop();
    if (element) element.text = element.text.trim();
  };
  const addText = (text: string) => {
    if (stack.length > 0) stack[stack.length - 1].text += text;
  };
  parser.ontext = addText;
  parser.oncdata = addText;

  parser.write(xml).close();
  if (!root) throw new XmlSyntaxError("document has no root element");
  checkDuplicateAttributes(xml);
  return root;
}

/** Runs after sax accepted the document, so tags and quoting are already known to be valid. */
function checkDuplicateAttributes(xml: string): void {
  const markup = xml.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>/g, "");
  for (const tag of markup.matchAll(
    /<([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/g,
  )) {
    const names = [...tag[2].matchAll(/([^\s=]+)\s*=\s*(?:"[^"]*"|'[^']*')/g)].map((m) => m[1]);
    const duplicate = names.find((name, i) => names.indexOf(name) !== i);
    if (duplicate) throw new XmlSyntaxError(`duplicate attribute "${duplicate}" on <${tag[1]}>`);
  }
}

/** All descendants of `element` (depth first, excluding itself). */
export function descendants(element: XmlElement): XmlElement[] {
  return element.children.flatMap((child) => [child, ...descendants(child)]);
}

function findAll(element: XmlElement, localName: string): XmlElement[] {
  return descendants(element).filter((e) => e.localName === localName);
}

function child(element: XmlElement | undefined, localName: string): XmlElement | undefined {
  return element?.children.find((c) => c.localName === localName);
}

function xsiType(element: XmlElement): string | undefined {
  return element.attributes["xsi:type"];
}

export type ResourceKind = "Image" | "Url" | "ShortString" | "LongString";

export interface ManifestResource {
  id: string;
  kind: ResourceKind;
  value: string;
}

/** The Resources section: bt:Images, bt:Urls, bt:ShortStrings, bt:LongStrings. */
export function readResources(root: XmlElement): {
  resources: Map<string, ManifestResource>;
  problems: string[];
} {
  const resources = new Map<string, ManifestResource>();
  const problems: string[] = [];
  const sections: Array<[string, string, ResourceKind]> = [
    ["Images", "Image", "Image"],
    ["Urls", "Url", "Url"],
    ["ShortStrings", "String", "ShortString"],
    ["LongStrings", "String", "LongString"],
  ];
  const containers = findAll(root, "Resources");
  if (containers.length !== 1) problems.push(`expected one <Resources> element, found ${containers.length}`);
  for (const container of containers) {
    for (const [sectionName, itemName, kind] of sections) {
      for (const section of container.children.filter((c) => c.localName === sectionName)) {
        for (const item of section.children.filter((c) => c.localName === itemName)) {
          const id = item.attributes.id;
          const value = item.attributes.DefaultValue;
          if (!id) {
            problems.push(`<${item.name}> on line ${item.line} has no id`);
            continue;
          }
          if (id.length > 32)
            problems.push(`resource id "${id}" is longer than 32 characters (${id.length})`);
          if (!value) problems.push(`resource "${id}" has no DefaultValue`);
          if (resources.has(id)) problems.push(`resource id "${id}" is defined more than once`);
          resources.set(id, { id, kind, value: value ?? "" });
        }
      }
    }
  }
  return { resources, problems };
}

/** Which kind of resource an element's resid must point to. */
function expectedKind(element: XmlElement): ResourceKind | undefined {
  switch (element.localName) {
    case "Image":
      return "Image";
    case "SourceLocation":
    case "Runtime":
    case "FunctionFile":
    case "LearnMoreUrl":
      return "Url";
    case "Label":
    case "Title":
    case "Namespace":
      return "ShortString";
    case "Description":
      return "LongString";
    default:
      return undefined;
  }
}

export const EXPECTED_NAMESPACE = "SEGMENT";

export function checkManifest(xml: string): string[] {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (error) {
    return [`manifest is not well-formed XML: ${error instanceof Error ? error.message : String(error)}`];
  }
  const problems: string[] = [];
  if (root.localName !== "OfficeApp" || xsiType(root) !== "TaskPaneApp") {
    problems.push(`root element must be <OfficeApp xsi:type="TaskPaneApp">, found <${root.name}>`);
  }

  const { resources, problems: resourceProblems } = readResources(root);
  problems.push(...resourceProblems);

  // Every resid resolves to a resource of the right kind and is at most 32 characters.
  for (const element of descendants(root).filter((e) => e.attributes.resid !== undefined)) {
    const resid = element.attributes.resid;
    const where = `<${element.name} resid="${resid}"> on line ${element.line}`;
    if (resid.length > 32) problems.push(`${where}: resid is longer than 32 characters (${resid.length})`);
    const resource = resources.get(resid);
    if (!resource) {
      problems.push(`${where}: unknown resid "${resid}" (not defined in <Resources>)`);
      continue;
    }
    const kind = expectedKind(element);
    if (kind && resource.kind !== kind) {
      problems.push(`${where}: should be a ${kind} resource, but "${resid}" is a ${resource.kind}`);
    }
  }
  const urlOf = (resid: string | undefined) => (resid ? resources.get(resid)?.value : undefined);

  // Shared runtime requirement.
  const sets = findAll(root, "Set").filter((s) => s.attributes.Name === "SharedRuntime");
  if (sets.length === 0) problems.push('<Requirements> must include <Set Name="SharedRuntime">');

  // Custom functions extension point.
  const extensionPoints = findAll(root, "ExtensionPoint");
  const customFunctions = extensionPoints.filter((e) => xsiType(e) === "CustomFunctions");
  if (customFunctions.length !== 1) {
    problems.push(`expected one ExtensionPoint xsi:type="CustomFunctions", found ${customFunctions.length}`);
  }
  const cf = customFunctions[0];
  const scriptResid = child(child(cf, "Script"), "SourceLocation")?.attributes.resid;
  const pageResid = child(child(cf, "Page"), "SourceLocation")?.attributes.resid;
  const metadataResid = child(child(cf, "Metadata"), "SourceLocation")?.attributes.resid;
  const namespaceResid = child(cf, "Namespace")?.attributes.resid;
  if (cf) {
    if (!scriptResid) problems.push("CustomFunctions ExtensionPoint lacks Script/SourceLocation");
    if (!pageResid) problems.push("CustomFunctions ExtensionPoint lacks Page/SourceLocation");
    if (!metadataResid) problems.push("CustomFunctions ExtensionPoint lacks Metadata/SourceLocation");
    if (!namespaceResid) problems.push("CustomFunctions ExtensionPoint lacks Namespace");
    const namespace = namespaceResid ? resources.get(namespaceResid)?.value : undefined;
    if (namespaceResid && namespace !== EXPECTED_NAMESPACE) {
      problems.push(
        `custom functions Namespace must resolve to "${EXPECTED_NAMESPACE}", found "${namespace}"`,
      );
    }
    const scriptUrl = urlOf(scriptResid);
    if (scriptUrl && !scriptUrl.endsWith("/functions.js")) {
      problems.push(`custom functions Script URL should end with /functions.js: ${scriptUrl}`);
    }
    const metadataUrl = urlOf(metadataResid);
    if (metadataUrl && !metadataUrl.endsWith("/functions.json")) {
      problems.push(`custom functions Metadata URL should end with /functions.json: ${metadataUrl}`);
    }
  }

  // Shared runtime: one long-lived Runtime, whose page is the task pane page.
  const runtimes = findAll(root, "Runtime");
  const longRuntimes = runtimes.filter((r) => r.attributes.lifetime === "long");
  if (longRuntimes.length !== 1) {
    problems.push(`expected one <Runtime lifetime="long"> in <Runtimes>, found ${longRuntimes.length}`);
  }
  const runtimeResid = longRuntimes[0]?.attributes.resid;
  if (runtimeResid) {
    const runtimeUrl = urlOf(runtimeResid);
    if (runtimeUrl && !runtimeUrl.endsWith("/taskpane.html")) {
      problems.push(
        `the shared Runtime should load the task pane page (…/taskpane.html), found ${runtimeUrl}`,
      );
    }
    if (pageResid && pageResid !== runtimeResid) {
      problems.push(
        `CustomFunctions Page resid "${pageResid}" differs from the shared Runtime "${runtimeResid}"`,
      );
    }
    const showTaskpane = findAll(root, "Action").filter((a) => xsiType(a) === "ShowTaskpane");
    if (showTaskpane.length === 0) problems.push('no <Action xsi:type="ShowTaskpane"> found');
    for (const action of showTaskpane) {
      const resid = child(action, "SourceLocation")?.attributes.resid;
      if (resid !== runtimeResid) {
        problems.push(
          `ShowTaskpane SourceLocation resid "${resid}" (line ${action.line}) differs from the shared Runtime "${runtimeResid}"`,
        );
      }
    }
    for (const functionFile of findAll(root, "FunctionFile")) {
      if (functionFile.attributes.resid !== runtimeResid) {
        problems.push(
          `FunctionFile resid "${functionFile.attributes.resid}" differs from the shared Runtime "${runtimeResid}"`,
        );
      }
    }
    const defaultSource = child(child(root, "DefaultSettings"), "SourceLocation")?.attributes.DefaultValue;
    if (runtimeUrl && defaultSource !== runtimeUrl) {
      problems.push(
        `DefaultSettings SourceLocation (${defaultSource}) differs from the task pane URL (${runtimeUrl})`,
      );
    }
  }
  return problems;
}
