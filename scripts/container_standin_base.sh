#!/usr/bin/env bash
# Make a stand-in for the official base images (python:3.12-slim-bookworm, node:20-bookworm-slim) on a machine that
# can reach the package registries but no container registry, as the development and CI machines here:
# Debian bookworm from deb.debian.org (mmdebstrap, minbase) with this machine's CPython 3.12 and Node copied in, and
# the certificate authorities this machine trusts (its proxy's among them). Prints the image's name.
#
#   PYTHON_IMAGE=$(scripts/container_standin_base.sh) NODE_IMAGE=$PYTHON_IMAGE scripts/container_smoke.sh
#
# Only for trying the Containerfile here: a partnership builds on the official images (docs/deploy.md).
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGE=localhost/workforce-hub-standin-base:bookworm
PYTHON=${PYTHON:-.venv/bin/python}
ISOLATION=${CONTAINER_ISOLATION:-oci}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

prefix=$("$PYTHON" -c 'import sys; print(sys.base_prefix)')
version=$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
[ "$version" = 3.12 ] || { echo "needs CPython 3.12 (found $version at $prefix)" >&2; exit 1; }
node=$(command -v node)
npm_dir=$(npm root -g)/npm

mmdebstrap --quiet --variant=minbase --include=ca-certificates,libpq5,libsqlite3-0,libssl3,libffi8,zlib1g,libbz2-1.0,liblzma5,libreadline8,libncursesw6,libgdbm6,libexpat1,libuuid1,tzdata \
  bookworm "$work/rootfs.tar" http://deb.debian.org/debian >&2
podman import --quiet "$work/rootfs.tar" localhost/workforce-hub-debian-minbase:bookworm >/dev/null

mkdir -p "$work/ctx/ca"
cp -a "$prefix" "$work/ctx/python"
cp -aL "$node" "$work/ctx/node"
cp -a "$npm_dir" "$work/ctx/npm"
cp /usr/local/share/ca-certificates/*.crt "$work/ctx/ca/" 2>/dev/null || true
cat >"$work/ctx/Containerfile" <<CONTAINERFILE
FROM localhost/workforce-hub-debian-minbase:bookworm
COPY python $prefix
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
COPY ca/ /usr/local/share/ca-certificates/
RUN for b in python3.12 python3 python pip3 pip; do ln -sf $prefix/bin/\$b /usr/local/bin/\$b; done \\
 && ln -s /usr/local/lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\
 && update-ca-certificates >/dev/null 2>&1 && chmod 755 /root 2>/dev/null || true
ENV PATH=$prefix/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \\
    NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \\
    PIP_CERT=/etc/ssl/certs/ca-certificates.crt UV_NATIVE_TLS=1
CONTAINERFILE
podman build --quiet --isolation "$ISOLATION" -t "$IMAGE" "$work/ctx" >/dev/null
echo "$IMAGE"
