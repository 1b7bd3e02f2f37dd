#!/usr/bin/env bash
# Make sure a Docker Engine is reachable for Shipshape.
#
#   docker/engine/ensure-docker-engine.sh
#
# - If `docker info` already answers: ensure the host-protection firewall rule, exit 0.
# - If not root / not Debian-like: explain what to do, exit 2.
# - As root on Debian: install docker.io if dockerd is missing, write a default
#   /etc/docker/daemon.json (only if absent), start dockerd fully detached, wait
#   for it (up to 60 s), then ensure the firewall rule.
#
# Exit codes: 0 engine up, 1 engine failed to start, 2 manual action required.
# Idempotent: safe to run any number of times.
set -euo pipefail

DAEMON_JSON=/etc/docker/daemon.json
DOCKERD_LOG=/var/log/shipshape-dockerd.log
DOCKERD_PID=/var/run/shipshape-dockerd.pid
WAIT_SECONDS=60
# Lab networks are created with com.docker.network.bridge.name=ssbr-<...>.
LAB_BRIDGE_MATCH='ssbr+'

log() { printf '[engine] %s\n' "$*"; }
err() { printf '[engine] %s\n' "$*" >&2; }

is_root() { [ "$(id -u)" -eq 0 ]; }

docker_up() { docker info >/dev/null 2>&1; }

is_debian_like() {
  command -v apt-get >/dev/null 2>&1 || return 1
  [ -r /etc/os-release ] || return 1
  # shellcheck disable=SC1091
  local id like
  id=$(. /etc/os-release && printf '%s' "${ID:-}")
  like=$(. /etc/os-release && printf '%s' "${ID_LIKE:-}")
  case " $id $like " in
    *" debian "*|*" ubuntu "*) return 0 ;;
  esac
  return 1
}

manual_instructions() {
  err "Docker Engine is not reachable (\`docker info\` failed) and this script cannot fix it here: $1"
  err "Do one of the following, then re-run this script:"
  err "  - Install Docker Engine: https://docs.docker.com/engine/install/ (on Debian/Ubuntu: apt-get install docker.io iptables)"
  err "  - Start it: sudo systemctl start docker   (or: sudo $0)"
  err "  - Or point to a running engine: export DOCKER_HOST=unix:///path/to/docker.sock (or tcp://host:2376 with TLS)"
  err "  - If the engine runs but you lack permission: add your user to the 'docker' group and log in again."
  exit 2
}

# ---------------------------------------------------------------------------
# Host protection: containers on lab bridges (ssbr-*) must not open new
# connections to the host itself. Replies to connections the host opened
# (ESTABLISHED,RELATED) still pass through INPUT.
# ---------------------------------------------------------------------------
ensure_fw_rule() {
  local tool=$1
  command -v "$tool" >/dev/null 2>&1 || return 1
  local rule=(INPUT -i "$LAB_BRIDGE_MATCH" -m conntrack --ctstate NEW,INVALID -j DROP)
  if "$tool" -w 5 -C "${rule[@]}" 2>/dev/null; then
    log "$tool: host-protection rule already present (INPUT -i $LAB_BRIDGE_MATCH NEW,INVALID -> DROP)"
    return 0
  fi
  if "$tool" -w 5 -I "${rule[@]}"; then
    log "$tool: added host-protection rule (INPUT -i $LAB_BRIDGE_MATCH NEW,INVALID -> DROP)"
    return 0
  fi
  return 1
}

ensure_firewall() {
  if ! is_root; then
    log "not root: skipping host-protection firewall rule (as root run: iptables -I INPUT -i $LAB_BRIDGE_MATCH -m conntrack --ctstate NEW,INVALID -j DROP)"
    return 0
  fi
  if ! ensure_fw_rule iptables; then
    err "WARNING: could not add the iptables host-protection rule; lab containers can reach host services"
  fi
  if command -v ip6tables >/dev/null 2>&1; then
    ensure_fw_rule ip6tables || log "ip6tables: rule not added (IPv6 filtering unavailable) - ignored"
  fi
}

# ---------------------------------------------------------------------------
# Already running?
# ---------------------------------------------------------------------------
if docker_up; then
  log "Docker Engine is up ($(docker version --format 'server {{.Server.Version}}, API {{.Server.APIVersion}}' 2>/dev/null || echo 'version unknown'))"
  ensure_firewall
  exit 0
