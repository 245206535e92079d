// electron-builder afterPack hook: flips Electron's fuses in the packed binary, before signing.
// Wired in electron-builder.yml (`afterPack: build/afterPack.cjs`); checked by build/packCheck.ts.
'use strict';
const { FuseV1Options, FuseVersion } = require('@electron/fuses');

/** The fuse settings, by name, so that pack:check can assert them without a packed binary. */
const fuseSettings = {
  // No `ELECTRON_RUN_AS_NODE=1 MotCua.exe script.js`: the signed binary is not a general Node.
  RunAsNode: false,
  EnableCookieEncryption: true,
  // No NODE_OPTIONS / --inspect: nobody attaches a debugger or preloads code into the main process.
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  // The app.asar is checked against the hash electron-builder embeds, and only the asar is loaded.
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  LoadBrowserProcessSpecificV8Snapshot: false,
  // Kept: the renderer is loaded from file:// (BrowserWindow.loadFile).
  GrantFileProtocolExtraPrivileges: true,
};

function fuseConfig() {
  const config = { version: FuseVersion.V1 };
  for (const [name, value] of Object.entries(fuseSettings)) config[FuseV1Options[name]] = value;
  return config;
}

async function afterPack(context) {
  // electron-builder resolves the binary name per platform (MotCua.exe, motcua).
  await context.packager.addElectronFuses(context, fuseConfig());
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.fuseSettings = fuseSettings;
module.exports.fuseConfig = fuseConfig;
