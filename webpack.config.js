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
 */
const { execFileSync } = require("child_process");
const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");

const DEV_SERVER_PORT = Number(process.env.npm_package_config_dev_server_port || 3000);

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
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          { from: "src/taskpane/taskpane.css", to: "taskpane.css" },
          { from: "src/sandbox/sandbox.css", to: "sandbox.css" },
          { from: "manifest.xml", to: "manifest.xml" },
        ],
      }),
    ],
    devServer: {
      static: { directory: path.join(__dirname, "dist"), publicPath: "/public" },
      headers: { "Access-Control-Allow-Origin": "*" },
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
