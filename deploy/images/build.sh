#!/usr/bin/env bash
# Builds every image the compose stack needs, from Debian packages and Maven artifacts only (no image registry):
#   civcity/debian:12      Debian 12 made with debootstrap and imported
#   civcity/jre:17         + OpenJDK 17 JRE, a non-root user 185
#   civcity/postgres:17    PostgreSQL 17 from the binaries the embedded tests use, the official image's interface
#   civcity/kafka:<v>      Kafka in KRaft mode from its Maven jars, configured by KAFKA_* variables as apache/kafka
#   civcity/keycloak:<v>   Keycloak from its Maven distribution, kc.sh as the entry point as quay.io/keycloak/keycloak
#   civcity/prometheus:2   Debian's Prometheus, its binary as the entry point as prom/prometheus
#   civcity/<service>:<v>  each service's packaged quarkus-app on civcity/jre:17
# Run after ./mvnw -DskipTests install (which stages the Maven artifacts in deploy/images/target). Cached: the base is
# made once, the rest reuses Docker's layer cache, so a second run takes seconds. --force remakes everything without
# the cache, which is how the images take Debian's security updates (run it regularly, e.g. weekly);
# --infrastructure builds only what container-backed tests need (base, JRE, PostgreSQL, Kafka), no service jars.
# The tags used are written to deploy/images/target/images.env, which docker-compose takes with --env-file.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
staged=deploy/images/target
force=false
infrastructure_only=false
for arg in "$@"; do
  case "$arg" in
    --force) force=true ;;
    --infrastructure) infrastructure_only=true ;;
    *) echo "usage: $0 [--force] [--infrastructure]" >&2; exit 2 ;;
  esac
done

if [ ! -f "$staged/versions.env" ]; then
  echo "$staged is missing: run ./mvnw -DskipTests install first" >&2
  exit 1
fi
# shellcheck disable=SC1091
source "$staged/versions.env"

log() { printf '%s %s\n' "$(date +%T)" "$*"; }
exists() { docker image inspect "$1" >/dev/null 2>&1; }

mirror=${CIVCITY_DEBIAN_MIRROR:-}
if [ -z "$mirror" ]; then
  mirror=$(sed -n 's/^URIs: *\(\S*debian\)\/*$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
fi
mirror=${mirror:-http://deb.debian.org/debian}
security=${CIVCITY_DEBIAN_SECURITY_MIRROR:-}
if [ -z "$security" ]; then
  security=$(sed -n 's/^URIs: *\(\S*debian-security\)\/*$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null \
    | head -1)
fi
security=${security:-http://deb.debian.org/debian-security}
# debootstrap and the root file system's owners need root: sudo where the caller is not.
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"

if $force || ! exists civcity/debian:12; then
  log "debootstrap Debian 12 (bookworm) from $mirror"
  rootfs=$(mktemp -d /tmp/civcity-rootfs.XXXXXX)
  trap '$sudo rm -rf "$rootfs"' EXIT
  $sudo debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$staged/debootstrap.log" 2>&1 \
    || { tail -20 "$staged/debootstrap.log" >&2; exit 1; }
  # Point releases and security fixes too, not only the release as it shipped.
  printf 'deb %s bookworm main\ndeb %s bookworm-updates main\ndeb %s bookworm-security main\n' \
    "$mirror" "$mirror" "$security" | $sudo tee "$rootfs/etc/apt/sources.list" >/dev/null
  # Smaller: no apt lists or caches in the image.
  $sudo bash -c "rm -rf '$rootfs'/var/cache/apt/archives/*.deb '$rootfs'/var/lib/apt/lists/*"
  $sudo tar -C "$rootfs" -c . | docker import -c 'CMD ["bash"]' - civcity/debian:12 >/dev/null
  $sudo rm -rf "$rootfs"
  trap - EXIT
fi

# Each image from its Dockerfile in deploy/images/<name>, with the staged artifacts as its build context.
build() {
  local tag=$1 dockerfile=$2 context=$3
  shift 3
  log "image $tag"
  local out="$staged/build-${tag//[\/:]/-}.log"
  local fresh=()
  $force && fresh=(--no-cache)
  docker build "${fresh[@]}" -t "$tag" -f "$dockerfile" "$@" "$context" >"$out" 2>&1 \
    || { tail -30 "$out" >&2; echo "building $tag failed; see $out" >&2; exit 1; }
}
images=deploy/images
build civcity/jre:17 $images/jre/Dockerfile $images/jre
cp $images/postgres/docker-entrypoint.sh "$staged/postgres/"
build "civcity/postgres:$POSTGRES_VERSION" $images/postgres/Dockerfile "$staged/postgres"
docker tag "civcity/postgres:$POSTGRES_VERSION" civcity/postgres:17
cp $images/kafka/run.sh $images/kafka/log4j2.properties "$staged/kafka/"
build "civcity/kafka:$KAFKA_VERSION" $images/kafka/Dockerfile "$staged/kafka"
if $infrastructure_only; then
  log "infrastructure images built"
  exit 0
fi
build "civcity/keycloak:$KEYCLOAK_VERSION" $images/keycloak/Dockerfile "$staged/keycloak/keycloak-$KEYCLOAK_VERSION"
build civcity/prometheus:2 $images/prometheus/Dockerfile $images/prometheus
build "civcity/alert-stand-in:$PROJECT_VERSION" $images/alert-stand-in/Dockerfile "$staged/alert-stand-in"
for service in findings-service assignment-service escalation-service notification-service; do
  app=$service/target/quarkus-app
  [ -f "$app/quarkus-run.jar" ] || { echo "$app is missing: run ./mvnw -DskipTests install first" >&2; exit 1; }
  build "civcity/$service:$PROJECT_VERSION" $images/service/Dockerfile "$app"
done

# What docker-compose.yml needs to use these images instead of the public ones.
cat > "$staged/images.env" <<ENV
CIVCITY_POSTGRES_IMAGE=civcity/postgres:$POSTGRES_VERSION
CIVCITY_KAFKA_IMAGE=civcity/kafka:$KAFKA_VERSION
CIVCITY_KEYCLOAK_IMAGE=civcity/keycloak:$KEYCLOAK_VERSION
CIVCITY_PROMETHEUS_IMAGE=civcity/prometheus:2
CIVCITY_IMAGE_PREFIX=civcity
CIVCITY_VERSION=$PROJECT_VERSION
ENV
docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep '^civcity/' | sort > "$staged/image-sizes.txt"
log "images built; sizes in $staged/image-sizes.txt, compose variables in $staged/images.env"