fi

if ! command -v docker >/dev/null 2>&1 && ! is_root; then
  manual_instructions "the docker CLI is not installed and you are not root"
fi
is_root || manual_instructions "you are not root, so the engine cannot be installed or started from here"
is_debian_like || manual_instructions "this is not a Debian/apt-based system"

if [ -n "${DOCKER_HOST:-}" ] && [[ "${DOCKER_HOST}" != unix:///var/run/docker.sock && "${DOCKER_HOST}" != unix:///run/docker.sock ]]; then
  manual_instructions "DOCKER_HOST=${DOCKER_HOST} is set but does not answer; fix or unset it"
fi

# ---------------------------------------------------------------------------
# Install
# ---------------------------------------------------------------------------
if ! command -v dockerd >/dev/null 2>&1 || ! command -v iptables >/dev/null 2>&1; then
  log "dockerd or iptables missing: installing docker.io and iptables with apt-get (this can take a minute)"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y docker.io iptables
fi
command -v docker >/dev/null 2>&1 || { err "docker CLI still missing after install"; exit 1; }

# ---------------------------------------------------------------------------
# daemon.json (never overwrite an existing one)
# ---------------------------------------------------------------------------
if [ -e "$DAEMON_JSON" ]; then
  log "$DAEMON_JSON exists: leaving it unchanged"
else
  mkdir -p "$(dirname "$DAEMON_JSON")"
  cat >"$DAEMON_JSON" <<'JSON'
{
  "default-address-pools": [
    { "base": "172.30.0.0/16", "size": 24 }
  ],
  "log-driver": "json-file",
  "log-opts": { "max-size": "1m", "max-file": "2" }
}
JSON
  log "wrote $DAEMON_JSON (address pool 172.30.0.0/16 /24, json-file logs 1m x 2)"
fi

# ---------------------------------------------------------------------------
# Start dockerd (detached) unless one of ours / someone's is already running
# ---------------------------------------------------------------------------
started=0
if [ -s "$DOCKERD_PID" ] && kill -0 "$(cat "$DOCKERD_PID")" 2>/dev/null; then
  log "dockerd already running (pid $(cat "$DOCKERD_PID")), waiting for it to answer"
elif pgrep -x dockerd >/dev/null 2>&1; then
  log "a dockerd process is already running (pid $(pgrep -x dockerd | head -n1)), waiting for it to answer"
else
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ] \
     && systemctl list-unit-files docker.service >/dev/null 2>&1; then
    log "starting docker.service with systemctl"
    systemctl start docker.service || log "systemctl start failed; falling back to a detached dockerd"
  fi
  if ! pgrep -x dockerd >/dev/null 2>&1; then
    # dockerd 20.10 launches its own managed containerd when none answers on
    # /run/containerd/containerd.sock, so only the containerd binary is needed.
    if ! command -v containerd >/dev/null 2>&1; then
      err "containerd binary not found; dockerd needs it (apt-get install containerd)"
      exit 1
    fi
    log "starting dockerd in the background (log: $DOCKERD_LOG, pid file: $DOCKERD_PID)"
    : >>"$DOCKERD_LOG"
    # setsid: own session, no controlling terminal; nohup: ignore SIGHUP;
    # stdin from /dev/null so the caller's pipes are not held open.
    setsid nohup dockerd --pidfile "$DOCKERD_PID" </dev/null >>"$DOCKERD_LOG" 2>&1 &
    disown || true
  fi
  started=1
fi

# ---------------------------------------------------------------------------
# Wait until it answers
# ---------------------------------------------------------------------------
SECONDS=0
for ((i = 1; i <= WAIT_SECONDS; i++)); do
  if docker_up; then
    log "Docker Engine is up after ${SECONDS}s ($(docker version --format 'server {{.Server.Version}}, API {{.Server.APIVersion}}' 2>/dev/null || echo 'version unknown'))"
    ensure_firewall
    exit 0
  fi
  if (( i % 5 == 0 )); then
    log "waiting for dockerd... ${i}s/${WAIT_SECONDS}s"
  fi
  sleep 1
done

err "dockerd did not answer within ${WAIT_SECONDS}s (started by this run: $started). Last 20 lines of $DOCKERD_LOG:"
tail -n 20 "$DOCKERD_LOG" >&2 2>/dev/null || err "(no log at $DOCKERD_LOG)"
exit 1
