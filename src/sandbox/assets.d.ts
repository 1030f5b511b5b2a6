/** Text files bundled into the sandbox page as strings (webpack asset/source), so it fetches nothing. */
declare module "*.csv" {
  const text: string;
  export default text;
}

/** exceljs's browser build: the same API as the package's Node entry. */
declare module "exceljs/dist/exceljs.min.js" {
  import * as ExcelJS from "exceljs";
  export = ExcelJS;
}
