/** The pure segmentation core: no Office, no DOM, no I/O. */
export * from "./cells";
export * from "./choosek";
export * from "./errors";
export * from "./kmeans";
export * from "./matrix";
export * from "./metrics";
export * from "./model";
export * from "./pipeline";
export * from "./plan";
export * from "./preprocess";
export * from "./profile";
export * from "./random";
export * from "./stats";
export * from "./table";
