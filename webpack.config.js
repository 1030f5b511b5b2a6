/*
 * Webpack configuration, following the layout of Microsoft's "Excel Custom Functions using a
 * Shared Runtime" template (yo office): the custom functions and the task pane share one page,
 * taskpane.html, which loads both the "functions" and the "taskpane" bundles.
 *
 * Output (production): dist/functions.js, dist/taskpane.js, dist/taskpane.html,
 * dist/taskpane.css, dist/functions.json, dist/manifest.xml, dist/assets/icon-*.png.
 *
 * The sandbox (src/sandbox): dist/sandbox.html with dist/sandbox.js, sandbox.css and the same
 * functions.js, a spreadsheet and the task pane without Excel; dist/exceljs.js is loaded by it alone
 * when an .xlsx is opened or saved, so Excel's bundles never carry exceljs.
 *
 * dist/help.html is the README and docs/GUIDE.md rendered at build time (scripts/help-page.js), the manifest's SupportUrl.
 *
 * Every page carries a Content-Security-Policy (ContentSecurityPolicyPlugin below), and the dev server
 * sends the task pane's as a header.
 */
const { execFileSync } = require("child_process");
const crypto = require("crypto");
const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const { helpBody } = require("./scripts/help-page");

const DEV_SERVER_PORT = Number(process.env.npm_package_config_dev_server_port || 3000);

/** The Office.js CDN: the only origin besides the add-in's own that a page may load anything from. */
const OFFICE_CDN = "https://appsforoffice.microsoft.com";
/** What each template's CSP meta says until the build fills it in. */
const CSP_PLACEHOLDER = "__CONTENT_SECURITY_POLICY__";

/** Each <script> of a page: its src, or its text exactly as emitted (what the browser hashes). */
function scripts(html) {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)].map(([, attributes, text]) => {
    const src = /\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attributes);
    return src ? { src: src[1] ?? src[2] ?? src[3] } : { text };
  });
}

/**
 * The Content-Security-Policy of a built page, read from the page itself so the two cannot drift:
 * only the add-in's origin, plus the Office.js CDN on a page that loads office.js; no eval, but
 * 'wasm-unsafe-eval' for the k-means kernels (src/core/wasm-kernels.ts compiles WebAssembly at run
 * time; without it they would fall back to JavaScript without a word); each inline script by its
 * sha256. docs/DEVELOPING.md says why each source is there. frame-ancestors cannot be set from a
 * <meta>: Office frames the pane, so that one is left to the host.
 */
function contentSecurityPolicy(html) {
  const office = scripts(html).some(({ src }) => src && src.startsWith(`${OFFICE_CDN}/`)) ? [OFFICE_CDN] : [];
  const hashes = scripts(html)
    .filter(({ src }) => src === undefined)
    .map(({ text }) => `'sha256-${crypto.createHash("sha256").update(text, "utf8").digest("base64")}'`);
  // A page without any script (the help page) runs nothing: no scripts, workers or requests at all.
  const runs = scripts(html).length > 0;
  return [
    ["default-src", "'none'"],
    runs ? ["script-src", "'self'", ...office, "'wasm-unsafe-eval'", ...hashes] : ["script-src", "'none'"],
    ...(runs ? [["worker-src", "'self'"]] : []),
    ["style-src", "'self'"],
    ["img-src", "'self'"],
    ...(runs ? [["connect-src", "'self'"]] : []),
    // office.js frames a page of its own CDN to ask the user whether to trust an unknown Office host.
    ...(office.length > 0 ? [["frame-src", ...office]] : []),
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'none'"],
  ]
    .map((directive) => directive.join(" "))
    .join("; ");
}

/**
 * Fills each page's `<meta http-equiv="Content-Security-Policy" content="__CONTENT_SECURITY_POLICY__">`
 * with its policy, computed from the page as emitted: after the minifiers (html-webpack-plugin's and
 * webpack's own, which rewrites inline scripts), so each hash is of the bytes the browser will hash.
 * Fails the build for an HTML file without that meta, or with it after a script or stylesheet (a meta
 * policy covers only what follows it). Keeps each page's policy, for the dev server's header.
 */
class ContentSecurityPolicyPlugin {
  constructor() {
    this.policies = new Map();
  }

  apply(compiler) {
    const { Compilation, WebpackError, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap("ContentSecurityPolicyPlugin", (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: "ContentSecurityPolicyPlugin", stage: Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_INLINE },
        (assets) => {
          for (const name of Object.keys(assets).filter((file) => file.endsWith(".html"))) {
            const html = assets[name].source().toString();
            const meta = new RegExp(`content=(["']?)${CSP_PLACEHOLDER}\\1`);
            const at = html.search(meta);
            const first = html.search(/<(script|link)\b/i);
            if (at < 0 || (first >= 0 && first < at)) {
              compilation.errors.push(
                new WebpackError(
                  `${name}: put <meta http-equiv="Content-Security-Policy" content="${CSP_PLACEHOLDER}" /> ` +
                    "in its <head>, before every script and stylesheet.",
                ),
              );
              continue;
            }
            const policy = contentSecurityPolicy(html);
            this.policies.set(name, policy);
            compilation.updateAsset(name, new sources.RawSource(html.replace(meta, `content="${policy}"`)));
          }
        },
      );
    });
  }
}

