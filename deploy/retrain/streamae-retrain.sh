#!/usr/bin/env bash
# The retraining loop, for a timer or a CronJob: export the last days of readings from Kafka without the readings
# inside alert episodes, then a gated retrain that publishes into the watched model directory only if the candidate
# is no worse than the model in service (the service's hot reload then swaps it in; every decision is appended to
# $MODELS/retrain-log.jsonl).
#
#   streamae-retrain.sh             retrain now (the nightly timer)
#   streamae-retrain.sh --if-drift  retrain only if the service reports drift for the model in service, and no
#                                   retrain ran in the last STREAMAE_RETRAIN_MIN_INTERVAL_MIN minutes (the drift timer)
#
# Settings (environment):
#   STREAMAE                         how to run the CLI               (default: dotnet /opt/streamae/streamae.dll)
#   STREAMAE_BOOTSTRAP               Kafka bootstrap servers          (default: localhost:9092)
#   STREAMAE_INPUT_TOPIC / STREAMAE_ALERTS_TOPIC                      (default: readings / alerts)
#   STREAMAE_MODELS                  the service's Model:Path         (default: /var/lib/streamae/models)
#   STREAMAE_RETRAIN_WORK            where exports go                 (default: /var/lib/streamae/retrain)
#   STREAMAE_RETRAIN_DAYS            days of readings to train on     (default: 7)
#   STREAMAE_METRICS_URL             the service's metrics            (default: http://localhost:8080/metrics)
#   STREAMAE_RETRAIN_MIN_INTERVAL_MIN                                 (default: 360)
#   STREAMAE_RETRAIN_ARGS            extra retrain arguments, e.g. "--model ar --epochs 20" (needs a build with the trainer)
set -euo pipefail

STREAMAE=${STREAMAE:-"dotnet /opt/streamae/streamae.dll"}
BOOTSTRAP=${STREAMAE_BOOTSTRAP:-localhost:9092}
INPUT=${STREAMAE_INPUT_TOPIC:-readings}
ALERTS=${STREAMAE_ALERTS_TOPIC:-alerts}
MODELS=${STREAMAE_MODELS:-/var/lib/streamae/models}
WORK=${STREAMAE_RETRAIN_WORK:-/var/lib/streamae/retrain}
DAYS=${STREAMAE_RETRAIN_DAYS:-7}
METRICS_URL=${STREAMAE_METRICS_URL:-http://localhost:8080/metrics}
MIN_INTERVAL=${STREAMAE_RETRAIN_MIN_INTERVAL_MIN:-360}

mkdir -p "$WORK"
# One retrain at a time, whichever timer started it.
exec 9>"$WORK/.lock"
flock -n 9 || { echo "another retrain is running"; exit 0; }

if [ "${1:-}" = "--if-drift" ]; then
  metrics=$(curl -fsS --max-time 10 "$METRICS_URL")
  version=$(printf '%s\n' "$metrics" | sed -n 's/^streamae_model_info{.*model_version="\([^"]*\)".*/\1/p' | head -n 1)
  drifting=$(printf '%s\n' "$metrics" | grep '^streamae_drift_sensors{' | grep -F "model_version=\"$version\"" | awk '{ s += $NF } END { print s + 0 }')
  if [ "$drifting" -eq 0 ]; then
    exit 0
  fi
  if [ -n "$(find "$MODELS/retrain-log.jsonl" -mmin "-$MIN_INTERVAL" 2>/dev/null)" ]; then
    echo "model $version drifts on $drifting sensor(s), but a retrain ran less than $MIN_INTERVAL min ago"
    exit 0
  fi
  echo "model $version drifts on $drifting sensor(s): retraining"
fi

to=$(date -u +%Y-%m-%dT%H:00:00Z)
from=$(date -u -d "$to - $DAYS days" +%Y-%m-%dT%H:00:00Z)
# Named by the hour: a run interrupted within the hour resumes its export.
out="$WORK/export-$(date -u -d "$to" +%Y%m%dT%H)"

$STREAMAE export --bootstrap "$BOOTSTRAP" --topic "$INPUT" --alerts-topic "$ALERTS" \
  --from "$from" --to "$to" --model "$MODELS" --out "$out"

set +e
# shellcheck disable=SC2086
$STREAMAE retrain --data "$out" --models "$MODELS" --who "${STREAMAE_WHO:-streamae-retrain@$(hostname)}" ${STREAMAE_RETRAIN_ARGS:-}
rc=$?
set -e
# 0: published; 3: refused, the model in service stays. Both are normal outcomes of the gate.
if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
  exit "$rc"
fi

# Keep the three newest exports.
ls -1dt "$WORK"/export-* 2>/dev/null | tail -n +4 | xargs -r rm -rf
