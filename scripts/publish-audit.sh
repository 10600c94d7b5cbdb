#!/usr/bin/env bash
# Builds the `audit` review tool as one executable file, artifacts/audit/audit (framework-dependent: needs the .NET 10
# runtime; ReadyToRun, so it starts in about 0.2 s instead of `dotnet run`'s 2 s). Copy it anywhere on the PATH.
#
#   scripts/publish-audit.sh [--runtime linux-x64|linux-arm64|win-x64|osx-arm64]   (default: this machine's)
set -euo pipefail
cd "$(dirname "$0")/.."
runtime=$(dotnet --info | awk '/^ *RID:/ {print $2; exit}')
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runtime) runtime="${2:?--runtime needs a runtime identifier}"; shift 2 ;;
    -h|--help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "publish-audit.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done
dotnet publish src/AuditCli -c Release -r "$runtime" --self-contained false \
  -p:PublishSingleFile=true -p:PublishReadyToRun=true -p:DebugType=none -p:GenerateDocumentationFile=false \
  -o artifacts/audit -v quiet -nologo
echo "Built artifacts/audit/$( [[ "$runtime" == win-* ]] && echo audit.exe || echo audit ) ($runtime)"
