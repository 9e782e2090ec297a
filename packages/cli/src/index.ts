#!/usr/bin/env node
import { main } from "./main";

const code = await main(process.argv.slice(2));
// An interrupted run ends now, whatever request or timer is still pending.
if (code === 130 || code === 143) process.exit(code);
process.exitCode = code;
