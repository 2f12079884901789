# Sourced by the scripts that test the packed package (pack-consumers.sh, runtime-matrix.sh) as
# `source scripts/tarball.sh "$@"`: TARBALL becomes the .tgz given as the first argument (as ci-packaging.sh
# passes its one tarball), else a fresh `npm pack` of the repository into $WORK. Expects REPO, WORK, say and die.
if [ $# -ge 1 ]; then
  TARBALL=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
  [ -f "$TARBALL" ] || die "no tarball at $1"
else
  say "npm pack (prepack runs the build)"
  (cd "$REPO" && npm pack --silent --pack-destination "$WORK" >/dev/null) || die "npm pack"
  TARBALL=$(ls "$WORK"/experiments-api-*.tgz)
fi
