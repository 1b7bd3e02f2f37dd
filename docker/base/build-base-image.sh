#!/usr/bin/env bash
# Provide a Debian trixie base image for Shipshape lab images, without a registry.
#
#   docker/base/build-base-image.sh [TAG]        (default TAG: shipshape/base:trixie)
#
# 1. TAG already present locally            -> nothing to do.
# 2. debian:trixie-slim present locally     -> docker tag it as TAG.
# 3. otherwise                              -> debootstrap --variant=minbase trixie from the
#    host's Debian mirror, slim it down like the official -slim image, and
#    `docker import` it as TAG.
#
# Environment overrides:
#   SHIPSHAPE_DEBIAN_MIRROR    mirror URL (default: from host apt sources, else http://deb.debian.org/debian)
#   SHIPSHAPE_SECURITY_MIRROR  security mirror URL ("none" to omit trixie-security)
#   SHIPSHAPE_SUITE            suite to bootstrap (default: trixie)
#   TMPDIR                     where the rootfs is assembled (default: /var/tmp)
set -euo pipefail

TAG=${1:-shipshape/base:trixie}
SUITE=${SHIPSHAPE_SUITE:-trixie}
UPSTREAM_IMAGE="debian:${SUITE}-slim"
SECONDS=0

log() { printf '[base] [%3ss] %s\n' "$SECONDS" "$*"; }
die() { printf '[base] [%3ss] ERROR: %s\n' "$SECONDS" "$*" >&2; exit 1; }

command -v docker >/dev/null 2>&1 || die "docker CLI not found (run docker/engine/ensure-docker-engine.sh)"
docker info >/dev/null 2>&1 || die "Docker Engine not reachable (run docker/engine/ensure-docker-engine.sh)"

if docker image inspect "$TAG" >/dev/null 2>&1; then
  log "image $TAG already exists locally: nothing to do"
  exit 0
fi

if docker image inspect "$UPSTREAM_IMAGE" >/dev/null 2>&1; then
  docker tag "$UPSTREAM_IMAGE" "$TAG"
  log "tagged local $UPSTREAM_IMAGE as $TAG"
  exit 0
fi

# ---------------------------------------------------------------------------
# Offline-registry path: debootstrap from the Debian mirror.
# ---------------------------------------------------------------------------
[ "$(id -u)" -eq 0 ] || die "neither $TAG nor $UPSTREAM_IMAGE exists locally, and building one with debootstrap needs root"

# Print the URIs configured in the host's apt sources (deb822 and one-line format).
host_apt_uris() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] || continue
    awk 'tolower($1) == "uris:" { for (i = 2; i <= NF; i++) print $i }' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -r "$f" ] || continue
    awk '$1 == "deb" { i = 2; if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ } if (i <= NF) print $i }' "$f"
  done
}

pick_mirror() {
  if [ -n "${SHIPSHAPE_DEBIAN_MIRROR:-}" ]; then
    printf '%s\n' "$SHIPSHAPE_DEBIAN_MIRROR"; return
  fi
  local uri
  uri=$(host_apt_uris | grep -E '^(https?|file)://' | grep -v -- '-security' | grep -v -i 'ubuntu' | head -n1 || true)
  printf '%s\n' "${uri:-http://deb.debian.org/debian}"
}

pick_security_mirror() {
  local mirror=$1
  if [ -n "${SHIPSHAPE_SECURITY_MIRROR:-}" ]; then
    [ "$SHIPSHAPE_SECURITY_MIRROR" = none ] || printf '%s\n' "$SHIPSHAPE_SECURITY_MIRROR"
    return
  fi
  local uri
  uri=$(host_apt_uris | grep -E '^(https?|file)://' | grep -- '-security' | head -n1 || true)
  if [ -n "$uri" ]; then
    printf '%s\n' "$uri"
  elif [[ "$mirror" == */debian ]]; then
    printf '%s\n' "${mirror}-security"
  fi
}

MIRROR=$(pick_mirror)
MIRROR=${MIRROR%/}
SECURITY_MIRROR=$(pick_security_mirror "$MIRROR")
SECURITY_MIRROR=${SECURITY_MIRROR%/}

if ! command -v debootstrap >/dev/null 2>&1; then
  log "debootstrap missing: installing it with apt-get"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y debootstrap || die "could not install debootstrap"
fi
[ -e "/usr/share/debootstrap/scripts/$SUITE" ] || die "this debootstrap does not know suite '$SUITE' (upgrade debootstrap)"

