#!/usr/bin/env bash
# Runs one fuzz target for a while: `fuzz/run.sh TARGET SECONDS [EXECS]`
# (with EXECS, it stops at whichever of SECONDS or EXECS executions comes
# first).
#
# Builds the targets with cargo-afl (`cargo install cargo-afl` once), makes
# the target's seed directory from the shipped data and the tests' inputs
# if it is missing, fuzzes for SECONDS at low priority, and prints the
# campaign's figures. Crashes and hangs land in out/TARGET/default/.
set -euo pipefail
cd "$(dirname "$0")"

targets="data_file config console_line ask_question interaction_json signature upload"
if [ $# -lt 2 ] || [ $# -gt 3 ] || ! [[ " $targets " == *" $1 "* ]] ||
    ! [[ "$2" =~ ^[0-9]+$ ]] || ! [[ "${3:-0}" =~ ^[0-9]+$ ]]; then
    echo "usage: fuzz/run.sh TARGET SECONDS [EXECS] (TARGET: ${targets// /, })" >&2
    exit 2
fi
target=$1
seconds=$2
limits=(-V "$seconds")
if [ $# -eq 3 ]; then
    limits+=(-E "$3")
fi
seeds=seeds/$target
out=out/$target

if ! cargo afl --version >/dev/null 2>&1; then
    echo "cargo-afl is not installed: run \`cargo install cargo-afl\`" >&2
    exit 1
fi
nice -n 10 cargo afl build --release

# One seed per shipped data file: the first byte picks the file the rest
# replaces (0 facts.toml, 1 entities.toml, 2 predicates.toml, 3
# sources.toml, 4 the source text; see the targets), whole and, for the
# TOML files, cut short. (A cut source text is left out: every quote it
# loses costs a "closest passage" hint, and loading takes seconds.)
data_seeds() {
    local i=0 file
    for file in facts.toml entities.toml predicates.toml sources.toml \
        sources/asia-times-putin-taliban.txt; do
        { printf "\\x$(printf %02x "$i")"; cat "../data/$file"; } >"$seeds/$i-whole"
        if [[ $file == *.toml ]]; then
            { printf "\\x$(printf %02x "$i")"; head -c 1500 "../data/$file"; } >"$seeds/$i-start"
        fi
        i=$((i + 1))
    done
}

# Signature inputs: [mode][timestamp length][signature length] timestamp
# signature body (see src/bin/signature.rs).
signature_seeds() {
    local body sig
    body=$(cat seeds/interaction_json/ping.json)
    sig=$(printf '%0128d' 0)
    printf '\x00\x0a\x80%s%s%s' 1750000000 "$sig" "$body" >"$seeds/forged"
    printf '\x01\x0a\x04%s\x00+\x10A%s' 1750000000 "$body" >"$seeds/edited"
    printf '\x81\x14\x00%s%s' 18446744073709551615 "$body" >"$seeds/huge-timestamp"
    printf '\x01\x0b\x00 1749999700{}' >"$seeds/spaced"
}

if [ ! -d "$seeds" ]; then
    mkdir -p "$seeds"
    case $target in
        data_file | upload) data_seeds ;;
        signature) signature_seeds ;;
        *)
            echo "no seeds for $target in $seeds (they are committed; restore them)" >&2
            exit 1
            ;;
    esac
fi

dicts=()
case $target in
    data_file | upload | config) dicts=(-x dicts/toml.dict) ;;
    interaction_json) dicts=(-x dicts/json.dict) ;;
    console_line | ask_question) dicts=(-x dicts/console.dict) ;;
esac

mkdir -p "$out"
# A campaign resumes where the last one stopped when there is one.
input=$seeds
if [ -f "$out/default/fuzzer_stats" ]; then
    input=-
fi
AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 \
    nice -n 10 cargo afl fuzz -i "$input" -o "$out" "${dicts[@]}" "${limits[@]}" \
    "target/release/$target"

echo "== $target: $out/default/fuzzer_stats"
grep -E '^(run_time|execs_done|execs_per_sec|bitmap_cvg|saved_crashes|saved_hangs) ' \
    "$out/default/fuzzer_stats"
