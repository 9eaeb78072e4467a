#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds DeepScale once and regenerates every experiment's results under results/.
.DESCRIPTION
    Runs each experiment in experiments/<name>/experiment.yaml with `deepscale sweep` into results/<name>/ (points.csv,
    manifest.json, the charts and summary.md), then the kernel demo, then the host validation (the real CPU trainer
    against the simulator; with -Quick it reuses the committed measurement), then the published validation suites.
    Every sweep simulates all of its points again (--fresh), so two runs give byte-identical points.csv and
    summary.md files; only manifest.json (times, host) and the host measurements differ. Stops at the first failure.
.PARAMETER Quick
    Each experiment's quick form (fewer points): the whole run finishes in a few minutes on a 2-core machine.
.PARAMETER Resume
    Reuse the finished points of an earlier run of the same build instead of simulating everything again.
.PARAMETER Jobs
    Points simulated at once per sweep (default: one per core).
.PARAMETER Configuration
    Build configuration (Release by default).
.PARAMETER NoBuild
    Skip the build (the CLI of this configuration is already built, e.g. by CI).
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./run-experiments.ps1 -Quick
#>
[CmdletBinding(PositionalBinding = $false)]
param(
    [switch]$Quick,
    [switch]$Resume,
    [int]$Jobs = 0,
    [string]$Configuration = 'Release',
    [switch]$NoBuild
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$PSNativeCommandUseErrorActionPreference = $true
$PSStyle.OutputRendering = 'PlainText'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

$root = $PSScriptRoot
Set-Location $root
$clock = [System.Diagnostics.Stopwatch]::StartNew()

# The experiments, in the order they run. Each is experiments/<name>/experiment.yaml with a README.md paragraph.
$experiments = @(
    'medical-imaging',
    'parallelism-strategies',
    'tp-comm-overlap',
    'long-context',
    'megatron-weak-scaling',
    'cloud-cost',
    'hardware-upgrade',
    'collectives',
    'model-averaging'
)

if (-not $NoBuild) {
    Write-Host "== Building DeepScale ($Configuration)"
    dotnet build (Join-Path $root 'DeepScale.sln') -c $Configuration --nologo -v quiet
}

$cli = @('run', '--no-build', '-c', $Configuration, '--project', (Join-Path $root 'src/DeepScale.Cli'), '--')

function Invoke-DeepScale([string[]]$Arguments) {
    Write-Host "== deepscale $($Arguments -join ' ')"
    dotnet @cli @Arguments
}

$common = @()
if ($Quick) { $common += '--quick' }
if (-not $Resume) { $common += '--fresh' }
if ($Jobs -gt 0) { $common += @('--jobs', "$Jobs") }

foreach ($name in $experiments) {
    $spec = "experiments/$name/experiment.yaml"
    if (-not (Test-Path (Join-Path $root $spec))) {
        throw "missing experiment file $spec"
    }

    $started = $clock.Elapsed.TotalSeconds
    Invoke-DeepScale (@('sweep', $spec, '--out', "results/$name") + $common)
    Write-Host ("   {0}: {1:F1} s" -f $name, ($clock.Elapsed.TotalSeconds - $started))
}

Invoke-DeepScale @('demo', '--out', 'results/kernel-demo')

# The host validation measures this machine: -Quick compares with the committed measurement instead of running the
# real trainer again (and says so); the full run measures.
$validation = @('host-validate')
if ($Quick) { $validation += '--quick' }
Invoke-DeepScale $validation

# The published suites (results/validation/<suite>.csv, .png and the README with the host paragraph above).
Invoke-DeepScale @('validate')

Write-Host ''
Write-Host ("Done in {0:F0} s. Reports are in {1}:" -f $clock.Elapsed.TotalSeconds, (Join-Path $root 'results'))
foreach ($name in $experiments) {
    $charts = @(Get-ChildItem -Path (Join-Path $root "results/$name") -Filter '*.png').Count
    Write-Host "  results/$name/summary.md  (points.csv, manifest.json, $charts charts)"
}
Get-ChildItem -Path (Join-Path $root 'results') -Directory |
    Where-Object { $experiments -notcontains $_.Name } |
    Sort-Object Name |
    ForEach-Object { Write-Host "  results/$($_.Name)/" }
