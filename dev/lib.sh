# Shared by dev/test, dev/run and .ci/run; sourced, not executed.
# Picks the JDK (25 or newer) and puts cargo on PATH.

CUSTODY_JDK_MIN=25
CUSTODY_JDK_DEFAULT=/usr/lib/jvm/temurin-25-jdk-amd64

# Prints the feature version (8, 17, 25, ...) of the JDK at $1; fails if $1 is no JDK.
custody_jdk_major() {
  local home=$1 version=
  [[ -x $home/bin/java && -x $home/bin/javac ]] || return 1
  if [[ -r $home/release ]]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)"$/\1/p' "$home/release")
  fi
  if [[ -z $version ]]; then
    version=$("$home/bin/java" -version 2>&1 | sed -n '1s/.*version "\([^"]*\)".*/\1/p')
  fi
  version=${version#1.}
  version=${version%%[.+-]*}
  [[ $version =~ ^[0-9]+$ ]] || return 1
  printf '%s\n' "$version"
}

custody_is_jdk_ok() {
  local major
  major=$(custody_jdk_major "$1") && ((major >= CUSTODY_JDK_MIN))
}

# Keeps $JAVA_HOME if it is a JDK >= 25, else uses the Temurin 25 default, else fails.
custody_use_jdk() {
  if [[ -n ${JAVA_HOME:-} ]] && custody_is_jdk_ok "$JAVA_HOME"; then
    :
  elif custody_is_jdk_ok "$CUSTODY_JDK_DEFAULT"; then
    JAVA_HOME=$CUSTODY_JDK_DEFAULT
  else
    echo "error: Custody needs a JDK ${CUSTODY_JDK_MIN} or newer." >&2
    echo "  JAVA_HOME=${JAVA_HOME:-<unset>} is not one, and $CUSTODY_JDK_DEFAULT does not exist." >&2
    echo "  Install a JDK ${CUSTODY_JDK_MIN} and point JAVA_HOME at it (.ci/run can install one where apt has it)." >&2
    return 1
  fi
  export JAVA_HOME
  export PATH="$JAVA_HOME/bin:$PATH"
  # Maven 3.8's bundled Guava calls sun.misc.Unsafe; JDK 24+ warns about it on every run.
  export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
}

# The Maven build runs cargo for dkls23-native; rustup installs it in ~/.cargo/bin.
custody_use_cargo() {
  local bin="${CARGO_HOME:-${HOME:-/root}/.cargo}/bin"
  if [[ -x $bin/cargo && :$PATH: != *":$bin:"* ]]; then
    export PATH="$bin:$PATH"
  fi
}

custody_require_mvn() {
  command -v mvn >/dev/null 2>&1 && return 0
  echo "error: Maven (mvn) is not on PATH; install Maven 3.8 or newer (.ci/run does it with apt)." >&2
  return 1
}

# The build compiles dkls23-native's Rust shim with cargo (Rust >= 1.88) and a C compiler.
custody_require_cargo() {
  command -v cargo >/dev/null 2>&1 && return 0
  echo "error: cargo is not on PATH (nor in ~/.cargo/bin); the build compiles dkls23-native's Rust shim." >&2
  echo "  Install Rust >= 1.88: rustup (https://rustup.rs: curl -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal)," >&2
  echo "  or on Debian 12 apt-get install cargo-web (bookworm-security); plus a C compiler (apt-get install build-essential)." >&2
  echo "  bash .ci/run installs what apt has." >&2
  return 1
}
