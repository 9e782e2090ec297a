/**
 * The credential helper's bundle (dist/helper/index.js), run as
 * `node index.js <config.json> get|list|store|erase` by the `docker-credential-<name>` script the
 * login step writes, as `node index.js <config.json> serve` for the caching process, and as
 * `node index.js - mint` by the login step for one credential.
 */
import { HELPER_BOUND_MS, mintOnce, runHelper } from "./client";
import { serve } from "./daemon";

const [configPath = "", command = ""] = process.argv.slice(2);

if (command === "serve") {
  const daemon = await serve(configPath);
  const stop = () => void daemon.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
} else {
  // A last guard: whatever hangs, the helper ends within docker-config.ts's 15 s.
  setTimeout(() => {
    process.stdout.write(`docker-credential helper: no answer within ${HELPER_BOUND_MS / 1000 + 1} s\n`);
    process.exit(1);
  }, HELPER_BOUND_MS + 1_000).unref();
  const chunks: Buffer[] = [];
  if (["get", "store", "erase", "mint"].includes(command)) {
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  }
  const io = {
    stdin: Buffer.concat(chunks).toString("utf8"),
    env: process.env,
    write: (text: string) => process.stdout.write(text),
    writeError: (text: string) => process.stderr.write(text),
  };
  process.exitCode = command === "mint" ? await mintOnce(io) : await runHelper(configPath, command, io);
}
