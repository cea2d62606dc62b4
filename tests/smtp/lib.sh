# Sourced by the tests/system/6x-*.sh scripts: start and stop the test SMTP
# server (tests/smtp/smtpd.py) on 127.0.0.1 with a free port.
#
#   smtp_start NAME [smtpd.py options...]   sets SMTP_PORT_<NAME> and spool $tmp/NAME
#   smtp_stop NAME
# $tmp must exist; smtp_stop_all is meant for the EXIT trap.
PY=/usr/bin/python3
SMTP_PIDS=""

smtp_start() {
	local name=$1; shift
	mkdir -p "$tmp/$name"
	rm -f "$tmp/$name.port"
	"$PY" "$MANDATE_SRCDIR/tests/smtp/smtpd.py" --port-file "$tmp/$name.port" \
		--spool "$tmp/$name" "$@" 2>"$tmp/$name.log" &
	local pid=$!
	SMTP_PIDS="$SMTP_PIDS $pid"
	eval "SMTP_PID_$name=$pid"
	for _ in $(seq 1 200); do
		[ -s "$tmp/$name.port" ] && break
		kill -0 "$pid" 2>/dev/null || { cat "$tmp/$name.log"; echo "smtpd did not start"; exit 1; }
		sleep 0.05
	done
	[ -s "$tmp/$name.port" ] || { echo "smtpd gave no port"; exit 1; }
	eval "SMTP_PORT_$name=$(cat "$tmp/$name.port")"
}

smtp_stop() {
	local pid
	eval "pid=\${SMTP_PID_$1:-}"
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	eval "SMTP_PID_$1="
	return 0
}

smtp_stop_all() {
	for pid in $SMTP_PIDS; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
}

# A port nobody listens on: bind, read the number, close.
free_port() {
	"$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
