// Minimal typings for the parts of "sax" (https://github.com/isaacs/sax-js) used by the tests.
declare module "sax" {
  export interface Tag {
    name: string;
    attributes: Record<string, string>;
    isSelfClosing: boolean;
  }
  export interface SAXOptions {
    trim?: boolean;
    normalize?: boolean;
    lowercase?: boolean;
    xmlns?: boolean;
    position?: boolean;
  }
  export interface SAXParser {
    line: number;
    column: number;
    onerror: ((error: Error) => void) | null;
    onopentag: ((tag: Tag) => void) | null;
    onclosetag: ((name: string) => void) | null;
    ontext: ((text: string) => void) | null;
    oncdata: ((cdata: string) => void) | null;
    onattribute: ((attribute: { name: string; value: string }) => void) | null;
    write(chunk: string): SAXParser;
    close(): SAXParser;
  }
  export function parser(strict: boolean, options?: SAXOptions): SAXParser;
}