WORK=$(mktemp -d "${TMPDIR:-/var/tmp}/shipshape-base.XXXXXX")
ROOTFS="$WORK/rootfs"
cleanup() {
  local rc=$?
  # debootstrap may leave /proc or /sys mounted inside the rootfs after a failure.
  local m
  for m in proc sys dev/pts dev; do
    mountpoint -q "$ROOTFS/$m" 2>/dev/null && umount -l "$ROOTFS/$m" 2>/dev/null || true
  done
  rm -rf --one-file-system "$WORK"
  if [ "$rc" -ne 0 ]; then
    printf '[base] [%3ss] FAILED (exit %s); removed %s\n' "$SECONDS" "$rc" "$WORK" >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "building $TAG: debootstrap --variant=minbase $SUITE from $MIRROR (rootfs in $ROOTFS)"
if ! debootstrap --variant=minbase "$SUITE" "$ROOTFS" "$MIRROR" >"$WORK/debootstrap.log" 2>&1; then
  tail -n 30 "$WORK/debootstrap.log" >&2 || true
  [ -r "$ROOTFS/debootstrap/debootstrap.log" ] && tail -n 30 "$ROOTFS/debootstrap/debootstrap.log" >&2
  die "debootstrap failed (see output above)"
fi
log "debootstrap finished ($(du -sh --one-file-system "$ROOTFS" | cut -f1))"

# --- apt sources ------------------------------------------------------------
rm -f "$ROOTFS/etc/apt/sources.list"
{
  printf 'Types: deb\nURIs: %s\nSuites: %s %s-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$MIRROR" "$SUITE" "$SUITE"
  if [ -n "$SECURITY_MIRROR" ]; then
    printf '\nTypes: deb\nURIs: %s\nSuites: %s-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "$SECURITY_MIRROR" "$SUITE"
  fi
} >"$ROOTFS/etc/apt/sources.list.d/debian.sources"
log "wrote /etc/apt/sources.list.d/debian.sources ($MIRROR $SUITE ${SUITE}-updates${SECURITY_MIRROR:+; $SECURITY_MIRROR ${SUITE}-security})"

# --- container-friendly config, same spirit as the official debian images ---
mkdir -p "$ROOTFS/etc/dpkg/dpkg.cfg.d" "$ROOTFS/etc/apt/apt.conf.d"
cat >"$ROOTFS/usr/sbin/policy-rc.d" <<'EOF'
#!/bin/sh
# Containers have no init system: never start services from maintainer scripts.
exit 101
EOF
chmod 0755 "$ROOTFS/usr/sbin/policy-rc.d"
echo 'force-unsafe-io' >"$ROOTFS/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
cat >"$ROOTFS/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
echo 'Acquire::Languages "none";' >"$ROOTFS/etc/apt/apt.conf.d/docker-no-languages"
echo 'Acquire::GzipIndexes "true";' >"$ROOTFS/etc/apt/apt.conf.d/docker-gzip-indexes"
echo 'Apt::AutoRemove::SuggestsImportant "false";' >"$ROOTFS/etc/apt/apt.conf.d/docker-autoremove-suggests"
# "slim": do not install docs/man pages/translations in derived images either.
cat >"$ROOTFS/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/overrides/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/man/*
EOF

# --- shrink ---------------------------------------------------------------
find "$ROOTFS/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
find "$ROOTFS/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
rm -rf "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/info/* "$ROOTFS"/usr/share/groff/* \
       "$ROOTFS"/usr/share/lintian/overrides/* "$ROOTFS"/usr/share/linda/*
find "$ROOTFS/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} + 2>/dev/null || true
rm -rf "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/cache/apt/* "$ROOTFS"/var/cache/debconf/*-old \
       "$ROOTFS"/var/log/apt/* "$ROOTFS"/var/log/dpkg.log "$ROOTFS"/var/log/bootstrap.log \
       "$ROOTFS"/var/log/alternatives.log "$ROOTFS"/tmp/* "$ROOTFS"/var/tmp/* "$ROOTFS"/debootstrap
mkdir -p "$ROOTFS/var/lib/apt/lists/partial" "$ROOTFS/var/cache/apt/archives/partial"
: >"$ROOTFS/etc/machine-id" 2>/dev/null || true
rm -f "$ROOTFS/etc/hostname" "$ROOTFS/etc/resolv.conf"   # Docker bind-mounts its own
log "rootfs cleaned ($(du -sh --one-file-system "$ROOTFS" | cut -f1))"

# --- import -----------------------------------------------------------------
log "importing into Docker as $TAG"
tar --numeric-owner --xattrs -C "$ROOTFS" -c . \
  | docker import \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'CMD ["bash"]' \
      --change "LABEL dev.shipshape.base=${SUITE} dev.shipshape.base.mirror=${MIRROR}" \
      --message "shipshape base: debootstrap --variant=minbase ${SUITE} ${MIRROR}" \
      - "$TAG" >/dev/null \
  || die "docker import failed"

docker run --rm "$TAG" sh -c '. /etc/os-release && test "$VERSION_CODENAME" = "'"$SUITE"'"' \
  || die "imported image $TAG does not run or is not $SUITE"
log "done: $TAG ($(docker image inspect --format '{{.Size}}' "$TAG" | awk '{printf "%.0f MB", $1/1000000}')) in ${SECONDS}s"
