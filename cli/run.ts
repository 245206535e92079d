import { cliRun, processIo } from './main.js';

// Long-running commands (server, browser host) keep the event loop alive; the rest end here.
const code = await cliRun(process.argv.slice(2), processIo);
process.exitCode = code;
