# Sourced by the scripts that use openapi-generator: where its jar lives and what it must hash to.
#   GENERATOR_VERSION  generator-cli.version in openapitools.json (the one pin)
#   GENERATOR_JAR      <storageDir>/<version>.jar, the file the npm wrapper runs (storageDir: `~` is $HOME)
#   GENERATOR_SHA256   the jar's SHA-256, committed in scripts/openapi-generator.sha256
# Expects the current directory to be the repository root.
GENERATOR_VERSION=$(node -p 'require("./openapitools.json")["generator-cli"].version')
GENERATOR_JAR=$(node -p '
  const path = require("node:path");
  const dir = require("./openapitools.json")["generator-cli"].storageDir.replace("~", require("node:os").homedir());
  path.resolve(dir, process.argv[1] + ".jar")' "$GENERATOR_VERSION")
GENERATOR_SHA256=$(awk -v jar="openapi-generator-cli-$GENERATOR_VERSION.jar" '$2 == jar { print $1 }' scripts/openapi-generator.sha256)
[ -n "$GENERATOR_SHA256" ] || {
  echo "scripts/openapi-generator.sha256 has no line for openapi-generator-cli-$GENERATOR_VERSION.jar" >&2
  exit 1
}
