#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds DeepScale once and regenerates every experiment's results under results/.
.PARAMETER Quick
    Reduced sweeps that finish in a few minutes on a 2-core machine.
.PARAMETER Configuration
    Build configuration (Release by default).
#>
[CmdletBinding(PositionalBinding = $false)]
param(
    [switch]$Quick,
    [string]$Configuration = 'Release'
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$PSNativeCommandUseErrorActionPreference = $true
$PSStyle.OutputRendering = 'PlainText'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

$root = $PSScriptRoot
Set-Location $root

Write-Host "== Building DeepScale ($Configuration)"
dotnet build (Join-Path $root 'DeepScale.sln') -c $Configuration --nologo -v quiet

$cli = @('run', '--no-build', '-c', $Configuration, '--project', (Join-Path $root 'src/DeepScale.Cli'), '--')

function Invoke-DeepScale([string[]]$Arguments) {
    Write-Host "== deepscale $($Arguments -join ' ')"
    dotnet @cli @Arguments
}

Invoke-DeepScale @('demo', '--out', (Join-Path $root 'results/kernel-demo'))

Write-Host ''
Write-Host "Reports are in $(Join-Path $root 'results'):"
Get-ChildItem -Path (Join-Path $root 'results') -Recurse -Include '*.md', '*.csv', '*.png' |
    Sort-Object FullName |
    ForEach-Object { Write-Host "  $([System.IO.Path]::GetRelativePath($root, $_.FullName))" }
