import type { ColorMode, ScanSource } from '../types.js';

// PowerShell scripts that drive WIA 2 devices through the WIA Automation Layer (COM
// `WIA.DeviceManager`, present on every Windows since Vista). They print one machine-readable
// line per event: `PAGE\t<n>\t<path>\t<width>\t<height>` or `ERROR\t<HRESULT>\t<message>`.
// Scripts are passed with -EncodedCommand, so no temp file and no quoting through cmd.exe.

// WIA property ids (wiadef.h).
export const wiaProp = {
  handlingCapabilities: 3086, // WIA_DPS_DOCUMENT_HANDLING_CAPABILITIES: FEED 1, FLAT 2, DUP 4
  handlingSelect: 3088, // WIA_DPS_DOCUMENT_HANDLING_SELECT: FEEDER 1, FLATBED 2, DUPLEX 4
  pages: 3096, // WIA_DPS_PAGES
  intent: 6146, // WIA_IPS_CUR_INTENT: colour 1, grey 2, text (bilevel) 4
  xRes: 6147,
  yRes: 6148,
  xExtent: 6151,
  yExtent: 6152,
} as const;

export const wiaFormatPng = '{B96B3CAF-0728-11D3-9D7B-0000F81EF32E}';
export const wiaSelect: Record<ScanSource, number> = { flatbed: 2, adf: 1, duplex: 1 | 4 };
export const wiaIntent: Record<ColorMode, number> = { color: 1, gray: 2, bw: 4 };

/** A PowerShell single-quoted literal: only ' needs doubling. */
export function psQuote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** powershell.exe arguments for a script. */
export function psArgs(script: string): string[] {
  return ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', Buffer.from(script, 'utf16le').toString('base64')];
}

const prelude = `$ErrorActionPreference = 'Stop'
[Console]::OutputEncoding = [System.Text.Encoding]::UTF8
function Get-HResult($err) { $e = $err.Exception; while ($e.InnerException) { $e = $e.InnerException }; '0x{0:X8}' -f $e.HResult }
function Get-Prop($props, $id) { foreach ($p in $props) { if ($p.PropertyID -eq $id) { return $p } }; return $null }
function Set-Prop($props, $id, $value) {
  $p = Get-Prop $props $id
  if ($null -eq $p) { return }
  if ($p.SubType -eq 1) { $value = [Math]::Max($p.SubTypeMin, [Math]::Min($p.SubTypeMax, $value)) }
  $p.Value = $value
}
function Find-Device($id) {
  $dm = New-Object -ComObject WIA.DeviceManager
  foreach ($d in $dm.DeviceInfos) { if ($d.DeviceID -eq $id) { return $d } }
  [Console]::Out.WriteLine("ERROR\`t0x80210015\`tdevice not found"); exit 3
}
`;

export function wiaListScript(): string {
  return `${prelude}try {
  $dm = New-Object -ComObject WIA.DeviceManager
  $list = @()
  foreach ($d in $dm.DeviceInfos) {
    if ($d.Type -ne 1) { continue }
    $name = (Get-Prop $d.Properties 7).Value
    $maker = (Get-Prop $d.Properties 3).Value
    $list += [pscustomobject]@{ id = $d.DeviceID; name = "$name"; manufacturer = "$maker" }
  }
  [Console]::Out.WriteLine((ConvertTo-Json -InputObject @($list) -Compress))
} catch { [Console]::Out.WriteLine("ERROR\`t$(Get-HResult $_)\`t$($_.Exception.Message)"); exit 2 }
`;
}

export function wiaCapabilitiesScript(deviceId: string): string {
  return `${prelude}try {
  $dev = (Find-Device ${psQuote(deviceId)}).Connect()
  $handling = Get-Prop $dev.Properties ${wiaProp.handlingCapabilities}
  $res = Get-Prop $dev.Items.Item(1).Properties ${wiaProp.xRes}
  $values = @(); if ($res.SubType -eq 2) { foreach ($v in $res.SubTypeValues) { $values += [int]$v } }
  $out = [pscustomobject]@{
    handling = $(if ($null -eq $handling) { 2 } else { [int]$handling.Value })
    resSubType = [int]$res.SubType; resMin = [int]$res.SubTypeMin; resMax = [int]$res.SubTypeMax; resValues = $values
  }
  [Console]::Out.WriteLine((ConvertTo-Json -InputObject $out -Compress))
} catch { [Console]::Out.WriteLine("ERROR\`t$(Get-HResult $_)\`t$($_.Exception.Message)"); exit 2 }
`;
}

export interface WiaScanScriptArgs {
  deviceId: string;
  outDir: string;
  source: ScanSource;
  colorMode: ColorMode;
  dpi: number;
  /** 0 = until the feeder is empty. */
  pages: number;
}

export function wiaScanScript(a: WiaScanScriptArgs): string {
  const flatbed = a.source === 'flatbed';
  // A4 in pixels at the asked resolution; Set-Prop clamps to the device's range.
  const width = Math.round((210 / 25.4) * a.dpi);
  const height = Math.round((297 / 25.4) * a.dpi);
  return `${prelude}$outDir = ${psQuote(a.outDir)}
$pages = ${flatbed ? 1 : a.pages}
try {
  $dev = (Find-Device ${psQuote(a.deviceId)}).Connect()
  Set-Prop $dev.Properties ${wiaProp.handlingSelect} ${wiaSelect[a.source]}
${flatbed ? '' : `  Set-Prop $dev.Properties ${wiaProp.pages} 1\n`}  $item = $dev.Items.Item(1)
  Set-Prop $item.Properties ${wiaProp.intent} ${wiaIntent[a.colorMode]}
  Set-Prop $item.Properties ${wiaProp.xRes} ${a.dpi}
  Set-Prop $item.Properties ${wiaProp.yRes} ${a.dpi}
  Set-Prop $item.Properties ${wiaProp.xExtent} ${width}
  Set-Prop $item.Properties ${wiaProp.yExtent} ${height}
  $n = 0
  while ($pages -eq 0 -or $n -lt $pages) {
    try { $img = $item.Transfer('${wiaFormatPng}') }
    catch {
      $hr = Get-HResult $_
      # WIA_ERROR_PAPER_EMPTY after pages were taken is the normal end of a feeder batch.
      if ($hr -eq '0x80210003' -and $n -gt 0) { break }
      [Console]::Out.WriteLine("ERROR\`t$hr\`t$($_.Exception.Message)"); exit 2
    }
    $n++
    $path = Join-Path $outDir ('page-{0:D4}.png' -f $n)
    $img.SaveFile($path)
    [Console]::Out.WriteLine("PAGE\`t$n\`t$path\`t$($img.Width)\`t$($img.Height)")
  }
  exit 0
} catch { [Console]::Out.WriteLine("ERROR\`t$(Get-HResult $_)\`t$($_.Exception.Message)"); exit 2 }
`;
}
