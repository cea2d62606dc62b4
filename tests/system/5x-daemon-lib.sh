# Shared by the mandated system tests (tests/system/5N-*.sh): a temporary
# directory, a free loopback port, a configuration, and a daemon that is
# always stopped when the test ends, however it ends.
#   . "$MANDATE_SRCDIR/tests/system/5x-daemon-lib.sh"
#   write_conf [extra directives...]; start_daemon; ... ; stop_daemon
: "${MANDATECTL:?}" "${MANDATE_SRCDIR:?}" "${MANDATE_BUILDDIR:?}"
MANDATED="$MANDATE_BUILDDIR/mandated"
PY=/usr/bin/python3
tmp=$(mktemp -d)
daemon_pid=
helper_pids=() # other background processes a test starts (servers, listeners)
cleanup() {
	for p in "${helper_pids[@]}"; do kill "$p" 2>/dev/null || true; done
	if [ -n "$daemon_pid" ] && kill -0 "$daemon_pid" 2>/dev/null; then
		kill -KILL "$daemon_pid" 2>/dev/null || true
		wait "$daemon_pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
export MANDATE_DB="$tmp/mandate.db" MANDATE_USER=test
mkdir -p "$tmp/spool"
port=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"

fail() {
	echo "FAIL: $*" >&2
	[ -f "$tmp/log" ] && { echo "--- daemon log" >&2; tail -n 30 "$tmp/log" >&2; }
	exit 1
}

# write_conf [LINE...]: the test configuration, extra directives appended.
write_conf() {
	{
		echo "database $tmp/mandate.db"
		echo "spool $tmp/spool"
		echo "listen 127.0.0.1"
		echo "port $port"
		echo "http_timeout 2s"
		echo "log_level debug"
		for line in "$@"; do echo "$line"; done
	} >"$tmp/mandated.conf"
}

# wait_for SECONDS CMD...: runs CMD every 0.1 s until it succeeds; 1 on timeout.
wait_for() {
	local n=$(($1 * 10)); shift
	while [ "$n" -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}

healthy() { curl -sf --max-time 2 "$base/healthz"; }

start_daemon() {
	"$MANDATED" -d -f "$tmp/mandated.conf" 2>>"$tmp/log" &
	daemon_pid=$!
	wait_for 20 healthy || fail "mandated did not start"
}

# stop_daemon: SIGTERM, and the exit status must be 0.
stop_daemon() {
	local st=0
	kill -TERM "$daemon_pid"
	wait "$daemon_pid" || st=$?
	daemon_pid=
	[ "$st" -eq 0 ] || fail "mandated exited $st after SIGTERM"
}

# A copy of an example resolution under another name.
example() { cp "$MANDATE_SRCDIR/examples/example-hrc-panel.txt" "$1"; }
