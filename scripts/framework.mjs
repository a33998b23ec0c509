// Runs Observable Framework's command line (`npm run dev`, `npm run build`) with its telemetry off: Framework reports
// anonymous usage from preview and build unless OBSERVABLE_TELEMETRY_DISABLE is set, and this site promises that
// nothing is sent anywhere. Set here rather than as a prefix in package.json, which Windows shells do not read.
import {spawn} from "node:child_process";
import {createRequire} from "node:module";

const bin = createRequire(import.meta.url).resolve("@observablehq/framework/dist/bin/observable.js");
const child = spawn(process.execPath, [bin, ...process.argv.slice(2)], {stdio: "inherit", env: {...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true"}});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