/** Whether Office's dev-cert tool can run without prompting (it installs its CA with `sudo`). */
function devCertsCanRunUnattended(devCerts) {
  if (process.env.SEGMENT_DEV_CERTS === "0") return false;
  try {
    if (devCerts.verifyCertificates()) return true; // already installed and valid: no sudo needed
  } catch {
    // fall through
  }
  if (process.platform !== "linux") return true; // Windows/macOS show their own dialogs
  try {
    execFileSync("sudo", ["-n", "true"], { stdio: "ignore", timeout: 5000 });
    return true;
  } catch {
    return false; // no sudo, or sudo would ask for a password (and hang)
  }
}

/**
 * HTTPS settings for the dev server: Office's trusted localhost certificate when
 * office-addin-dev-certs can provide one, otherwise webpack-dev-server's own self-signed
 * certificate (fine for a browser or curl -k; Excel needs the trusted one).
 */
async function getServerOptions() {
  try {
    const devCerts = require("office-addin-dev-certs");
    if (devCertsCanRunUnattended(devCerts)) {
      const { ca, key, cert } = await devCerts.getHttpsServerOptions();
      return { type: "https", options: { ca, key, cert } };
    }
    console.warn("[segment] office-addin-dev-certs cannot install its CA here (needs sudo).");
  } catch (error) {
    console.warn(
      `[segment] office-addin-dev-certs failed: ${error instanceof Error ? error.message : error}`,
    );
  }
  console.warn(
    "[segment] Using webpack-dev-server's self-signed certificate instead (not trusted by Excel).",
  );
  return "https";
}

module.exports = async (env, argv) => {
  const dev = argv.mode === "development";
  const serving = Boolean(env && env.WEBPACK_SERVE);
  const csp = new ContentSecurityPolicyPlugin();

  return {
    mode: dev ? "development" : "production",
    devtool: dev ? "source-map" : false,
    target: ["web", "es2020"],
    entry: {
      functions: "./src/functions/functions.ts",
      taskpane: "./src/taskpane/taskpane.ts",
      sandbox: "./src/sandbox/sandbox.ts",
    },
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: "[name].js",
      // The analysis Web Worker (src/taskpane/worker-factory.ts) becomes dist/worker.js.
      chunkFilename: "[name].js",
      // Each bundle is a self-contained IIFE; `globalThis` exists in browsers, Office's
      // runtimes and Node, so the functions bundle can also be evaluated in Node tests.
      globalObject: "globalThis",
      clean: true,
    },
    resolve: {
      extensions: [".ts", ".js"],
    },
    module: {
      // exceljs's browser build is one self-contained script: nothing in it for webpack to resolve.
      noParse: /exceljs[\\/]dist[\\/]exceljs\.min\.js$/,
      rules: [
        // The sandbox's sample data, bundled as text so the page fetches nothing for it.
        { test: /\.csv$/, type: "asset/source" },
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: {
            loader: "ts-loader",
            options: {
              configFile: path.resolve(__dirname, "tsconfig.json"),
              // Type-check only the files that are bundled (tests are checked by `npm run typecheck`).
              onlyCompileBundledFiles: true,
              compilerOptions: { noEmit: false, sourceMap: dev },
            },
          },
        },
      ],
    },
    optimization: {
      // One file per entry and no shared runtime chunk: stable names, loadable on their own.
      splitChunks: false,
      runtimeChunk: false,
    },
    performance: { hints: false },
    plugins: [
      new CustomFunctionsMetadataPlugin({
        output: "functions.json",
        input: "./src/functions/functions.ts",
      }),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["functions", "taskpane"],
        chunksSortMode: "manual",
        inject: "head",
        scriptLoading: "defer",
      }),
      new HtmlWebpackPlugin({
        filename: "sandbox.html",
        template: "./src/sandbox/sandbox.html",
        // sandbox.js first: it installs the CustomFunctions stand-in that functions.js registers into.
        chunks: ["sandbox", "functions"],
        chunksSortMode: "manual",
        inject: "head",
        scriptLoading: "defer",
      }),
      // The manifest's SupportUrl: the README as a page of the add-in's own origin, with no script.
      new HtmlWebpackPlugin({
        filename: "help.html",
        template: "./src/help/help.html",
        templateParameters: { helpBody: helpBody(path.resolve(__dirname, "README.md"), path.resolve(__dirname, "docs", "GUIDE.md")) },
        chunks: [],
        inject: false,
      }),
      csp,
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          { from: "src/taskpane/taskpane.css", to: "taskpane.css" },
          { from: "src/sandbox/sandbox.css", to: "sandbox.css" },
          { from: "src/help/help.css", to: "help.css" },
          { from: "manifest.xml", to: "manifest.xml" },
        ],
      }),
    ],
    devServer: {
      static: { directory: path.join(__dirname, "dist"), publicPath: "/public" },
      // The task pane's policy (the widest: the sandbox's own meta narrows it on that page) on every
      // response, so that the analysis worker, which a page's meta does not reach, runs under it too.
      // Known once the first build has emitted the page.
      headers: () => {
        const policy = csp.policies.get("taskpane.html");
        const cors = { "Access-Control-Allow-Origin": "*" };
        return policy ? { ...cors, "Content-Security-Policy": policy } : cors;
      },
      server: serving ? await getServerOptions() : "https",
      port: DEV_SERVER_PORT,
      host: "localhost",
      hot: false,
      liveReload: true,
      open: false,
      client: { overlay: { warnings: false, errors: true } },
      onListening: (devServer) => {
        const { port } = devServer.server.address();
        console.log(`[segment] Sandbox (Segment without Excel): https://localhost:${port}/sandbox.html`);
      },
    },
  };
};
