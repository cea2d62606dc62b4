#!/usr/bin/env bash
# The reader scored against the gold records of the shared corpus, with the
# bounds issue 2 sets: obligation F1 >= 0.95 and metadata >= 0.95.
# MANDATE_MIN_F1 overrides the F1 bound for a one-off run.
set -eu
: "${MANDATECTL:?}" "${MANDATE_SRCDIR:?}"
shared="$MANDATE_SRCDIR/../shared"
scorer="$shared/tools/score-extraction"
if [ ! -d "$shared/corpus" ] || [ ! -f "$scorer" ]; then
	echo "skip: no shared corpus or scorer under $shared"
	exit 0
fi

exec /usr/bin/python3 "$scorer" --gold "$shared/corpus" \
	--cmd "$MANDATECTL extract --json {}" \
	--min-metadata 0.95 --min-f1 "${MANDATE_MIN_F1:-0.95}"
